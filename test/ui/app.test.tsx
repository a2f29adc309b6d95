// Tests for the dashboard screen: the layout arithmetic, and whole frames that fit every terminal size and race state.
import {afterEach, describe, expect, it} from 'vitest';
import {App, dashboardLayout, type AppProps} from '../../source/ui/app.js';
import {createRaceState, latestAccuracy} from '../../source/race/race-state.js';
import {shortNames} from '../../source/ui/contender-lines.js';
import {contenderStyle} from '../../source/text/contender-style.js';
import {formatPercent} from '../../source/text/format.js';
import {at} from '../fixtures/at.js';
import {
	contenderOf,
	crashedRaceEvents,
	emptyRaceEvents,
	finishedRaceEvents,
	fourContenderEvents,
	midRaceEvents,
	raceStateFrom,
	warmUpEvents,
} from '../fixtures/race-events.js';
import {cleanupSized, columnsOf, plainLines, renderSized} from './render-sized.js';

afterEach(cleanupSized);

const states = {
	beforeStart: createRaceState('tutorial'),
	empty: raceStateFrom(emptyRaceEvents()),
	warmUp: raceStateFrom(warmUpEvents()),
	mid: raceStateFrom(midRaceEvents()),
	finished: raceStateFrom(finishedRaceEvents()),
	crashed: raceStateFrom(crashedRaceEvents()),
	fourContenders: raceStateFrom(fourContenderEvents()),
};

function props(overrides: Partial<AppProps>): AppProps {
	return {
		state: states.mid,
		width: 80,
		height: 24,
		elapsedSeconds: 83,
		paused: false,
		helpVisible: false,
		presetName: 'tutorial',
		presetIndex: 0,
		presetCount: 6,
		// The tutorial's pseudo-labeling contender, as the dashboard focuses it first.
		focusIndex: 1,
		...overrides,
	};
}

function frameOf(appProps: AppProps): string[] {
	const {lastFrame, unmount} = renderSized(<App {...appProps} />, {columns: appProps.width, rows: appProps.height});
	const lines = plainLines(lastFrame());
	unmount();
	return lines;
}

describe('dashboardLayout', () => {
	it('uses exactly one line less than the terminal at 80×24', () => {
		const layout = dashboardLayout(80, 24);
		expect(layout.tooSmall).toBe(false);
		expect(layout.lines).toBe(23);
		expect(layout.header.height + layout.chart.height + layout.digits.height + layout.status.height).toBe(23);
		expect(layout.chart.height).toBe(layout.pseudoLabels.height);
		expect(layout.chart.width + layout.gap + layout.pseudoLabels.width).toBe(80);
		expect(layout.digits.perRow).toBeGreaterThanOrEqual(4);
		expect(layout.help.height).toBe(22);
	});

	it('gives larger terminals a wider chart and more digits', () => {
		const small = dashboardLayout(80, 24);
		const medium = dashboardLayout(100, 30);
		const large = dashboardLayout(160, 50);
		expect(medium.chart.width).toBeGreaterThan(small.chart.width);
		expect(medium.chart.height).toBeGreaterThan(small.chart.height);
		expect(medium.digits.perRow).toBeGreaterThan(small.digits.perRow);
		expect(large.digits.size).toBe('full');
		for (const layout of [small, medium, large]) {
			expect(layout.header.height + layout.chart.height + layout.digits.height + layout.status.height).toBeLessThanOrEqual(
				layout.lines,
			);
		}
	});

	it('is too small below 80×24', () => {
		expect(dashboardLayout(79, 24).tooSmall).toBe(true);
		expect(dashboardLayout(80, 23).tooSmall).toBe(true);
		expect(dashboardLayout(80, 24).tooSmall).toBe(false);
	});
});

describe('App', () => {
	const sizes: Array<[number, number]> = [
		[80, 24],
		[100, 30],
		[120, 40],
		[160, 50],
		[80, 40],
		[140, 24],
	];

	it('fits width × (height − 1) in every state, with help, pause and a notice', () => {
		for (const [width, height] of sizes) {
			for (const [name, state] of Object.entries(states)) {
				for (const extra of [{}, {helpVisible: true}, {paused: true, notice: 'saved runs/2026-11-25T05-12-00-tutorial/summary.md'}]) {
					const lines = frameOf(props({state, width, height, ...extra}));
					const label = `${name} at ${width}×${height} ${JSON.stringify(extra)}`;
					expect(lines.length, label).toBeLessThanOrEqual(height - 1);
					expect(Math.max(...lines.map(line => columnsOf(line))), label).toBeLessThanOrEqual(width);
					// Nothing was clipped at the bottom: the key hints close the frame.
					expect(lines.at(-1), label).toMatch(/ q( quit)?$/);
					if (!('helpVisible' in extra)) {
						expect(lines[0], label).toContain('pseudolabel-tui');
					}
				}
			}
		}
	}, 120_000);

	it('shows header, chart, pseudo-labels, digits and keys at 80×24', () => {
		const state = states.mid;
		const text = frameOf(props({state})).join('\n');
		expect(text).toContain('pseudolabel-tui');
		expect(text).toContain('tutorial (1/6)');
		expect(text).toContain(formatPercent(latestAccuracy(contenderOf(state, 'supervised'))));
		expect(text).toContain(formatPercent(latestAccuracy(contenderOf(state, 'semi'))));
		expect(text).toContain('Pseudo-labels · self-training');
		expect(text).toMatch(/right +[█▏▎▍▌▋▊▉·]+ +\d+\.\d%/);
		expect(text).toMatch(/WRONG\(\d\)/);
		expect(text).toContain('? help');
		expect(text).toContain('q quit');
	});

	it('shows every contender of a 4-contender race in the legend and the focused one in the panels at 80×24', () => {
		const state = states.fourContenders;
		const lines = frameOf(props({state, focusIndex: 1}));
		const text = lines.join('\n');
		// The two-line header of a short terminal keeps who shares the cores on its title line.
		expect(text).toMatch(/4 (contenders )?on 2 cores/);
		// Four legend entries, each behind its own contender's glyph, named by the name or its short form (never an id).
		const legend = lines.filter(line => /^(──|━━|══|┄┄) /.test(line)).join('  ');
		const names = [Number.POSITIVE_INFINITY, 14, 12, 10, 9, 8, 7, 6, 5, 4].map(maxName => shortNames(state.contenders, maxName));
		for (const [index, contender] of state.contenders.entries()) {
			const escaped = names.map(list => list[index]!.replaceAll('.', '\\.')).join('|');
			expect(legend, contender.id).toMatch(new RegExp(`${contenderStyle(index).glyph} (${escaped}) \\d`));
			if (contender.id !== contender.name) expect(legend, contender.id).not.toMatch(new RegExp(`${contenderStyle(index).glyph} ${contender.id} `));
		}

		expect(legend.match(/(──|━━|══|┄┄) /g)).toHaveLength(4);
		expect(text).toContain('Pseudo-labels · pseudo 0.50');
		expect(text).toContain('Round 1');
		expect(text).toContain(formatPercent(at(contenderOf(state, 't50').rounds, 0, 't50 round').acceptanceRate));

		const other = frameOf(props({state, focusIndex: 3})).join('\n');
		expect(other).toContain('Pseudo-labels · pseudo 0.95');
		expect(other).toContain(formatPercent(at(contenderOf(state, 't95').rounds, 0, 't95 round').acceptanceRate));
		expect(other).not.toContain('Pseudo-labels · pseudo 0.50');
		expect(other).not.toBe(text);

		// Focused on the baseline, the panels say there is nothing to show and how to move on.
		const baseline = frameOf(props({state, focusIndex: 0})).join('\n');
		expect(baseline).toContain('Pseudo-labels · supervised');
		expect(baseline).toContain('pseudo-labels to show');
		expect(baseline).toContain('never labels the');
	});

	it('replaces the panels with the help but keeps the keys', () => {
		const lines = frameOf(props({helpVisible: true}));
		const text = lines.join('\n');
		expect(text).toContain('What you are watching');
		expect(text).not.toContain('right    ██');
		expect(lines.at(-1)).toContain('q quit');
		// Where the help fits whole, the danger of confident mistakes is part of it; the closing key is on every page.
		const tall = frameOf(props({helpVisible: true, height: 60})).join('\n');
		expect(tall).toContain('confirmation bias');
		expect(tall.replaceAll(/\s+/g, ' ')).toContain('? or Esc close');
		expect(text.replaceAll(/\s+/g, ' ')).toMatch(/\? next page \(1\/\d\), Esc close/);
		const second = frameOf(props({helpVisible: true, helpPage: 1})).join('\n');
		expect(second).not.toContain('What you are watching');
		expect(second.replaceAll(/\s+/g, ' ')).toMatch(/\(2\/\d\)/);
	});

	it('says the terminal is too small below 80×24', () => {
		const text = frameOf(props({width: 79, height: 24})).join('\n');
		expect(text).toContain('terminal too small: need 80×24 (now 79×24)');
		const short = frameOf(props({width: 100, height: 20})).join('');
		expect(short).toContain('(now 100×20)');
	});
});
