/** The weak augmentation every method can use: the affine, then — when elasticAlpha > 0 — an elastic distortion. */
import {augmentImages, type AugmentationRanges, type ImageShape} from '../core/augment.js';
import {createElasticDistortion, type ElasticDistortion} from '../core/elastic.js';
import type {Random} from '../core/random.js';

/** The affine ranges plus Simard's elastic distortion (elasticAlpha 0 = off). */
export interface Augmentation extends AugmentationRanges {
	/** Scale of the elastic displacement field in pixels (≈34); 0 turns elastic distortion off. */
	elasticAlpha: number;
	/** Smoothing of the elastic field in pixels (≈4). */
	elasticSigma: number;
}

/** Writes augmented copies of the chosen rows of `source` into `output` (n images) and returns it. */
export type Augmenter = (source: Uint8Array, rows: Int32Array | readonly number[] | null, random: Random, output: Uint8Array) => Uint8Array;

export function createAugmenter(augmentation: Augmentation, shape: ImageShape): Augmenter {
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
