/**
 * The augmenters every method can use, chosen by the data's kind. Images: the weak view is the affine, then — when
 * elasticAlpha > 0 — an elastic distortion; the strong view is strongAugmentImages. Tables: the weak view is Gaussian
 * noise in standardised units (tableNoise); the strong view is VIME's mask-and-swap (tableMask) plus that noise.
 */
import {augmentImages, type AugmentationRanges, type ImageShape} from '../core/augment.js';
import {affineJob, augmentBlock, jobDraws, strongJob, type AugmentJob, type ParallelAugment} from '../core/augment-job.js';
import {createElasticDistortion, type ElasticDistortion} from '../core/elastic.js';
import {isStream, type Random, type Stream} from '../core/random.js';
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

/**
 * A job on a Stream, its images shared out by `parallel` when given (helper threads), then the stream moved past the
 * job's draws: the bytes and the stream's next draw are those of augmenting every image here (core/augment-job.ts).
 */
function runJob(job: AugmentJob, source: Uint8Array, rows: Int32Array | readonly number[] | null, random: Stream, output: Uint8Array, parallel?: ParallelAugment): Uint8Array {
	const size = job.shape.height * job.shape.width * job.shape.channels;
	const chosen = rows === null ? Int32Array.from({length: Math.floor(source.length / size)}, (_, i) => i) : rows instanceof Int32Array ? rows : Int32Array.from(rows);
	if (parallel) parallel.augment(job, source, chosen, output);
	else augmentBlock(job, source, chosen, 0, chosen.length, output);
	random.skip(jobDraws(job, chosen.length));
	return output;
}

/**
 * The weak view for the data's kind. With `parallel` (a contender's helper threads), an image view drawn from a Stream
 * — the affine, and the elastic distortion after it — is shared out image by image, to the same bytes.
 */
export function createAugmenter(augmentation: Augmentation, shape: ImageShape, parallel?: ParallelAugment): Augmenter {
	if (shape.kind === 'table') {
		const features = featureCount(shape);
		return (source, rows, random, output) => noiseTableRows(source, rows, augmentation.tableNoise, random, features, output);
	}

	const elasticOptions = {alpha: augmentation.elasticAlpha, sigma: augmentation.elasticSigma};
	const elastic: ElasticDistortion | undefined = augmentation.elasticAlpha > 0 ? createElasticDistortion(elasticOptions, shape) : undefined;
	const size = shape.height * shape.width * shape.channels;
	const scratch = new Uint8Array(size);
	return (source, rows, random, output) => {
		if (isStream(random)) return runJob(affineJob(augmentation, shape, random.position(), elasticOptions), source, rows, random, output, parallel);
		// A plain Random (the tests' and the tools' callers): the same draws in the same order, here.
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

/**
 * The strong view (FixMatch/FlexMatch/FreeMatch) for the data's kind; a table's strong view swaps from any row of
 * `source`. Images drawn from a Stream are shared out by `parallel` as the weak view's are.
 */
export function createStrongAugmenter(augmentation: Augmentation, strong: StrongSettings, shape: ImageShape, parallel?: ParallelAugment): Augmenter {
	if (shape.kind === 'table') {
		const features = featureCount(shape);
		const options = {maskRate: strong.tableMask, noise: augmentation.tableNoise};
		return (source, rows, random, output) => maskSwapTableRows(source, rows, options, random, features, output);
	}

	return (source, rows, random, output) =>
		isStream(random) ? runJob(strongJob(strong, shape, random.position()), source, rows, random, output, parallel) : strongAugmentImages(source, rows, strong, random, shape, output);
}
