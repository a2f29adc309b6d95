/**
 * The augmenters every method can use, chosen by the data's kind. Images: the weak view is the affine, then — when
 * elasticAlpha > 0 — an elastic distortion; the strong view is strongAugmentImages. Tables: the weak view is Gaussian
 * noise in standardised units (tableNoise); the strong view is VIME's mask-and-swap (tableMask) plus that noise.
 */
import {augmentImages, type AugmentationRanges, type ImageShape} from '../core/augment.js';
import {createElasticDistortion, type ElasticDistortion} from '../core/elastic.js';
import type {Random} from '../core/random.js';
import {strongAugmentImages, type StrongAugmentation} from '../core/strong-augment.js';
import {maskSwapTableRows, noiseTableRows} from '../core/table-augment.js';

/** The affine ranges plus Simard's elastic distortion (elasticAlpha 0 = off) and the tables' noise. */
export interface Augmentation extends AugmentationRanges {
	/** Scale of the elastic displacement field in pixels (≈34); 0 turns elastic distortion off. */
	elasticAlpha: number;
	/** Smoothing of the elastic field in pixels (≈4). */
	elasticSigma: number;
	/** Tables: σ of the Gaussian noise per feature, in standard deviations. */
	tableNoise: number;
}

/** The strong view's settings, plus the tables' mask rate. */
export interface StrongSettings extends StrongAugmentation {
	/** Tables: probability that a feature is swapped with the same feature of a random row. */
	tableMask: number;
}

/** Writes augmented copies of the chosen rows of `source` into `output` (n images) and returns it. */
export type Augmenter = (source: Uint8Array, rows: Int32Array | readonly number[] | null, random: Random, output: Uint8Array) => Uint8Array;

/** Features per row of a table (its samples are 1 × D × 1). */
function featureCount(shape: ImageShape): number {
	return shape.height * shape.width * shape.channels;
}

/** The weak view for the data's kind. */
export function createAugmenter(augmentation: Augmentation, shape: ImageShape): Augmenter {
	if (shape.kind === 'table') {
		const features = featureCount(shape);
		return (source, rows, random, output) => noiseTableRows(source, rows, augmentation.tableNoise, random, features, output);
	}

	const elastic: ElasticDistortion | undefined =
		augmentation.elasticAlpha > 0
			? createElasticDistortion({alpha: augmentation.elasticAlpha, sigma: augmentation.elasticSigma}, shape)
			: undefined;
	const size = shape.height * shape.width * shape.channels;
	const scratch = new Uint8Array(size);
	return (source, rows, random, output) => {
		augmentImages(source, rows, augmentation, random, shape, output);
		if (elastic) {
			const count = rows === null ? Math.floor(source.length / size) : rows.length;
			for (let i = 0; i < count; i++) {
				scratch.set(output.subarray(i * size, (i + 1) * size));
				elastic.distort(scratch, 0, output, i * size, random);
			}
		}

		return output;
	};
}

/** The strong view (FixMatch/FlexMatch/FreeMatch) for the data's kind; a table's strong view swaps from any row of `source`. */
export function createStrongAugmenter(augmentation: Augmentation, strong: StrongSettings, shape: ImageShape): Augmenter {
	if (shape.kind === 'table') {
		const features = featureCount(shape);
		const options = {maskRate: strong.tableMask, noise: augmentation.tableNoise};
		return (source, rows, random, output) => maskSwapTableRows(source, rows, options, random, features, output);
	}

	return (source, rows, random, output) => strongAugmentImages(source, rows, strong, random, shape, output);
}
