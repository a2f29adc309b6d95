/** Typed views over the shared dataset buffers: no copies, both workers read the same memory. */
import type {ImageShape} from '../core/augment.js';
import {inputSize, type DatasetInfo} from '../core/dataset-info.js';
import type {SharedDataset} from '../protocol/messages.js';

export interface DatasetViews {
	/** The dataset's descriptor: input size, class count and names, mode (core/dataset-info.ts). */
	info: DatasetInfo;
	/** What the augmenters need (height, width, channels, kind): the descriptor itself. */
	shape: ImageShape;
	/** Bytes per sample: inputSize(info). */
	pixelsPerImage: number;
	trainImages: Uint8Array;
	trainLabels: Uint8Array;
	testImages: Uint8Array;
	testLabels: Uint8Array;
}

export function datasetViews(dataset: SharedDataset): DatasetViews {
	return {
		info: dataset.info,
		shape: dataset.info,
		pixelsPerImage: inputSize(dataset.info),
		trainImages: asBytes(dataset.trainImages),
		trainLabels: asBytes(dataset.trainLabels),
		testImages: asBytes(dataset.testImages),
		testLabels: asBytes(dataset.testLabels),
	};
}

/** A child process receives typed arrays rather than buffers; view either without copying. */
function asBytes(data: ArrayBufferLike | Uint8Array): Uint8Array {
	return ArrayBuffer.isView(data) ? data : new Uint8Array(data);
}

/** Copies the given rows into one contiguous buffer (the retraining set is built once per round, not per batch). */
export function gatherRows(images: Uint8Array, rows: ArrayLike<number>, pixelsPerImage: number): Uint8Array {
	const out = new Uint8Array(rows.length * pixelsPerImage);
	for (let i = 0; i < rows.length; i++) {
		const start = rows[i]! * pixelsPerImage;
		out.set(images.subarray(start, start + pixelsPerImage), i * pixelsPerImage);
	}

	return out;
}

export function gatherLabels(labels: Uint8Array, rows: ArrayLike<number>): Uint8Array {
	const out = new Uint8Array(rows.length);
	for (let i = 0; i < rows.length; i++) {
		out[i] = labels[rows[i]!]!;
	}

	return out;
}

export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
	const out = new Uint8Array(a.length + b.length);
	out.set(a, 0);
	out.set(b, a.length);
	return out;
}
