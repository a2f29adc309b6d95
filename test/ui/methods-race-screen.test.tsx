// The five-contender `methods` race as a reader meets it at 100×30 (the chart 60 columns wide): every name whole,
// who shares the warm-up line, the leader's lead over sup+aug beside its gap, every line's latest point on top, and
// the help in two pages. Each expectation answers a confusion of the reading tests (issue 19).
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {renderRaceChart} from '../../source/text/race-chart.js';
import {contenderStyle} from '../../source/text/contender-style.js';
import {fairNote, sharedNote} from '../../source/ui/chart-notes.js';
import {AccuracyChart} from '../../source/ui/panels/accuracy-chart.js';
import {Header} from '../../source/ui/panels/header.js';
import {helpPages} from '../../source/ui/panels/help-overlay.js';
import {methodsRaceState} from '../fixtures/methods-race.js';
import {App, dashboardLayout, type AppProps} from '../../source/ui/app.js';
import {shortNames} from '../../source/ui/contender-lines.js';
import {cleanupSized, columnsOf, plainLines, renderSized} from './render-sized.js';

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

	it("ranks the methods by their gap, the caption's leader first, then the supervised contenders", async () => {
		const {legendEntries} = await import('../../source/ui/contender-lines.js');
		const order = legendEntries(state).map(entry => state.contenders[entry.index]!.name);
		// By latest accuracy the finished sup+aug (■93.9 %) stood second, above methods still running.
		expect(order).toEqual(['Lee 2013', 'FlexMatch', 'self-training', 'sup+aug', 'supervised']);
		const chart = frame(<AccuracyChart state={state} width={60} height={17} color={false} />);
		expect(chart[0]).toContain('Lee 2013');
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
			// Zoomed (the default), epochs 1–4 (plot columns 0–8) are below the band: ▼ on the bottom row, where a flat
			// line once read as the bottom tick's accuracy. Where the shared line enters the band (columns 9–11, before
			// any other line leaves it), its own glyph.
			const bottom = plot.at(-1)!;
			expect(bottom.slice(6, 15), `focus ${focusIndex}`).toMatch(/^▼+$/);
			expect(bottom.slice(15, 18), `focus ${focusIndex}`).toBe('───');
			expect(chart.join('\n')).toContain('one line ──');
			// The marks are said under the chart.
			expect(chart.join('\n')).toMatch(/▼( below|:)/);
		}

		// Full range: nothing below, no mark, no note of it.
		expect(frame(<AccuracyChart state={state} width={60} height={17} color={false} fullRange />).join('\n')).not.toContain('▼');
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

describe('the methods race at 80×24', () => {
	afterEach(cleanupSized);
	const appFrame = (props: Partial<AppProps> = {}) => {
		const appProps: AppProps = {state, width: 80, height: 24, elapsedSeconds: 60, paused: false, helpVisible: false, presetName: 'methods', presetIndex: 4, presetCount: 18, focusIndex: 2, color: false, ...props};
		return plainLines(renderSized(<App {...appProps} />, {columns: appProps.width, rows: appProps.height}).lastFrame());
	};

	it('fits 80×23 and gives the chart the height: the tiles move beside it, under the pseudo-label panel', () => {
		const lines = appFrame();
		expect(lines.length).toBeLessThanOrEqual(23);
		for (const line of lines) expect(columnsOf(line), line).toBeLessThanOrEqual(80);
		// Plot rows between the caption (under the two header lines) and the x axis: 4 with the tiles under the chart.
		const axis = lines.findIndex(line => line.includes('└┬'));
		expect(axis - 3).toBeGreaterThanOrEqual(10);
		expect(dashboardLayout(80, 24, false, 5).tilesBeside).toBe(true);
		// The tutorial's two contenders keep their row of tiles across; 100×30 keeps its layout.
		expect(dashboardLayout(80, 24, false, 2).tilesBeside).toBe(false);
		const medium = dashboardLayout(100, 30, false, 5);
		expect(medium.tilesBeside).toBe(false);
		expect(medium.chart.height).toBe(16);
		expect(medium.digits.width).toBe(100);
		// Own data's extra line at 80×24: the chart no longer shrinks to a 10-line strip.
		expect(dashboardLayout(80, 24, true, 4).chart.height).toBeGreaterThanOrEqual(15);
	});

	it('names every contender so it can be told apart: whole in the legend, never a stub like "supe…" in the header', () => {
		const lines = appFrame();
		const legend = lines.filter(line => /^(──|━━|══|┄┄|┅┅) /.test(line)).join('  ');
		for (const [index, contender] of state.contenders.entries()) {
			expect(legend, contender.name).toContain(`${contenderStyle(index).glyph} ${contender.name} `);
		}

		const header = lines[1]!;
		expect(header).not.toContain('…');
		for (const name of ['supervised', 'sup+aug', 'self-train', 'Lee 2013', 'FlexMatch']) expect(header).toContain(name);
		// Each contender's short form is an abbreviation people use, not a cut.
		for (const max of [12, 10, 9, 8, 7]) {
			for (const form of shortNames(state.contenders, max)) expect(form, `${max}: ${form}`).not.toContain('…');
		}
	});

	it('keeps the help and every key it lists within 80×24', () => {
		const pages = helpPages(80, 22, state, {index: 4, count: 18});
		for (const [index, page] of pages.entries()) {
			expect(page.length).toBeLessThanOrEqual(22);
			const lines = appFrame({helpVisible: true, helpPage: index});
			expect(lines.length).toBeLessThanOrEqual(23);
			for (const line of lines) expect(columnsOf(line), line).toBeLessThanOrEqual(80);
			const keys = lines.join(' ').replaceAll(/\s+/g, ' ');
			for (const key of ['Tab focus', '←/→ preset', '1-9 jump', 'space pause', 'r restart', 's save', 'z zoom', 'x epochs/images', 'Esc close', 'q quit']) expect(keys, key).toContain(key);
			expect(lines.at(-1)).toMatch(/q quit$/);
		}
	});
});
