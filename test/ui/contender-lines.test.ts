// Tests for the contenders on screen: the legend (best first, crashed last, gaps to the baseline, names that stay
// distinct when cut), its layout, each contender's glyph in the chart, and the header's one-line status.
import {render} from 'ink-testing-library';
import {createElement} from 'react';
import {describe, expect, it} from 'vitest';
import {resolveRace, type ContenderEntry} from '../../source/config/contenders.js';
import type {RaceEvent} from '../../source/race/race-events.js';
import {baselineOf, latestAccuracy, reduceRace, type RaceState} from '../../source/race/race-state.js';
import {contenderStyle} from '../../source/text/contender-style.js';
import {formatPercent, formatPoints} from '../../source/text/format.js';
import {layoutLegend, legendEntries, shortNames, statusLine, statusParts} from '../../source/ui/contender-lines.js';
import {shortForms} from '../../source/text/short-names.js';
import {AccuracyChart} from '../../source/ui/panels/accuracy-chart.js';
import {
	contenderOf,
	emptyRaceEvents,
	fourContenderEvents,
	midRaceEvents,
	raceStateFrom,
	startEvent,
} from '../fixtures/race-events.js';
import {columnsOf, plainLines} from './render-sized.js';

const four = raceStateFrom(fourContenderEvents());

/** The contender id of a legend entry. */
function idsOf(state: RaceState, entries: Array<{index: number}>): string[] {
	return entries.map(entry => state.contenders[entry.index]!.id);
}

/** A legend line as the chart draws it without colour. */
function drawn(entries: Array<{index: number; text: string}>): string {
	return entries.map(entry => `${contenderStyle(entry.index).glyph} ${entry.text}`).join('  ');
}

function crash(state: RaceState, run: string): RaceState {
	return reduceRace(state, {type: 'error', run, message: 'boom'});
}

describe('legendEntries', () => {
	it('puts the best latest accuracy first', () => {
		const entries = legendEntries(four);
		expect(idsOf(four, entries)).toEqual(['t80', 't95', 't50', 'supervised']);
		const accuracies = entries.map(entry => latestAccuracy(four.contenders[entry.index]!)!);
		expect([...accuracies].sort((a, b) => b - a)).toEqual(accuracies);
		// Entries keep the contender's race position: its colour and glyph.
		for (const entry of entries) {
			expect(entry.text.startsWith(four.contenders[entry.index]!.name)).toBe(true);
		}
	});

	it('puts crashed contenders last, after those without an epoch yet', () => {
		const crashed = crash(four, 't80');
		const entries = legendEntries(crashed);
		expect(idsOf(crashed, entries)).toEqual(['t95', 't50', 'supervised', 't80']);
		expect(entries.at(-1)!.text).toBe('pseudo 0.80 ✗ crashed');
		expect(entries.at(-1)!.text).not.toMatch(/%/);

		const starting = raceStateFrom(fourContenderEvents(0));
		expect(legendEntries(starting).map(entry => entry.text)).toEqual(starting.contenders.map(contender => contender.name));
		const mixed = crash(starting, 't50');
		expect(idsOf(mixed, legendEntries(mixed))).toEqual(['supervised', 't80', 't95', 't50']);
	});

	it('shows the gap to supervised for every contender but the baseline', () => {
		const baseline = baselineOf(four)!;
		expect(baseline.id).toBe('supervised');
		const baselineAccuracy = latestAccuracy(baseline)!;
		for (const entry of legendEntries(four)) {
			const contender = four.contenders[entry.index]!;
			const accuracy = latestAccuracy(contender)!;
			if (contender === baseline) {
				expect(entry.text).toBe(`supervised ${formatPercent(accuracy)}`);
			} else {
				const gap = formatPoints(accuracy - baselineAccuracy).replace(' pts', '');
				expect(gap).toMatch(/^\+\d/);
				expect(entry.text).toBe(`${contender.name} ${formatPercent(accuracy)} ${gap}`);
			}
		}

		// Without a supervised contender there is nothing to measure against.
		const noBaseline = {...four, contenders: four.contenders.filter(contender => contender.method !== 'supervised')};
		for (const entry of legendEntries(noBaseline)) {
			expect(entry.text).toMatch(/\d%$/);
		}
	});

	it("cuts names to the shown names' own short forms, keeping similar names apart and never showing ids", () => {
		expect(shortForms(['pseudo 0.50', 'pseudo 0.80', 'pseudo 0.95'], 20)).toEqual(['pseudo 0.50', 'pseudo 0.80', 'pseudo 0.95']);
		// The word that differs survives the cut.
		expect(shortForms(['pseudo 0.50', 'pseudo 0.80', 'pseudo 0.95'], 10)).toEqual(['pseud…0.50', 'pseud…0.80', 'pseud…0.95']);
		expect(shortForms(['pseudo 0.50', 'pseudo 0.80', 'pseudo 0.95'], 7)).toEqual(['ps…0.50', 'ps…0.80', 'ps…0.95']);
		expect(shortForms(['pseudo 0.50', 'pseudo 0.80', 'pseudo 0.95'], 4)).toEqual(['p…50', 'p…80', 'p…95']);
		// Alone, a name keeps its first word or is cut at the end.
		expect(shortForms(['supervised', 'self-training', 'Lee 2013', 'FlexMatch'], 9)).toEqual(['supervis…', 'self-tra…', 'Lee 2013', 'FlexMatch']);
		expect(shortForms(['supervised', 'self-training', 'Lee 2013', 'FlexMatch'], 5)).toEqual(['supe…', 'self…', 'Lee', 'Flex…']);

		for (const maxName of [10, 7, 4]) {
			const names = legendEntries(four, maxName).map(entry => entry.text.replace(/ ■?\d+\.\d%.*$/, ''));
			expect(new Set(names).size, `max ${maxName}`).toBe(4);
			for (const name of names) {
				expect(name.length).toBeLessThanOrEqual(maxName);
				// Never the ids (t50, t80, t95), which the screen shows nowhere else.
				expect(name).not.toMatch(/^t\d\d$/);
			}
		}
	});
});

describe('layoutLegend', () => {
	it('keeps names whole, dropping the gaps and then taking one line more, before cutting names shorter', () => {
		const names = (lines: Array<Array<{text: string}>>) => lines.flat().map(entry => entry.text.replace(/ ■?\d+\.\d%.*$/, ''));
		// Wide enough: names whole or nearly, with their gaps.
		const wide = layoutLegend(four, 50, 2);
		expect(wide.flat().filter(entry => / [+−-]\d/.test(entry.text)).length).toBe(3);
		// 44 columns, two lines asked: names with gaps need more lines, so the gaps go (the accuracies stay) and the
		// names stay whole ("pse…0.80" beside "pse…0.95" was read as stubs).
		const narrow = layoutLegend(four, 44, 2);
		expect(narrow.length).toBeLessThanOrEqual(2);
		expect(names(narrow).sort()).toEqual(four.contenders.map(contender => contender.name).sort());
		expect(narrow.flat().every(entry => /\d%$/.test(entry.text))).toBe(true);
		// One line asked: 8-column names take a second line rather than shrinking to "p…80".
		const oneLine = layoutLegend(four, 40, 1);
		expect(oneLine.length).toBe(2);
		for (const name of names(oneLine)) expect(name.length).toBeGreaterThanOrEqual(8);
		// Only where even that does not fit do names get shorter.
		expect(Math.min(...names(layoutLegend(four, 30, 1)).map(name => name.length))).toBeLessThan(8);
	});

	it('fits its width and keeps every contender, taking more lines than asked only when even short forms do not fit', () => {
		for (const state of [four, crash(four, 't95'), raceStateFrom(midRaceEvents())]) {
			for (const width of [30, 46, 62, 80, 120]) {
				for (const maxLines of [1, 2]) {
					const lines = layoutLegend(state, width, maxLines);
					const label = `${state.contenders.length} contenders, ${width}×${maxLines}`;
					for (const line of lines) {
						expect(columnsOf(drawn(line)), label).toBeLessThanOrEqual(width);
					}

					const shown = lines.flat().map(entry => entry.index);
					expect(new Set(shown).size, label).toBe(shown.length);
					expect(shown.length, label).toBe(state.contenders.length);
					if (width >= 46 && (maxLines === 2 || width >= 80)) {
						expect(lines.length, label).toBeLessThanOrEqual(maxLines);
					}
				}
			}
		}
	});

	it("uses whole names when they fit and the names' short forms when they do not", () => {
		const wide = layoutLegend(four, 120, 1);
		expect(wide).toHaveLength(1);
		expect(drawn(wide[0]!)).toContain('pseudo 0.80');
		const name = (entry: {text: string}) => entry.text.replace(/ ■?\d+\.\d%.*$/, '');
		// Abbreviated as people do, with the gaps ("ps. 0.80", never "pse…0.80").
		const narrow = layoutLegend(four, 46, 2).flat();
		expect(narrow.map(entry => name(entry))).toEqual(['ps. 0.80', 'ps. 0.95', 'ps. 0.50', 'supervised']);
		expect(narrow.filter(entry => / [+−]\d\.\d$/.test(entry.text))).toHaveLength(3);
		// Whole names without the gaps before shorter ones without them.
		expect(layoutLegend(four, 44, 2).flat().map(entry => name(entry))).toEqual(['pseudo 0.80', 'pseudo 0.95', 'pseudo 0.50', 'supervised']);
		// Where even those need more lines than asked, shorter forms, still told apart.
		expect(layoutLegend(four, 36, 2).flat().map(entry => name(entry))).toEqual(['ps. 0.80', 'ps. 0.95', 'ps. 0.50', 'superv.']);
	});
});

/** A race of six contenders, each flat at its own accuracy, the first the supervised baseline. */
function sixContenderState(): RaceState {
	const entries: ContenderEntry[] = [
		{id: 'supervised', name: 'supervised', method: 'supervised', patch: {}},
		...[0.5, 0.6, 0.7, 0.8, 0.9].map((threshold): ContenderEntry => ({
			id: `t${threshold * 100}`,
			name: `pseudo ${threshold.toFixed(2)}`,
			method: 'pseudo-label',
			patch: {threshold},
		})),
	];
	const plan = resolveRace({}, entries);
	const events: RaceEvent[] = [startEvent(plan, 'six')];
	for (let epoch = 1; epoch <= 6; epoch++) {
		for (const [index, contender] of plan.contenders.entries()) {
			events.push({
				type: 'epoch',
				run: contender.id,
				epoch,
				phase: 'training',
				round: 0,
				testAccuracy: 0.42 + 0.1 * index,
				loss: 1,
				samplesPerSec: 1000,
				trainSize: 1000,
				seconds: 1,
			});
		}
	}

	return raceStateFrom(events);
}

describe('contender glyphs', () => {
	it('gives each of six contenders a distinct glyph and line', () => {
		const styles = Array.from({length: 6}, (_, index) => contenderStyle(index));
		expect(new Set(styles.map(style => style.glyph)).size).toBe(6);
		expect(new Set(styles.map(style => style.symbols[4])).size).toBe(6);
		expect(new Set(styles.map(style => style.ink)).size).toBe(6);
		// A steep climb is drawn with corners and verticals alone: those differ between the styles too (the dotted one
		// draws dots for all of them), so no two lines share a corner glyph.
		const corners = styles.flatMap(style => style.symbols.slice(5, 9));
		expect(new Set(corners.filter(symbol => symbol !== '·')).size).toBe(5 * 4);
		expect(new Set(styles.map(style => style.symbols[9])).size).toBe(6);
		// A seventh contender would repeat the first look.
		expect(contenderStyle(6)).toBe(contenderStyle(0));
	});

	it("draws contender i's legend entry behind contenderStyle(i).glyph in the chart", () => {
		const state = sixContenderState();
		expect(state.contenders).toHaveLength(6);
		const lines = plainLines(render(createElement(AccuracyChart, {state, width: 100, height: 24, color: false})).lastFrame() ?? '');
		const text = lines.join('\n');
		for (const [index, contender] of state.contenders.entries()) {
			const {glyph} = contenderStyle(index);
			expect(text, contender.id).toMatch(new RegExp(`${glyph} ${contender.name} ${formatPercent(latestAccuracy(contender))}`));
		}

		// Each flat line is drawn with its own horizontal symbol.
		// Plot rows only: below the caption, above the x axis (whose └──┬── would pass for the first style's line).
		const plot = lines.slice(1, lines.findIndex(line => line.includes('└')));
		expect(plot.length).toBeGreaterThan(6);
		for (let index = 0; index < 6; index++) {
			const horizontal = contenderStyle(index).symbols[4]!;
			expect(plot.some(line => line.includes(horizontal.repeat(3))), `line ${index} (${horizontal})`).toBe(true);
		}
	});

	it('keeps the tutorial look: supervised ── first, self-training ━━ second', () => {
		const text = plainLines(
			render(createElement(AccuracyChart, {state: raceStateFrom(emptyRaceEvents()), width: 62, height: 16, color: false})).lastFrame() ?? '',
		).join('\n');
		expect(text).toContain(`${contenderStyle(0).glyph} supervised`);
		expect(text).toContain(`${contenderStyle(1).glyph} self-training`);
	});
});

describe('statusLine', () => {
	it('gives every contender a part and fits the width, shortening all parts together', () => {
		for (const width of [60, 79, 99, 160]) {
			const parts = statusLine(four, width).map(part => part.name + part.rest);
			expect(parts).toHaveLength(4);
			expect(parts.join('  ').length + 1).toBeLessThanOrEqual(width);
			// Each part starts with its contender's name or its short form, the same length for all; all stay distinct.
			const names = [24, 12, 9, 8, 5, 3]
				.map(maxName => shortNames(four.contenders, maxName))
				.find(candidates => candidates.every((candidate, index) => parts[index]!.startsWith(`${candidate}:`) || parts[index]!.startsWith(`${candidate} `)));
			expect(names, `${width} columns: ${parts.join(' | ')}`).toBeDefined();
			expect(new Set(names).size, `${width} columns`).toBe(4);
		}

		const {name, rest} = statusParts(four.contenders[1]!, 0, 'pseudo 0.50');
		// Finished epochs (20), never the one training (21): the chart's last point and the panel's record.
		expect(four.contenders[1]!.currentEpoch).toBe(21);
		expect(name + rest).toContain('pseudo 0.50: round 1 of 1, 20 of 30 epochs');
		expect((({name, rest}) => name + rest)(statusLine(four, 200)[1]!)).toMatch(/^pseudo 0.50: round 1 of 1, 20 of 30 epochs/);
		expect((({name, rest}) => name + rest)(statusLine(four, 100)[1]!)).toMatch(/^pseudo 0.50:? r1 20\/30/);
	});
});
