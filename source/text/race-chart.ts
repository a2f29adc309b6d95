/**
 * The race chart: test accuracy per epoch of every run as one text line chart that fits a given box (its axes are
 * chart-axes.ts's).
 */
import asciichart from 'asciichart';
import {chartFloor, columnOfEpoch, evenTicks, xTicks, yLabelWidth, yTicks, zoomedAxis} from './chart-axes.js';
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
	/**
	 * Zoom the y-axis to the contested band (where the lines are now, not where they started) with evenly spaced
	 * ticks; off, it spans the lowest accuracy rounded down to 10 % up to 100 %.
	 */
	zoom?: boolean;
	/** Series drawn last, on top of the others; where others overlap each other they are dimmed (with color). */
	focus?: number;
	/** The others' drawing order, later on top (default: the last series first, so the first is on top). */
	drawOrder?: number[];
	/** What x counts, named under the axis in 6 columns or fewer (default "epoch"; the work-done chart: "images"). */
	xName?: string;
	/** An x tick's label (default the epoch number): the work-done chart turns a bucket into its images. */
	xLabel?: (x: number) => string;
	/** Marks on the x-axis line at x (1-based, in x's unit) for events that move a line: a labeling round, … */
	markers?: Array<{x: number; char: string}>;
	/**
	 * Per series, the first x (1-based) whose cells count in its visibility: the caller says the stretch before it in
	 * words (identical warm-ups), so only the rest tells whether another line hides this one; the focused series does
	 * not draw over the others' cells there.
	 */
	visibleFrom?: number[];
}

/** Where each series can be seen: the share of its drawn cells another line covers, and which line covers most. */
export interface ChartVisibility {
	index: number;
	drawn: number;
	covered: number;
	/** The series covering most of its cells, when any. */
	under?: number;
}

const defaultForeground = ansiDefaultForeground;
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
			result.push(values[left]! * (1 - fraction) + values[right]! * fraction);
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
			sum += values[index]!;
		}

		result.push(sum / (end - start));
	}

	return result;
}

/** What renderRaceChart last found about each series' visibility, by the series array it was given. */
const visibilityOf = new WeakMap<ChartSeries[], ChartVisibility[]>();

function visibility(drawnBy: Array<Set<number>>, grid: Cell[][], columns: number, styles: number[] | undefined, firstColumn: (index: number) => number): ChartVisibility[] {
	return drawnBy.map((all, index) => {
		const style = styles?.[index] ?? index;
		const coverers = new Map<number, number>();
		let covered = 0;
		const cells = [...all].filter(key => key % columns >= firstColumn(index));
		for (const key of cells) {
			const cell = grid[Math.floor(key / columns)]![key % columns]!;
			if (cell.series !== style) {
				covered++;
				coverers.set(cell.series, (coverers.get(cell.series) ?? 0) + 1);
			}
		}

		const top = [...coverers.entries()].sort((a, b) => b[1] - a[1])[0];
		const under = top === undefined ? undefined : (styles === undefined ? top[0] : styles.indexOf(top[0]));
		return {index, drawn: cells.length, covered, ...(under === undefined || under < 0 ? {} : {under})};
	}).filter(item => item !== undefined);
}

/**
 * Renders the chart and says how much of each series another line hides: the caption names lines that coincide.
 */
export function renderRaceChartWithVisibility(series: ChartSeries[], options: RaceChartOptions): {text: string; visibility: ChartVisibility[]} {
	const text = renderRaceChart(series, options);
	return {text, visibility: visibilityOf.get(series) ?? []};
}

/** On a zoomed chart's bottom row: the line is below the axis there. */
export const belowMark = '▼';

interface Cell {
	char: string;
	series: number;
}

/** Draws one series with asciichart on the shared scale and copies its line glyphs into the grid. */
function overlaySeries(
	grid: Cell[][],
	columns: number[],
	seriesIndex: number,
	rows: number,
	written = new Set<number>(),
	overlapped = new Set<number>(),
	keepBefore = 0,
	head: Array<{row: number; column: number; char: string}> = [],
): Set<number> {
	if (columns.length === 0) {
		return written;
	}

	// The first value sits on asciichart's axis column; repeating it makes plot column 0 carry that value.
	const plotted = asciichart.plot([columns[0]!, ...columns], {
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
				const cells = grid[row]!;
				if (column === columns.length - 1) head.push({row, column, char});
				if (column < keepBefore && cells[column]!.char !== ' ') continue;
				if (cells[column]!.char !== ' ') overlapped.add(row * cells.length + column);
				written.add(row * cells.length + column);
				cells[column] = {char, series: seriesIndex};
			}
		}
	}

	return written;
}

const dimOn = '\u001B[2m';
const dimOff = '\u001B[22m';

function renderCells(cells: Cell[], color: boolean, dimmed?: (column: number) => boolean): string {
	let text = '';
	let open = -1;
	let dim = false;
	for (const [column, cell] of cells.entries()) {
		const wanted = color && cell.char !== ' ' ? cell.series : -1;
		const wantDim = wanted !== -1 && dimmed !== undefined && dimmed(column);
		if (wanted !== open || wantDim !== dim) {
			if (dim) text += dimOff;
			if (open !== -1) {
				text += defaultForeground;
			}

			if (wanted !== -1) {
				text += glyphSet(wanted).color;
			}

			if (wantDim) text += dimOn;
			open = wanted;
			dim = wantDim;
		}

		text += cell.char;
	}

	if (dim) text += dimOff;
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

	const axis = options.zoom === true && clean.some(item => item.values.length > 0) ? zoomedAxis(clean.map(item => item.values), rows) : undefined;
	const floor = axis?.floor ?? chartFloor(clean.map(item => item.values));
	const toRows =
		axis === undefined
			? (value: number) => ((value - floor) / (1 - floor)) * (rows - 1)
			: (value: number) => ((value - axis.floor) / axis.step) * axis.rowsPerStep;
	const grid: Cell[][] = Array.from({length: rows}, () =>
		Array.from({length: plotColumns}, () => ({char: ' ', series: -1})),
	);
	// Cells each series drew, to tell which lines hide under others and to dim overlaps.
	const drawnBy: Array<Set<number>> = [];
	const overlapped = new Set<number>();
	// Later series draw over earlier ones: by default the others from the last to the first, so where lines share a
	// cell the first (the supervised baseline, by the presets' order) shows, one glyph for a shared stretch instead of a
	// patchwork of whichever ends last; the focused series last, on top of all.
	const order = (options.drawOrder ?? clean.map((_, index) => index).reverse()).filter(index => index !== options.focus && index < clean.length);
	if (options.focus !== undefined && options.focus < clean.length) order.push(options.focus);
	const firstColumn = (index: number) => {
		const from = options.visibleFrom?.[index];
		return from === undefined || from <= 1 ? 0 : columnOfEpoch(Math.min(from, totalEpochs), totalEpochs, plotColumns);
	};
	const heads: Array<{style: number; cells: Array<{row: number; column: number; char: string}>}> = [];
	// Each series' rows per plot column before clamping to the plot: below 0 it is under a zoomed band (marked below).
	const rowsOf = new Map<number, number[]>();
	for (const index of order) {
		const item = clean[index]!;
		const unclamped = columnValues(item.values, totalEpochs, plotColumns).map(value => toRows(value));
		rowsOf.set(index, unclamped);
		const columns = unclamped.map(row => Math.min(rows - 1, Math.max(0, row)));
		// The focused line leaves a stretch it shares with others (an identical warm-up) in the look it already has
		// there: the shared line keeps one glyph whichever contender is focused, and the focus's own look starts where
		// its line does.
		// The series drawOrder puts last (the baseline) owns the shared look: focused, it draws its whole line.
		const ownsShared = options.drawOrder !== undefined && options.drawOrder.at(-1) === index;
		const keepBefore = index === options.focus && !ownsShared ? firstColumn(index) : 0;
		const head: Array<{row: number; column: number; char: string}> = [];
		drawnBy[index] = overlaySeries(grid, columns, options.styles?.[index] ?? index, rows, new Set(), overlapped, keepBefore, head);
		heads.push({style: options.styles?.[index] ?? index, cells: head});
	}

	// Every line's latest point goes on top, in the same order (the focus's last): a line that has only just left a
	// shared stretch is one cell wide, and a line drawn later would hide the only cell its legend entry speaks of.
	for (const {style, cells} of heads) {
		for (const {row, column, char} of cells) grid[row]![column] = {char, series: style};
	}

	// Zoomed, a line below the band sat flat on the bottom row, reading as the bottom tick's accuracy (35 % drawn as
	// 60 %): where it is below, the bottom row says so with a ▼ in its look.
	if (axis !== undefined) {
		for (const index of order) {
			for (const [column, row] of rowsOf.get(index)!.entries()) {
				if (row < -0.5) grid[rows - 1]![column] = {char: belowMark, series: options.styles?.[index] ?? index};
			}
		}
	}

	visibilityOf.set(series, visibility(drawnBy, grid, plotColumns, options.styles, firstColumn));
	const ticks = axis === undefined ? yTicks(floor, rows) : evenTicks(axis, rows);
	const focusStyle = options.focus === undefined ? undefined : (options.styles?.[options.focus] ?? options.focus);
	const lines = grid.map((cells, row) => {
		const label = ticks.get(row);
		const prefix = label === undefined ? `${' '.repeat(yLabelWidth)} │` : `${label} ┤`;
		const dim = options.color && focusStyle !== undefined ? (column: number) => overlapped.has(row * plotColumns + column) && cells[column]!.series !== focusStyle : undefined;
		return prefix + renderCells(cells, options.color, dim);
	});

	const xLabel = options.xLabel ?? String;
	const epochTicks = xTicks(totalEpochs, plotColumns, xLabel);
	if (withAxisLine) {
		const axis = Array.from({length: plotColumns}, () => '─');
		for (const [, column] of epochTicks) {
			axis[column] = '┬';
		}

		for (const marker of options.markers ?? []) {
			if (marker.x >= 1 && marker.x <= totalEpochs) axis[columnOfEpoch(marker.x, totalEpochs, plotColumns)] = marker.char;
		}

		lines.push(`${' '.repeat(yLabelWidth)} └${axis.join('')}`);
	}

	const tickLabels = Array.from({length: plotColumns}, () => ' ');
	for (const [epoch, column] of epochTicks) {
		const text = xLabel(epoch);
		const start = Math.min(column, plotColumns - text.length);
		for (const [offset, char] of [...text].entries()) {
			tickLabels[start + offset] = char;
		}
	}

	lines.push(`${(options.xName ?? 'epoch').slice(0, prefixWidth - 1).padEnd(prefixWidth - 1)} ${tickLabels.join('')}`.trimEnd());
	if (options.legend !== false) lines.push(legendLine(clean, width, options.color));
	return lines.join('\n');
}
