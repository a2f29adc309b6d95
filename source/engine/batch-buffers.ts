/** Reused Float32Arrays a batch is gathered into (raw pixels, one-hot labels, dropout masks): no allocation per batch. */
import type {MlpShape} from './mlp-params.js';
import type {PixelArray} from './model.js';

/**
 * Buffers sized for the largest batch; a batch of n uses each one's first n·(row size) entries. Pixels stay raw
 * bytes (0..255) here: a typed-array copy converts them ~10× faster than a per-pixel loop, and the backend divides
 * by 255 in one kernel.
 */
export interface BatchBuffers {
	/** Raw pixels, batch-major, with a trailing column of 255 (1 once divided): n × (input + 1). */
	pixels: Float32Array;
	/** One-hot labels, n × classes. */
	oneHot: Float32Array;
	/** Inverted-dropout masks (0 or 1/(1 − rate)), feature-major: hidden1 × n and hidden2 × n. */
	mask1: Float32Array;
	mask2: Float32Array;
}

export function createBatchBuffers(shape: MlpShape, maxBatch: number): BatchBuffers {
	return {
		pixels: new Float32Array(maxBatch * (shape.input + 1)),
		oneHot: new Float32Array(maxBatch * shape.classes),
		mask1: new Float32Array(shape.hidden1 * maxBatch),
		mask2: new Float32Array(shape.hidden2 * maxBatch),
	};
}

/** Batch buffers that grow to the largest batch asked for and are reused below it: one set per model. */
export function growingBatchBuffers(shape: MlpShape): (n: number) => BatchBuffers {
	let buffers: BatchBuffers | undefined;
	let capacity = 0;
	return n => {
		if (!buffers || capacity < n) {
			buffers = createBatchBuffers(shape, n);
			capacity = n;
		}

		return buffers;
	};
}

/** Gathers rows order[start .. start+n) of the images and labels into the pixel and one-hot blocks. */
export function gatherBatch(
	buffers: BatchBuffers,
	shape: MlpShape,
	images: Uint8Array,
	labels: Uint8Array,
	order: ArrayLike<number>,
	start: number,
	n: number,
): void {
	const {classes} = shape;
	gatherPixels(buffers.pixels, shape.input, true, images, order, start, n);
	buffers.oneHot.fill(0, 0, n * classes);
	for (let j = 0; j < n; j++) {
		const row = order[start + j]!;
		const label = labels[row]!;
		if (!(label < classes)) {
			throw new RangeError(`label ${label} of row ${row} is not a class index below ${classes}`);
		}

		buffers.oneHot[j * classes + label] = 1;
	}
}

/**
 * Copies raw pixels of rows[start .. start+n) (or of rows start.. when `rows` is null) into `out`, batch-major;
 * with `onesColumn` each row gets a trailing 255, the bias input once the backend divides by 255.
 */
export function gatherPixels(
	out: Float32Array,
	input: number,
	onesColumn: boolean,
	images: PixelArray,
	rows: ArrayLike<number> | null,
	start: number,
	n: number,
): void {
	const width = onesColumn ? input + 1 : input;
	for (let j = 0; j < n; j++) {
		const row = rows === null ? start + j : rows[start + j]!;
		const from = row * input;
		requireRow(images, from, input, row);
		out.set(images.subarray(from, from + input), j * width);
		if (onesColumn) {
			out[j * width + input] = 255;
		}
	}
}

/** Throws a RangeError naming the row when its `input` bytes from `from` are not all inside `images`. */
export function requireRow(images: PixelArray, from: number, input: number, row: number): void {
	if (!(from >= 0 && from + input <= images.length)) {
		throw new RangeError(`row ${row} is outside the image buffer (${images.length / input} rows of ${input} pixels)`);
	}
}

/**
 * trainBatch's rows that carry weight, with their targets and weights packed to match (the inputs themselves when
 * every row does). A masked row's gradient is exactly zero, so leaving it out changes nothing but the time
 * (FixMatch masks most of an early batch). Throws on mismatched lengths or a weight that is negative or not finite.
 */
export function keptRows(
	shape: MlpShape,
	pixels: PixelArray,
	targets: Float32Array,
	weights: Float32Array,
): {rows: number[]; targets: Float32Array; weights: Float32Array} {
	const count = weights.length;
	const {classes} = shape;
	if (pixels.length !== count * shape.input || targets.length !== count * classes) {
		throw new RangeError(
			`trainBatch: ${count} weights need ${count * shape.input} pixels and ${count * classes} targets, ` +
				`got ${pixels.length} and ${targets.length}`,
		);
	}

	const rows: number[] = [];
	for (let i = 0; i < count; i++) {
		const w = weights[i]!;
		if (!(w >= 0 && Number.isFinite(w))) {
			throw new RangeError(`trainBatch: weight ${i} is ${w}; weights must be finite and ≥ 0`);
		}

		if (w > 0) rows.push(i);
	}

	const n = rows.length;
	if (n === count) {
		return {rows, targets, weights};
	}

	const keptTargets = new Float32Array(n * classes);
	const keptWeights = new Float32Array(n);
	for (let j = 0; j < n; j++) {
		const i = rows[j]!;
		keptTargets.set(targets.subarray(i * classes, i * classes + classes), j * classes);
		keptWeights[j] = weights[i]!;
	}

	return {rows, targets: keptTargets, weights: keptWeights};
}

/** An epoch's batches over `total` rows as [start, n] pairs (the last may be partial); checks the batch size. */
export function epochBatches(total: number, batchSize: number): Array<[start: number, n: number]> {
	if (!Number.isInteger(batchSize) || batchSize < 1) {
		throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
	}

	const batches: Array<[number, number]> = [];
	for (let start = 0; start < total; start += batchSize) batches.push([start, Math.min(batchSize, total - start)]);
	return batches;
}

/**
 * trainBatch's rows that carry weight gathered into the (growing) batch buffers: the buffers, the row count and the
 * kept rows' targets and weights; null when no row carries weight (nothing to train).
 */
export function gatherWeightedBatch(
	shape: MlpShape,
	batchBuffers: (n: number) => BatchBuffers,
	pixels: PixelArray,
	targets: Float32Array,
	weights: Float32Array,
): {b: BatchBuffers; n: number; targets: Float32Array; weights: Float32Array} | null {
	const kept = keptRows(shape, pixels, targets, weights);
	const n = kept.rows.length;
	if (n === 0) {
		return null;
	}

	const b = batchBuffers(n);
	gatherPixels(b.pixels, shape.input, true, pixels, kept.rows, 0, n);
	return {b, n, targets: kept.targets, weights: kept.weights};
}

/** The row count of an input-gradient request (Mlp.inputGradient), checking that pixels and targets agree. */
export function inputGradientRows(shape: MlpShape, pixels: PixelArray, targets: Float32Array): number {
	const n = targets.length / shape.classes;
	if (!Number.isInteger(n) || pixels.length !== n * shape.input) {
		throw new RangeError(
			`inputGradient: ${targets.length} target values (${shape.classes} per row) and ${pixels.length} pixels ` +
				`(${shape.input} per row) do not describe the same rows`,
		);
	}

	return n;
}
