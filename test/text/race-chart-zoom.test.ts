// Tests for the zoomed race chart: the contested band, evenly spaced ticks, the focused line on top, hidden lines named.
import {describe, expect, it} from 'vitest';
import {renderRaceChart, renderRaceChartWithVisibility} from '../../source/text/race-chart.js';
import {zoomedAxis} from '../../source/text/chart-axes.js';

const ansi = /\u001B\[[0-9;]*m/g;
const plain = (text: string) => text.replaceAll(ansi, '');

function rising(length: number, from: number, to: number): number[] {
	return Array.from({length}, (_, index) => from + ((to - from) * index) / Math.max(1, length - 1));
}

/** Rows (0 = top) of the plot that carry a tick label, with the label's value in points. */
function tickRows(chart: string): Array<[row: number, points: number]> {
	return plain(chart)
		.split('\n')
		.map((line, row) => [row, /^ *(\d+)% ┤/.exec(line)?.[1]] as const)
		.filter((item): item is readonly [number, string] => item[1] !== undefined)
		.map(([row, points]) => [row, Number(points)]);
}

describe('zoomed race chart', () => {
	// A race at 89–94 % after a start at 70 %: the band, not the start, gets the rows.
	const series = [
		{label: 'supervised', values: [0.7, ...rising(19, 0.89, 0.91)]},
		{label: 'semi', values: [0.7, ...rising(19, 0.9, 0.94)]},
	];

	it('keeps a race\'s first epochs in the band: the latest half only once a series has 8 epochs', () => {
		// The tester's quick race at 0:09: 78, 82, 87, 88 % sat flat on an 88 % bottom row.
		const early = zoomedAxis([[0.7815, 0.8195, 0.8662, 0.8827]], 12);
		expect(early.floor).toBeLessThanOrEqual(0.78);
		const later = zoomedAxis([[0.7815, 0.8195, 0.8662, 0.8827, 0.89, 0.9, 0.905, 0.91]], 12);
		expect(later.floor).toBeGreaterThan(0.8);
	});

	it('marks with ▼ on the bottom row where a line is below the zoomed band, not a flat line at its bottom tick', () => {
		// The 70 % start is below the band: its column's bottom cell is ▼, the band's columns are not.
		const lines = plain(renderRaceChart(series, {width: 60, height: 16, color: false, totalEpochs: 20, zoom: true})).split('\n');
		const bottom = lines.findLast(line => line.includes('┤') || line.includes('┼'))!;
		const plot = bottom.slice(bottom.search(/[┤┼]/) + 1);
		// Supervised's first epochs (70 %, then 89 %) are below the 90 % bottom: a run of ▼ from the start, then the lines.
		expect(plot).toMatch(/^▼+[^▼]+$/);
		// Full range: nothing is below, nothing marked.
		expect(plain(renderRaceChart(series, {width: 60, height: 16, color: false, totalEpochs: 20}))).not.toContain('▼');
	});

	it('spans the contested band with evenly spaced ticks on a finer step than the full range', () => {
		const zoomed = renderRaceChart(series, {width: 60, height: 16, color: false, totalEpochs: 20, zoom: true});
		const ticks = tickRows(zoomed);
		const values = ticks.map(([, points]) => points);
		// The band from the latest halves' lowest (90 %) to the highest (94 %) is inside the axis, the 70 % start is not.
		expect(Math.min(...values)).toBeGreaterThan(70);
		expect(Math.min(...values)).toBeLessThanOrEqual(90);
		expect(Math.max(...values)).toBeGreaterThanOrEqual(94);
		const rowGaps = new Set(ticks.slice(1).map(([row], index) => ticks[index]![0] - row));
		const stepGaps = new Set(ticks.slice(1).map(([, points], index) => points - ticks[index]![1]));
		expect(rowGaps.size).toBe(1);
		expect(stepGaps.size).toBe(1);
		const zoomStep = Math.abs([...stepGaps][0]!);
		const full = tickRows(renderRaceChart(series, {width: 60, height: 16, color: false, totalEpochs: 20}));
		const fullStep = Math.min(...full.slice(1).map(([, points], index) => Math.abs(points - full[index]![1])));
		expect(zoomStep).toBeLessThan(fullStep);
	});

	it('keeps ticks at least two rows apart and the axis at or under 100 %', () => {
		for (const rows of [5, 8, 13, 21]) {
			const axis = zoomedAxis([[0.97, 0.985, 0.99]], rows);
			expect(axis.rowsPerStep).toBeGreaterThanOrEqual(2);
			expect(axis.steps * axis.rowsPerStep).toBeLessThanOrEqual(rows - 1);
			expect(axis.floor + axis.steps * axis.step).toBeLessThanOrEqual(1 + 1e-9);
		}
	});

	it('draws the focused line on top and names the line it hides', () => {
		const same = [
			{label: 'a', values: rising(20, 0.9, 0.95)},
			{label: 'b', values: rising(20, 0.9, 0.95)},
		];
		const options = {width: 50, height: 12, color: false, totalEpochs: 20, zoom: true, legend: false};
		// Series 1 draws ━ (its glyph), series 0 ─: whichever is focused is the one seen.
		const focus0 = renderRaceChartWithVisibility(same, {...options, focus: 0});
		const focus1 = renderRaceChartWithVisibility(same, {...options, focus: 1});
		expect(plain(focus0.text)).not.toContain('━');
		expect(plain(focus1.text)).toContain('━');
		expect(focus0.visibility[1]).toMatchObject({covered: focus0.visibility[1]!.drawn, under: 0});
		expect(focus1.visibility[0]).toMatchObject({under: 1});
		expect(focus1.visibility[1]!.covered).toBe(0);
	});

	it('dims only overlapped cells of the lines not focused', () => {
		const crossing = [
			{label: 'a', values: rising(20, 0.9, 0.95)},
			{label: 'b', values: rising(20, 0.9, 0.95)},
			{label: 'c', values: rising(20, 0.95, 0.9)},
		];
		const text = renderRaceChart(crossing, {width: 50, height: 12, color: true, totalEpochs: 20, zoom: true, focus: 2});
		expect(text).toContain('\u001B[2m');
		const alone = renderRaceChart(crossing.slice(2), {width: 50, height: 12, color: true, totalEpochs: 20, zoom: true, focus: 0});
		expect(alone).not.toContain('\u001B[2m');
	});
});
