/** The race chart: test accuracy per epoch of every run as one text line chart that fits a given box. */
import asciichart from 'asciichart';
import {ansiDefaultForeground, contenderStyle} from './contender-style.js';

/** One line of the chart: a run's test accuracy (0..1) after each epoch, epoch 1 first. */
export interface ChartSeries {
	label: string;
	values: number[];
}

/** Size and style of the chart. `width` × `height` is the whole block: plot, axes and legend. */
export interface RaceChartOptions {
	/** Columns available; every line is at most this long (minimum useful: 16). */
	width: number;
	/** Lines available; the result has exactly this many lines when height ≥ 4. */
	height: number;
	/** Wrap each series in an ANSI foreground color. Glyphs differ per series either way. */
	color: boolean;
	/** Epoch budget of the race: the x-axis spans it from the start, so the lines grow to the right. */
	totalEpochs?: number;
	/** Draw the one-line legend under the axis (default); callers with their own legend turn it off. */
	legend?: boolean;
	/** Style index of each series (default: its position), so a contender keeps its glyph when others are filtered. */
	styles?: number[];
}

const defaultForeground = ansiDefaultForeground;
/** "100% ┤": four label columns, a space and the axis. */
const yLabelWidth = 4;
const prefixWidth = yLabelWidth + 2;

function glyphSet(index: number) {
	const style = contenderStyle(index);
	return {symbols: style.symbols, legend: style.glyph, color: style.ansi};
}

/** Replaces non-finite values by their nearest finite neighbour (asciichart throws on NaN) and clamps to 0..1. */
function sanitized(values: number[]): number[] {
	const firstFinite = values.find(value => Number.isFinite(value));
	if (firstFinite === undefined) {
		return [];
	}

	let previous = firstFinite;
	return values.map(value => {
		if (Number.isFinite(value)) {
			previous = value;
		}

		return Math.min(1, Math.max(0, previous));
	});
}

/**
 * One value per plot column, for the columns the series has reached. Short races are stretched by linear
 * interpolation between epochs; long ones are averaged into one bucket per column, so nothing is cut.
 */
function columnValues(values: number[], totalEpochs: number, columns: number): number[] {
	const result: number[] = [];
	if (values.length === 0) {
		return result;
	}

	if (totalEpochs <= columns) {
		const epochsPerColumn = totalEpochs === 1 || columns === 1 ? 0 : (totalEpochs - 1) / (columns - 1);
		for (let column = 0; column < columns; column++) {
			const position = column * epochsPerColumn;
			if (position > values.length - 1 + 1e-9) {
				break;
			}

			const left = Math.floor(position);
			const right = Math.min(left + 1, values.length - 1);
			const fraction = position - left;
			result.push(values[left] * (1 - fraction) + values[right] * fraction);
			if (epochsPerColumn === 0) {
				break;
			}
		}

		return result;
	}

	for (let column = 0; column < columns; column++) {
		const start = Math.floor((column * totalEpochs) / columns);
		const end = Math.min(Math.floor(((column + 1) * totalEpochs) / columns), values.length);
		if (start >= end) {
			break;
		}

		let sum = 0;
		for (let index = start; index < end; index++) {
			sum += values[index];
		}

		result.push(sum / (end - start));
	}

	return result;
}

/** Plot column where epoch `epoch` (1-based) is drawn; mirrors columnValues. */
function columnOfEpoch(epoch: number, totalEpochs: number, columns: number): number {
	if (totalEpochs <= columns) {
		return totalEpochs === 1 ? 0 : Math.round(((epoch - 1) * (columns - 1)) / (totalEpochs - 1));
	}

	return Math.floor(((epoch - 1) * columns) / totalEpochs);
}

/** Lower bound of the y-axis: the lowest accuracy rounded down to 10 %, so the scale only moves in big steps. */
export function chartFloor(series: number[][]): number {
	let lowest = Number.POSITIVE_INFINITY;
	for (const values of series) {
		for (const value of values) {
			lowest = Math.min(lowest, value);
		}
	}

	if (!Number.isFinite(lowest)) {
		return 0;
	}

	return Math.min(0.9, Math.max(0, Math.floor(lowest * 10 + 1e-9) / 10));
}

/** Rows (0 = top) that get a percentage label. */
function yTicks(floor: number, rows: number): Map<number, string> {
	const ticks = new Map<number, string>();
	const rowOf = (value: number) => Math.round(((1 - value) / (1 - floor)) * (rows - 1));
	const label = (value: number) => `${Math.round(value * 100)}%`.padStart(yLabelWidth);
	ticks.set(0, label(1));
	ticks.set(rows - 1, label(floor));
	const rowsPerPoint = (rows - 1) / ((1 - floor) * 100);
	const step = [1, 2, 5, 10, 20, 25, 50].find(points => points * rowsPerPoint >= 2) ?? 50;
	for (let points = 100 - step; points > floor * 100 + 1e-9; points -= step) {
		const row = rowOf(points / 100);
		const crowded = [...ticks.keys()].some(existing => Math.abs(existing - row) < 2);
		if (!crowded) {
			ticks.set(row, label(points / 100));
		}
	}

	return ticks;
}

/** Epoch ticks that fit under the plot without touching: [epoch, column]. */
function xTicks(totalEpochs: number, columns: number): Array<[number, number]> {
	const labelWidth = String(totalEpochs).length;
	const columnsPerEpoch = totalEpochs <= columns ? (columns - 1) / Math.max(1, totalEpochs - 1) : columns / totalEpochs;
	const steps = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000];
	// Ticks closer than ~6 columns read as noise, whatever the label width.
	const spacing = Math.max(labelWidth + 3, 6);
	const step = steps.find(candidate => candidate * columnsPerEpoch >= spacing) ?? Math.ceil(totalEpochs / 2);
	const ticks: Array<[number, number]> = [];
	let lastEnd = -1;
	const epochs = step === 1 ? [] : [1];
	for (let epoch = step; epoch <= totalEpochs; epoch += step) {
		epochs.push(epoch);
	}

	for (const epoch of epochs) {
		const column = columnOfEpoch(epoch, totalEpochs, columns);
		const width = String(epoch).length;
		const start = Math.min(column, columns - width);
		if (start <= lastEnd || start < 0) {
			continue;
		}

		// Epoch 1 yields to the first multiple of the step when their labels would nearly touch.
		const next = epochs[epochs.indexOf(epoch) + 1];
		if (epoch === 1 && next !== undefined && columnOfEpoch(next, totalEpochs, columns) - column < labelWidth + 2) {
			continue;
		}

		ticks.push([epoch, column]);
		lastEnd = start + width;
	}

	return ticks;
}

interface Cell {
	char: string;
	series: number;
}

/** Draws one series with asciichart on the shared scale and copies its line glyphs into the grid. */
function overlaySeries(grid: Cell[][], columns: number[], seriesIndex: number, rows: number): void {
	if (columns.length === 0) {
		return;
	}

	// The first value sits on asciichart's axis column; repeating it makes plot column 0 carry that value.
	const plotted = asciichart.plot([columns[0], ...columns], {
		min: 0,
		max: rows - 1,
		height: rows - 1,
		offset: 1,
		format: () => ' ',
		symbols: glyphSet(seriesIndex).symbols,
	});
	const lines = plotted.split('\n');
	for (let row = 0; row < rows; row++) {
		const chars = [...(lines[row] ?? '')];
		for (let column = 0; column < columns.length; column++) {
			const char = chars[column + 1];
			if (char !== undefined && char !== ' ') {
				grid[row][column] = {char, series: seriesIndex};
			}
		}
	}
}

function renderCells(cells: Cell[], color: boolean): string {
	let text = '';
	let open = -1;
	for (const cell of cells) {
		const wanted = color && cell.char !== ' ' ? cell.series : -1;
		if (wanted !== open) {
			if (open !== -1) {
				text += defaultForeground;
			}

			if (wanted !== -1) {
				text += glyphSet(wanted).color;
			}

			open = wanted;
		}

		text += cell.char;
	}

	if (open !== -1) {
		text += defaultForeground;
	}

	return text.trimEnd();
}

function legendLine(series: ChartSeries[], width: number, color: boolean): string {
	const entry = (index: number, label: string) => {
		const {legend, color: code} = glyphSet(index);
		return {text: `${legend} ${label}`, shown: color ? `${code}${legend}${defaultForeground} ${label}` : `${legend} ${label}`};
	};

	// Under the plot when it fits, else from the left edge, and only then with shortened labels.
	for (const maxLabel of [Number.POSITIVE_INFINITY, 12, 6, 1]) {
		const entries = series.map((item, index) => entry(index, item.label.slice(0, maxLabel)));
		const plain = entries.map(item => item.text).join('  ');
		for (const indent of [prefixWidth, 0]) {
			if (plain.length <= width - indent || (maxLabel === 1 && indent === 0)) {
				return ' '.repeat(indent) + entries.map(item => item.shown).join('  ');
			}
		}
	}

	return '';
}

/**
 * Renders the race as a text line chart: y in percent (from the lowest accuracy rounded down to 10 % up to 100 %),
 * x in epochs over the whole race, one glyph style per series (── ━━ ══) so it reads without color.
 */
export function renderRaceChart(series: ChartSeries[], options: RaceChartOptions): string {
	const width = Math.max(prefixWidth + 2, Math.floor(options.width));
	const height = Math.max(4, Math.floor(options.height));
	const clean = series.map(item => ({label: item.label, values: sanitized(item.values)}));
	const longest = Math.max(1, ...clean.map(item => item.values.length));
	const totalEpochs = Math.max(longest, Math.floor(options.totalEpochs ?? 0));
	const plotColumns = width - prefixWidth;
	const withAxisLine = height >= 6;
	const rows = height - (withAxisLine ? 2 : 1) - (options.legend === false ? 0 : 1);

	const floor = chartFloor(clean.map(item => item.values));
	const toRows = (value: number) => ((value - floor) / (1 - floor)) * (rows - 1);
	const grid: Cell[][] = Array.from({length: rows}, () =>
		Array.from({length: plotColumns}, () => ({char: ' ', series: -1})),
	);
	for (const [index, item] of clean.entries()) {
		const columns = columnValues(item.values, totalEpochs, plotColumns).map(value =>
			Math.min(rows - 1, Math.max(0, toRows(value))),
		);
		overlaySeries(grid, columns, options.styles?.[index] ?? index, rows);
	}

	const ticks = yTicks(floor, rows);
	const lines = grid.map((cells, row) => {
		const label = ticks.get(row);
		const prefix = label === undefined ? `${' '.repeat(yLabelWidth)} │` : `${label} ┤`;
		return prefix + renderCells(cells, options.color);
	});

	const epochTicks = xTicks(totalEpochs, plotColumns);
	if (withAxisLine) {
		const axis = Array.from({length: plotColumns}, () => '─');
		for (const [, column] of epochTicks) {
			axis[column] = '┬';
		}

		lines.push(`${' '.repeat(yLabelWidth)} └${axis.join('')}`);
	}

	const tickLabels = Array.from({length: plotColumns}, () => ' ');
	for (const [epoch, column] of epochTicks) {
		const text = String(epoch);
		const start = Math.min(column, plotColumns - text.length);
		for (const [offset, char] of [...text].entries()) {
			tickLabels[start + offset] = char;
		}
	}

	lines.push(`epoch ${tickLabels.join('')}`.trimEnd());
	if (options.legend !== false) lines.push(legendLine(clean, width, options.color));
	return lines.join('\n');
}
