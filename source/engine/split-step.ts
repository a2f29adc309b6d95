/**
 * The canonical split: every training step of n ≥ minSplitRows rows is computed as the same two parts, rows [0, h)
 * and [h, n) with h = ⌈n/2⌉, each part's gradients on their own and then summed — whether one thread computes both
 * (here) or the lead and its helper one each (team.ts). Floating-point sums depend on how a batch is cut, so cutting
 * it the same way every time is what makes a seed give the same weights whether, and when, a helper joins.
 * The same holds for predictions: split ones are split here too, although each row's result depends only on its row
 * mathematically, because XNNPACK may tile a different row count differently.
 */
import type {DirectModel, StepRows} from './direct-model.js';
import {minSplitChunkRows, minSplitPredictRows, minSplitRows} from './row-limits.js';

/** Rows of the first part: ⌈n/2⌉ (the lead's), the rest the second part's (the helper's). */
export function firstPartRows(n: number): number {
	return Math.ceil(n / 2);
}

export const splitsStep = (n: number): boolean => n >= minSplitRows;
export const splitsPrediction = (n: number): boolean => n >= minSplitPredictRows;
export const splitsChunks = (n: number): boolean => n >= minSplitChunkRows;

/** Columns [from, to) of a units × n feature-major mask, into out[at …] (units × (to − from)). */
export function maskColumns(mask: Float32Array, units: number, n: number, from: number, to: number, out: Float32Array, at = 0): void {
	const width = to - from;
	for (let u = 0; u < units; u++) {
		out.set(mask.subarray(u * n + from, u * n + to), at + u * width);
	}
}

/** Growing mask buffers for one part's columns (a part's masks are not contiguous in the batch's). */
export function partMasks(): (units1: number, units2: number, n: number) => {mask1: Float32Array; mask2: Float32Array} {
	let mask1 = new Float32Array(0);
	let mask2 = new Float32Array(0);
	return (units1, units2, n) => {
		if (mask1.length < units1 * n) mask1 = new Float32Array(units1 * n);
		if (mask2.length < units2 * n) mask2 = new Float32Array(units2 * n);
		return {mask1, mask2};
	};
}

/** Rows [from, to) of a step as their own StepRows (masks copied into `masks`; meanWeight stays the batch's 1/n). */
export function stepPart(
	model: DirectModel,
	rows: StepRows,
	from: number,
	to: number,
	masks: {mask1: Float32Array; mask2: Float32Array},
): StepRows {
	const {input, hidden1, hidden2, classes} = model.shape;
	const width = input + 1;
	const n = to - from;
	const dropout = rows.mask1 !== null && rows.mask2 !== null;
	if (rows.mask1 && rows.mask2) {
		maskColumns(rows.mask1, hidden1, rows.n, from, to, masks.mask1);
		maskColumns(rows.mask2, hidden2, rows.n, from, to, masks.mask2);
	}

	return {
		n,
		pixels: rows.pixels.subarray(from * width, to * width),
		targets: rows.targets.subarray(from * classes, to * classes),
		weights: rows.weights ? rows.weights.subarray(from, to) : null,
		meanWeight: rows.meanWeight,
		mask1: dropout ? masks.mask1.subarray(0, hidden1 * n) : null,
		mask2: dropout ? masks.mask2.subarray(0, hidden2 * n) : null,
	};
}

/** A step computed on this thread alone, in the canonical parts: the second part's gradients plus the first's. */
export function stepAlone(model: DirectModel, rows: StepRows, masks: ReturnType<typeof partMasks>): number {
	const {n} = rows;
	if (!splitsStep(n)) {
		const loss = model.gradients(rows);
		model.adam();
		return loss;
	}

	const h = firstPartRows(n);
	const {hidden1, hidden2} = model.shape;
	let loss = model.gradients(stepPart(model, rows, 0, h, masks(hidden1, hidden2, h)));
	model.keepGradients();
	loss += model.gradients(stepPart(model, rows, h, n, masks(hidden1, hidden2, n - h)));
	model.addKeptGradients();
	model.adam();
	return loss;
}

/** Softmax probabilities of n small-batch rows into out, in the canonical parts when n is large enough to split. */
export function predictAlone(model: DirectModel, pixels: Float32Array, n: number, out: Float32Array): void {
	if (!splitsPrediction(n)) {
		model.predictSmall(pixels, n, out);
		return;
	}

	const h = firstPartRows(n);
	const {input, classes} = model.shape;
	model.predictSmall(pixels.subarray(0, h * (input + 1)), h, out);
	model.predictSmall(pixels.subarray(h * (input + 1), n * (input + 1)), n - h, out.subarray(h * classes, n * classes));
}

/** Every chunk's logits of `count` images, in the canonical parts (the second part's `start`s continue the first's). */
export function chunksAlone(
	model: DirectModel,
	images: Uint8Array,
	rows: ArrayLike<number> | null,
	count: number,
	use: (heap: Float32Array, at: number, start: number, size: number) => void,
): void {
	if (!splitsChunks(count)) {
		model.forEachChunk(images, rows, count, use);
		return;
	}

	const h = firstPartRows(count);
	model.forEachChunk(images, rows, h, use);
	const second = rows === null ? Int32Array.from({length: count - h}, (_, j) => h + j) : secondRows(rows, h, count);
	model.forEachChunk(images, second, count - h, (heap, at, start, size) => use(heap, at, h + start, size));
}

function secondRows(rows: ArrayLike<number>, from: number, to: number): ArrayLike<number> {
	if (ArrayBuffer.isView(rows)) return (rows as unknown as Int32Array).subarray(from, to);
	return Array.from({length: to - from}, (_, j) => rows[from + j]!);
}
