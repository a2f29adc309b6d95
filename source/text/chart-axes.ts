/**
 * The race chart's axes (race-chart.ts draws the plot between them): the y-axis's floor and ticks — fixed steps from
 * the lowest accuracy rounded down, or zoomed to the contested band with evenly spaced ticks — and the epoch ticks
 * under the plot, with the column each epoch falls in.
 */

/** "100% ┤": four label columns, a space and the axis. */
export const yLabelWidth = 4;

/** The y-axis: the value at the bottom row, the tick step (0..1), rows between ticks and how many steps are shown. */
export interface YAxis {
	floor: number;
	step: number;
	rowsPerStep: number;
	steps: number;
}

/**
 * Epochs a series has before the zoom leaves its first half out: a race's first epochs (78 %, 82 %, 87 %, 88 %) sat
 * flat on the bottom row when the band was the last two's, and nothing on screen said why.
 */
export const zoomFullUntil = 8;

/**
 * The zoomed axis for `rows` plot rows: the band from the lowest value of any series' latest half (every value while
 * it has fewer than `zoomFullUntil`) to the highest value, on the finest step (1, 2, 5, 10, 20 or 25 points) whose
 * ticks stay at least two rows apart, every tick the same number of rows from the next. Below the band, a line's
 * column shows ▼ on the bottom row (race-chart.ts).
 */
export function zoomedAxis(series: number[][], rows: number): YAxis {
	let low = Number.POSITIVE_INFINITY;
	let high = Number.NEGATIVE_INFINITY;
	for (const values of series) {
		for (const [index, value] of values.entries()) {
			high = Math.max(high, value);
			if (values.length < zoomFullUntil || index >= Math.floor(values.length / 2)) low = Math.min(low, value);
		}
	}

	if (!Number.isFinite(low) || !Number.isFinite(high)) return {floor: 0, step: 0.25, rowsPerStep: Math.max(1, Math.floor((rows - 1) / 4)), steps: 4};
	const lowPoints = low * 100;
	const highPoints = Math.min(100, high * 100);
	for (const step of [1, 2, 5, 10, 20, 25]) {
		const floor = Math.floor(lowPoints / step + 1e-9) * step;
		const needed = Math.max(1, Math.ceil((highPoints - floor) / step - 1e-9));
		const rowsPerStep = Math.floor((rows - 1) / needed);
		if (rowsPerStep < 2) continue;
		// Use the whole height: more steps above the band while they stay under 100 %, then below it.
		const steps = Math.floor((rows - 1) / rowsPerStep);
		let bottom = floor;
		while (bottom + steps * step > 100 + 1e-9 && bottom - step >= -1e-9) bottom -= step;
		return {floor: bottom / 100, step: step / 100, rowsPerStep, steps};
	}

	return {floor: 0, step: 0.5, rowsPerStep: Math.max(1, Math.floor((rows - 1) / 2)), steps: 2};
}

/** Plot column where epoch `epoch` (1-based) is drawn; mirrors columnValues (race-chart.ts). */
export function columnOfEpoch(epoch: number, totalEpochs: number, columns: number): number {
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
export function yTicks(floor: number, rows: number): Map<number, string> {
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

/** Tick labels of a zoomed axis: every `rowsPerStep` rows from the bottom, so the ticks are evenly spaced. */
export function evenTicks(axis: YAxis, rows: number): Map<number, string> {
	const ticks = new Map<number, string>();
	for (let step = 0; step <= axis.steps; step++) {
		const row = rows - 1 - step * axis.rowsPerStep;
		if (row < 0) break;
		ticks.set(row, `${Math.round((axis.floor + step * axis.step) * 100)}%`.padStart(yLabelWidth));
	}

	return ticks;
}

/** Epoch ticks that fit under the plot without touching: [epoch, column]. */
export function xTicks(totalEpochs: number, columns: number, label: (x: number) => string = String): Array<[number, number]> {
	const labelWidth = label(totalEpochs).length;
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
		const width = label(epoch).length;
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
