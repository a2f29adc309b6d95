/**
 * What a dataset is, carried with its samples everywhere (the worker's start message, summaries, the dashboard): the
 * one place the input shape, the class count and names, and the mode come from. Nothing else writes 784, 28 or 10.
 */

/** Images (any size, 1 or 3 channels, uint8 0..255) or tables (numeric features, quantized to uint8 at load). */
export type DatasetKind = 'image' | 'table';

/**
 * `simulation`: every training sample has a label; the race hides all but the labeled count it is given and checks pseudo-labels against
 * the hidden truth. `real`: the pool has no labels, so every truth-based number is "no truth".
 */
export type DatasetMode = 'simulation' | 'real';

export interface DatasetInfo {
	/** Shown in the header and summaries: "MNIST", a folder's or a file's name. */
	name: string;
	kind: DatasetKind;
	/** Images: height × width × channels (channels-last, as the bytes are laid out). Tables: 1 × features × 1. */
	height: number;
	width: number;
	channels: number;
	/** One name per class, index = label value (0..K−1). */
	classNames: string[];
	mode: DatasetMode;
	/** Tables: each feature's name, in column order (absent for images). */
	featureNames?: string[];
}

/** Label byte of a training sample that has no label (real mode's pool). Class indices are 0..K−1, K ≤ 255. */
export const unlabeledMark = 255;

/** The most classes a dataset may have: one label byte per sample, with 255 kept for "no label". */
export const maxClasses = 255;

/** Numbers per sample: the model's input size. */
export function inputSize(info: Pick<DatasetInfo, 'height' | 'width' | 'channels'>): number {
	return info.height * info.width * info.channels;
}

export function classCount(info: Pick<DatasetInfo, 'classNames'>): number {
	return info.classNames.length;
}

/** The name of class `label`, or the number itself past the list (a corrupt label never throws in a renderer). */
export function className(info: Pick<DatasetInfo, 'classNames'>, label: number): string {
	return info.classNames[label] ?? String(label);
}

/** Classes named by their digit: "0" … "9" for MNIST and other datasets whose labels are their own names. */
export function numberedClasses(count: number): string[] {
	return Array.from({length: count}, (_, index) => String(index));
}

/** The embedded MNIST's descriptor, and the shape of any drop-in 28×28 IDX folder. */
export function mnistInfo(name = 'MNIST'): DatasetInfo {
	return {name, kind: 'image', height: 28, width: 28, channels: 1, classNames: numberedClasses(10), mode: 'simulation'};
}
