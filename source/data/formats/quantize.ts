/**
 * Tables become bytes at load, like images: each feature's missing cells take the mean of its training rows, then the
 * feature is standardised (z-scores from all training rows, labeled and unlabeled: using unlabeled X for statistics is
 * fair in semi-supervised learning) and z ∈ [−4, 4] is mapped onto 0..255 (a step of 0.031 σ). `dequantize` is the
 * inverse the engine and the table augmentations use.
 */

/** Standardised values beyond ±zRange are clipped (they are outliers by four standard deviations). */
export const zRange = 4;

export function quantize(z: number): number {
	const byte = Math.round(((z + zRange) / (2 * zRange)) * 255);
	return byte < 0 ? 0 : byte > 255 ? 255 : byte;
}

export function dequantize(byte: number): number {
	return (byte / 255) * 2 * zRange - zRange;
}

export interface StandardisedTable {
	train: Uint8Array;
	test: Uint8Array;
	/** Missing cells filled with their column's mean (training and test rows). */
	imputed: number;
	/** Features with one value over all training rows (standardised to 0). */
	constant: string[];
	/** Features that look like a row number: distinct whole numbers with few gaps (rowNumberLike). */
	rowNumbers: Array<{name: string; from: number; to: number}>;
	/** What was done, so new rows can be prepared the same way (an exported model's manifest records it). */
	scaling: TableScaling;
}

/** Per feature: its training mean (also the value a missing cell takes) and 1/sd (0 for a constant feature). */
export interface TableScaling {
	mean: number[];
	scale: number[];
	/** z ∈ [−zRange, zRange] is mapped onto 0..255. */
	zRange: number;
}

/** A new row's features (NaN for a missing cell) as the model's bytes, prepared as its training rows were. */
export function scaleRow(values: ArrayLike<number>, scaling: TableScaling, out: Uint8Array, offset: number): void {
	for (let f = 0; f < scaling.mean.length; f++) {
		const value = values[f]!;
		out[offset + f] = quantize(value === value ? (value - scaling.mean[f]!) * scaling.scale[f]! : 0);
	}
}

/** `train` and `test` are rows × features, row-major, NaN for a missing cell. */
export function standardise(train: Float32Array, test: Float32Array, featureNames: readonly string[]): StandardisedTable {
	const features = featureNames.length;
	const trainRows = train.length / features;
	const mean = new Float64Array(features);
	const counts = new Float64Array(features);
	for (let r = 0; r < trainRows; r++) {
		for (let f = 0; f < features; f++) {
			const value = train[r * features + f]!;
			if (value === value) {
				mean[f]! += value;
				counts[f]!++;
			}
		}
	}

	for (let f = 0; f < features; f++) mean[f] = counts[f]! > 0 ? mean[f]! / counts[f]! : 0;
	// Imputed cells sit at the mean, so they add nothing to the variance.
	const variance = new Float64Array(features);
	for (let r = 0; r < trainRows; r++) {
		for (let f = 0; f < features; f++) {
			const value = train[r * features + f]!;
			if (value === value) variance[f]! += (value - mean[f]!) ** 2;
		}
	}

	const scale = new Float64Array(features);
	const constant: string[] = [];
	for (let f = 0; f < features; f++) {
		const sd = trainRows > 0 ? Math.sqrt(variance[f]! / trainRows) : 0;
		scale[f] = sd > 0 ? 1 / sd : 0;
		if (sd === 0) constant.push(featureNames[f]!);
	}

	const rowNumbers = featureNames.flatMap((name, f) => {
		const run = rowNumberLike(train, features, f);
		return run === undefined ? [] : [{name, ...run}];
	});
	let imputed = 0;
	const toBytes = (values: Float32Array): Uint8Array => {
		const out = new Uint8Array(values.length);
		for (let i = 0; i < values.length; i++) {
			const f = i % features;
			const value = values[i]!;
			if (value !== value) imputed++;
			out[i] = quantize(value === value ? (value - mean[f]!) * scale[f]! : 0);
		}

		return out;
	};

	return {train: toBytes(train), test: toBytes(test), imputed, constant, rowNumbers, scaling: {mean: [...mean], scale: [...scale], zRange}};
}

/** The fewest rows for a column of distinct whole numbers to read as a row number rather than chance. */
const rowNumberLeastRows = 20;

/**
 * Feature f's range when its training values look like a row number or an id: every one present, a whole number,
 * none repeated, at least rowNumberLeastRows of them, spanning at most 1.5× their count (a test share held out leaves
 * gaps). Such a column predicts nothing a new row will have, yet the model learns from it.
 */
export function rowNumberLike(train: Float32Array, features: number, f: number): {from: number; to: number} | undefined {
	const rows = train.length / features;
	if (rows < rowNumberLeastRows) return undefined;
	const seen = new Set<number>();
	let [from, to] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
	for (let r = 0; r < rows; r++) {
		const value = train[r * features + f]!;
		if (!Number.isInteger(value) || seen.has(value)) return undefined;
		seen.add(value);
		from = Math.min(from, value);
		to = Math.max(to, value);
	}

	return to - from + 1 <= 1.5 * rows ? {from, to} : undefined;
}

/** The notes a standardised table adds: what was done to the numbers, said once on screen. */
/** The notes a standardised table's load adds; `dropWord` (a CSV's, whose columns --drop can leave out) adds its row-number columns. */
export function standardiseNotes(table: StandardisedTable, dropWord?: (name: string) => string): string[] {
	const notes = ['features standardised (z-scores from all training rows) and quantized to 0..255 over ±4 σ'];
	if (table.imputed > 0) notes.push(`${table.imputed} missing feature values imputed with their column's training mean`);
	if (table.constant.length > 0) notes.push(`constant feature${table.constant.length > 1 ? 's' : ''} (no information): ${table.constant.join(', ')}`);
	if (dropWord !== undefined) {
		for (const {name, from, to} of table.rowNumbers) {
			notes.push(`column ${name} looks like a row number or an id (distinct whole numbers ${from}–${to}), yet it is a feature: --drop ${dropWord(name)} if it is not one`);
		}
	}

	return notes;
}
