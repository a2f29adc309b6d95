/**
 * Augmentations of table rows, the tabular counterpart of the image augmenters (a row has no geometry to warp).
 * Weak: Gaussian noise in standardised units. Strong: VIME's mask-and-swap (Yoon et al. 2020, "VIME: Extending the
 * success of self- and semi-supervised learning to tabular domain"): each feature, with probability p, takes the same
 * feature's value from another random row of the set, then the weak noise is added. Rows are bytes as the loader
 * quantized them (z ∈ [−tableZRange, tableZRange] onto 0..255, source/data/formats/quantize.ts), so noise is added in
 * z-space: byte → z → z + N(0, σ²) → byte, clamped. Deterministic for the `random` stream.
 */
import {randomIndex, type Random} from './random.js';

/**
 * The z-range the table loader quantizes over (source/data/formats/quantize.ts's zRange; core imports no other layer,
 * so the value is repeated here and a test checks the two agree).
 */
export const tableZRange = 4;

/** z units per byte step: 2·zRange / 255. */
const zPerByte = (2 * tableZRange) / 255;

export interface TableMaskSwap {
	/** Probability that a feature is replaced by the same feature of another random row (VIME's p_m). */
	maskRate: number;
	/** σ of the Gaussian noise added afterwards, in standard deviations of each feature. */
	noise: number;
}

/**
 * Writes a noisy copy of each chosen row (`features` bytes each) into `output` and returns it: every feature gets
 * N(0, σ²) added in z units, then is rounded and clamped back to 0..255. σ = 0 copies the rows unchanged.
 *
 * @param rows indices of the rows within `source`, or null for all of them in order.
 */
export function noiseTableRows(
	source: Uint8Array,
	rows: ArrayLike<number> | null,
	sigma: number,
	random: Random,
	features: number,
	output?: Uint8Array,
): Uint8Array {
	const {count, result} = tableBatch('noiseTableRows', source, rows, features, output);
	for (let i = 0; i < count; i++) {
		const from = (rows === null ? i : rows[i]!) * features;
		result.set(source.subarray(from, from + features), i * features);
	}

	if (sigma > 0) addZNoise(result, count * features, sigma / zPerByte, random);
	return result;
}

/**
 * Writes a mask-and-swap copy of each chosen row into `output` and returns it: per row and feature, with probability
 * `maskRate`, the value is taken from the same feature of a row drawn uniformly from all rows of `source` (VIME draws
 * the replacement from the feature's empirical distribution, which a random row is a sample of); then the noise of
 * noiseTableRows is added. Draw order per row: for each feature a uniform (mask or not) and, when masked, a row index.
 */
export function maskSwapTableRows(
	source: Uint8Array,
	rows: ArrayLike<number> | null,
	options: TableMaskSwap,
	random: Random,
	features: number,
	output?: Uint8Array,
): Uint8Array {
	const {count, result} = tableBatch('maskSwapTableRows', source, rows, features, output);
	const sourceRows = Math.floor(source.length / features);
	for (let i = 0; i < count; i++) {
		const from = (rows === null ? i : rows[i]!) * features;
		const to = i * features;
		for (let f = 0; f < features; f++) {
			const swap = random() < options.maskRate;
			result[to + f] = source[(swap ? randomIndex(random, sourceRows) * features : from) + f]!;
		}
	}

	if (options.noise > 0) addZNoise(result, count * features, options.noise / zPerByte, random);
	return result;
}

function tableBatch(caller: string, source: Uint8Array, rows: ArrayLike<number> | null, features: number, output?: Uint8Array) {
	if (!(Number.isInteger(features) && features > 0)) throw new RangeError(`${caller}: expected a positive number of features, got ${features}`);
	const count = rows === null ? Math.floor(source.length / features) : rows.length;
	const result = output ?? new Uint8Array(count * features);
	if (result.length < count * features) throw new RangeError(`${caller}: output holds ${result.length} bytes, needs ${count * features}`);
	return {count, result};
}

/** Adds N(0, σ²) (σ in byte steps) to the first `count` bytes, rounding and clamping (Box–Muller, two values per pair of draws). */
function addZNoise(bytes: Uint8Array, count: number, sigma: number, random: Random): void {
	for (let i = 0; i < count; i += 2) {
		// 1 − u keeps the logarithm's argument in (0, 1].
		const radius = sigma * Math.sqrt(-2 * Math.log(1 - random()));
		const angle = 2 * Math.PI * random();
		bytes[i] = clampByte(bytes[i]! + radius * Math.cos(angle));
		if (i + 1 < count) bytes[i + 1] = clampByte(bytes[i + 1]! + radius * Math.sin(angle));
	}
}

function clampByte(value: number): number {
	return value <= 0 ? 0 : value >= 255 ? 255 : (value + 0.5) | 0;
}
