/**
 * The canonical split: every training step of n ≥ minSplitRows rows is computed as the same two parts, rows [0, h)
 * and [h, n) with h = ⌈n/2⌉, each part's gradients on their own and then summed — whether one thread computes both
 * (here) or the lead and its helper one each (team.ts). Floating-point sums depend on how a batch is cut, so cutting
 * it the same way every time is what makes a seed give the same weights whether, and when, a helper joins.
 * The same holds for predictions: split ones are split here too, although each row's result depends only on its row
 * mathematically, because XNNPACK may tile a different row count differently.
 */
import type {DirectModel, StepRows} from './direct-model.js';
import type {DropoutKey} from './dropout-streams.js';
import type {PixelArray} from './model.js';
import {firstPartRows, splitsChunks, splitsPrediction, splitsStep} from './row-limits.js';

/** A whole step as the training loop gathers it: its rows without masks, and what each part's masks are drawn from. */
export interface StepBatch extends Omit<StepRows, 'mask1' | 'mask2' | 'maskDraw'> {
	/** null: no dropout. */
	dropout: DropoutKey | null;
}

/** Rows [from, to) of a step, part number `part`, as their own StepRows (its masks drawn in the heap as the step runs). */
export function stepPart(model: DirectModel, batch: StepBatch, from: number, to: number, part: number): StepRows {
	const {input, classes} = model.shape;
	const width = input + 1;
	const n = to - from;
	return {
		n,
		pixels: batch.pixels.subarray(from * width, to * width),
		targets: batch.targets.subarray(from * classes, to * classes),
		weights: batch.weights ? batch.weights.subarray(from, to) : null,
		meanWeight: batch.meanWeight,
		mask1: null,
		mask2: null,
		maskDraw: batch.dropout ? {key: batch.dropout, width: n, segments: [{part, rows: n, from: 0, to: n, offset: 0}]} : null,
	};
}

/** A step computed on this thread alone, in the canonical parts: the second part's gradients plus the first's. */
export function stepAlone(model: DirectModel, batch: StepBatch): number {
	const {n} = batch;
	if (!splitsStep(n)) {
		const loss = model.gradients(stepPart(model, batch, 0, n, 0));
		model.adam();
		return loss;
	}

	const h = firstPartRows(n);
	let loss = model.gradients(stepPart(model, batch, 0, h, 0), true);
	loss += model.gradients(stepPart(model, batch, h, n, 1));
	// Adam reads the gradients as second part + first.
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
	images: PixelArray,
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
