// The five-contender `methods` race as a reader meets it at 100×30 (the chart 60 columns wide): every name whole,
// who shares the warm-up line, the leader's lead over sup+aug beside its gap, every line's latest point on top, and
// the help in two pages. Each expectation answers a confusion of the reading tests (issue 19).
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {renderRaceChart} from '../../source/text/race-chart.js';
import {contenderStyle} from '../../source/text/contender-style.js';
import {fairNote, sharedNote} from '../../source/ui/chart-notes.js';
import {AccuracyChart} from '../../source/ui/panels/accuracy-chart.js';
import {Header} from '../../source/ui/panels/header.js';
import {helpPages} from '../../source/ui/panels/help-overlay.js';
import {methodsRaceState} from '../fixtures/methods-race.js';
import {plainLines} from './render-sized.js';

const state = methodsRaceState();
const frame = (tree: React.ReactElement) => plainLines(render(tree).lastFrame() ?? '');

describe('the methods race at 100×30', () => {
	it('names every contender whole in the header and the legend', () => {
		const header = frame(<Header state={state} width={100} elapsedSeconds={60} presetName="methods" presetIndex={4} presetCount={17} focusIndex={2} />).join('\n');
		const chart = frame(<AccuracyChart state={state} width={60} height={17} color={false} focusIndex={2} />);
		const legend = chart.filter(line => /\d%/.test(line) && !/┤/.test(line)).join('\n');
		for (const contender of state.contenders) {
			expect(header, contender.name).toContain(contender.name);
			expect(legend, contender.name).toContain(`${contenderStyle(state.contenders.indexOf(contender)).glyph} ${contender.name} `);
		}

		expect(header).not.toContain('…');
		// A finished contender's number is its final one (■, as in the header), from a later epoch than a running one's.
		expect(legend).toMatch(/sup\+aug ■\d+\.\d%/);
		expect(legend).toMatch(/Lee 2013 \d+\.\d%/);
		// Progress keeps its numbers: the rounds' r1 and each plan.
		expect(header).toMatch(/self-training r1 19\/30 +Lee 2013 15\/25 +FlexMatch 13\/25/);
	});

	it('says who shares the warm-up line, by name, even when short of room', () => {
		const variants = sharedNote(state)!;
		const fitting = variants.find(variant => variant.length <= 60);
		expect(fitting).toBe('ep 1–10: all but sup+aug one line ──; self-training to 15');
		// Wider: every name.
		expect(variants[0]).toBe('epochs 1–10: one line for supervised, self-training, Lee 2013, FlexMatch (the same warm-up); self-training to 15');
	});

	it("puts the leader's lead over sup+aug beside its gap, both at the same epoch", () => {
		const chart = frame(<AccuracyChart state={state} width={60} height={17} color={false} />);
		const lee = state.contenders.find(contender => contender.id === 'lee')!;
		const fair = state.contenders.find(contender => contender.id === 'sup-aug')!;
		const supervised = state.contenders.find(contender => contender.id === 'supervised')!;
		const best = (values: number[]) => Math.max(...values.slice(0, 15));
		const at15 = lee.epochs[14]!.testAccuracy;
		const points = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(1)}`;
		expect(chart[0]).toContain(`Lee 2013 ${points(at15 - best(supervised.epochs.map(point => point.testAccuracy)))} vs sup., ${points(at15 - best(fair.epochs.map(point => point.testAccuracy)))} vs sup+aug (ep 15)`);
		// Every augmenting method against sup+aug, the one not augmenting (self-training) left out.
		expect(fairNote(state)![0]).toMatch(/^vs sup\+aug \(same augmentation\) by the same epoch: Lee 2013 \+\d\.\d, FlexMatch \+\d\.\d$/);
	});

	it('draws the shared warm-up in the glyph the note names, whoever is focused (the baseline too)', () => {
		for (const focusIndex of [0, 2, 3, 4]) {
			const chart = frame(<AccuracyChart state={state} width={60} height={17} color={false} focusIndex={focusIndex} />);
			const plot = chart.filter(line => line.includes('┤') || /^ {5}│/.test(line));
			// The first epochs (plot columns 0–8, epochs 1–4), where only the shared line runs.
			const early = plot.map(line => line.slice(6, 15)).join('');
			expect(early, `focus ${focusIndex}`).toContain('─');
			expect(early, `focus ${focusIndex}`).not.toMatch(/[┄┅━═]/);
			expect(chart.join('\n')).toContain('one line ──');
		}
	});

	it('keeps the help to two pages', () => {
		expect(helpPages(100, 28, state)).toHaveLength(2);
	});
});

describe("a line's latest point", () => {
	it('is drawn on top, so a line that has just left a shared stretch is seen even under a later line', () => {
		// Series 0 ends where series 1, drawn after it, passes: without heads drawn last its one cell is covered.
		const series = [{label: 'early', values: [0.9, 0.9, 0.9, 0.95]}, {label: 'late', values: [0.9, 0.9, 0.9, 0.95, 0.95, 0.95]}];
		const chart = renderRaceChart(series, {width: 30, height: 10, color: false, totalEpochs: 6, legend: false, drawOrder: [0, 1]});
		const plot = chart.split('\n').filter(line => line.includes('┤') || line.includes('│'));
		const early = contenderStyle(0).glyph[0]!;
		// The early series' corner (solid style: ╭ or ╯) sits in the plot where the late series' (━ style: ┏ ┛) would be.
		expect(plot.some(line => /[╭╯]/.test(line)), plot.join('\n')).toBe(true);
		expect(early).toBe('─');
	});
});
