// Tests for the race chart: fits its box, scales, survives empty and broken input, reads without color.
import {describe, expect, it} from 'vitest';
import {chartFloor} from '../../source/text/chart-axes.js';
import {renderRaceChart} from '../../source/text/race-chart.js';

const ansi = /\u001B\[[0-9;]*m/g;
const plain = (text: string) => text.replaceAll(ansi, '');

function rising(length: number, from: number, to: number): number[] {
	return Array.from({length}, (_, index) => from + ((to - from) * index) / Math.max(1, length - 1));
}

function expectFits(chart: string, width: number, height: number): void {
	const lines = plain(chart).split('\n');
	expect(lines).toHaveLength(height);
	for (const line of lines) {
		expect([...line].length).toBeLessThanOrEqual(width);
	}
}

describe('renderRaceChart', () => {
	it('fits width × height exactly for short, long and empty races', () => {
		const cases: Array<[number, number, number[][], number | undefined]> = [
			[70, 12, [rising(30, 0.8, 0.95), rising(30, 0.8, 0.97)], 30],
			[40, 8, [rising(3, 0.5, 0.6), rising(2, 0.5, 0.55)], 30],
			[60, 14, [rising(500, 0.1, 0.99), rising(480, 0.1, 0.98)], undefined],
			[50, 8, [[], []], 30],
			[20, 5, [rising(30, 0.8, 0.9), []], 30],
		];
		for (const [width, height, values, totalEpochs] of cases) {
			const chart = renderRaceChart(
				values.map((series, index) => ({label: index === 0 ? 'supervised' : 'pseudo-label', values: series})),
				{width, height, color: false, totalEpochs},
			);
			expectFits(chart, width, height);
		}
	});

	it('draws nothing in the plot for empty series but keeps axes, epochs and legend', () => {
		const chart = renderRaceChart(
			[
				{label: 'supervised', values: []},
				{label: 'pseudo-label', values: []},
			],
			{width: 50, height: 8, color: false, totalEpochs: 30},
		);
		const lines = chart.split('\n');
		expect(lines[0]).toMatch(/^100% ┤$/);
		expect(lines.at(-3)).toContain('└');
		expect(lines.at(-2)).toMatch(/^epoch 1 .* 30$/);
		expect(lines.at(-1)).toContain('── supervised');
		expect(lines.at(-1)).toContain('━━ pseudo-label');
		expect(lines.slice(0, -3).join('\n')).not.toMatch(/[─━╭╮╰╯┏┓┗┛]/);
	});

	it('plots a single point and ignores NaN without throwing', () => {
		const chart = renderRaceChart(
			[
				{label: 'supervised', values: [0.5]},
				{label: 'pseudo-label', values: [Number.NaN, 0.52, Number.POSITIVE_INFINITY]},
			],
			{width: 40, height: 8, color: false, totalEpochs: 10},
		);
		expectFits(chart, 40, 8);
		expect(chart).toContain('━');
		expect(chart).toContain('50%');
	});

	it('uses a different glyph per series, so both lines read without color', () => {
		const chart = renderRaceChart(
			[
				{label: 'supervised', values: rising(20, 0.6, 0.7)},
				{label: 'pseudo-label', values: rising(20, 0.8, 0.95)},
			],
			{width: 60, height: 12, color: false, totalEpochs: 20},
		);
		const plot = chart.split('\n').slice(0, 9).join('\n');
		expect(plot).toContain('─');
		expect(plot).toContain('━');
		expect(chart).not.toMatch(ansi);
	});

	it('puts the higher run above the lower one', () => {
		const chart = renderRaceChart(
			[
				{label: 'supervised', values: Array.from({length: 10}, () => 0.62)},
				{label: 'pseudo-label', values: Array.from({length: 10}, () => 0.91)},
			],
			{width: 40, height: 12, color: false, totalEpochs: 10},
		);
		const plotLines = chart.split('\n').slice(0, -3);
		const lines = chart.split('\n');
		const heavyRow = plotLines.findIndex(line => line.includes('━'));
		const lightRow = plotLines.findIndex(line => line.slice(6).includes('─'));
		expect(heavyRow).toBeGreaterThanOrEqual(0);
		expect(lightRow).toBeGreaterThan(heavyRow);
		expect(lines[0]).toMatch(/^100%/);
		expect(lines.find(line => line.startsWith(' 60%'))).toBeDefined();
	});

	it('covers the whole epoch budget from the start, so the line grows to the right', () => {
		const width = 66;
		const early = renderRaceChart([{label: 'supervised', values: rising(3, 0.7, 0.8)}], {
			width,
			height: 10,
			color: false,
			totalEpochs: 30,
		});
		const plotLines = early.split('\n').slice(0, 7);
		const rightmost = Math.max(...plotLines.map(line => line.trimEnd().length));
		expect(rightmost).toBeLessThan(width / 3);
		expect(early.split('\n').at(-2)).toMatch(/30$/);
	});

	it('resamples long races to the width instead of cutting them', () => {
		const values = [...Array.from({length: 300}, () => 0.5), ...Array.from({length: 300}, () => 0.95)];
		const chart = renderRaceChart([{label: 'supervised', values}], {width: 46, height: 10, color: false});
		const lines = chart.split('\n');
		expectFits(chart, 46, 10);
		// The step from 50 % to 95 % happens in the middle of the plot, not at its edge.
		expect(lines.at(-2)).toMatch(/ 600$/);
		const rising = lines.findIndex(line => /[╭╯]/.test(line));
		expect(rising).toBeGreaterThanOrEqual(0);
		const column = lines[rising]!.search(/[╭╯]/);
		expect(column).toBeGreaterThan(6 + 15);
		expect(column).toBeLessThan(6 + 25);
	});

	it('wraps series in color codes only when asked', () => {
		const series = [
			{label: 'supervised', values: rising(10, 0.8, 0.9)},
			{label: 'pseudo-label', values: rising(10, 0.8, 0.95)},
		];
		const colored = renderRaceChart(series, {width: 50, height: 10, color: true, totalEpochs: 10});
		const uncolored = renderRaceChart(series, {width: 50, height: 10, color: false, totalEpochs: 10});
		expect(colored).toMatch(ansi);
		expect(plain(colored)).toBe(uncolored);
	});
});

describe('chartFloor', () => {
	it('rounds the lowest accuracy down to 10 % and keeps at least a 10 % range', () => {
		expect(chartFloor([[0.87, 0.93], [0.91]])).toBeCloseTo(0.8);
		expect(chartFloor([[0.7]])).toBeCloseTo(0.7);
		expect(chartFloor([[0.999]])).toBeCloseTo(0.9);
		expect(chartFloor([[], []])).toBe(0);
		expect(chartFloor([[0.05]])).toBe(0);
	});
});
