/**
 * An image augmentation as a job whose images can be cut into blocks for several threads, each block giving the bytes
 * the whole job gives there. Each image of a view takes a fixed number of draws from the stream (the affine: 5, or 6
 * with a shear; the weak view's elastic distortion: two per pixel; the strong view's second pass: its cutout and
 * noise), and the stream's state is a counter
 * (random.ts), so a block's first draw is known without making the draws before it. The caller's stream then skips
 * the job's draws (`jobDraws`): its next draw is the one it would have made after augmenting every image itself.
 */
import {augmentImages, type AugmentationRanges, type ImageShape} from './augment.js';
import {createElasticDistortion, elasticDraws, type ElasticDistortion, type ElasticOptions} from './elastic.js';
import {advance, randomAt} from './random.js';
import {occlude, occlusionDraws, strongRanges, type StrongAugmentation} from './strong-augment.js';

export interface AugmentJob {
	/** The weak view's affine, or the strong view (affine with wider ranges, then cutout and noise). */
	view: 'affine' | 'strong';
	/** Images only: a table's augmenters are not jobs. */
	shape: Pick<ImageShape, 'height' | 'width' | 'channels'>;
	/** The affine's ranges (the weak view's), or the strong view's settings. */
	ranges: AugmentationRanges;
	strong: Pick<StrongAugmentation, 'cutout' | 'noise'>;
	/** The weak view's elastic distortion after its affine, every image's after all the affines (alpha 0: none). */
	elastic: ElasticOptions;
	/** The stream's state just before the job's first draw (Stream.position()). */
	state: number;
}

const noElastic: ElasticOptions = {alpha: 0, sigma: 0};

/** Augments `rows` of `source` into `output` (image i at i × size), sharing blocks of images where it can. */
export interface ParallelAugment {
	augment(job: AugmentJob, source: Uint8Array, rows: Int32Array, output: Uint8Array): void;
}

/** A weak view (the affine, then the elastic distortion when its alpha is above 0) as a job. */
export function affineJob(ranges: AugmentationRanges, shape: ImageShape, state: number, elastic: ElasticOptions = noElastic): AugmentJob {
	const {alpha, sigma} = elastic.alpha > 0 ? elastic : noElastic;
	return {view: 'affine', shape: pickShape(shape), ranges: pickRanges(ranges), strong: {cutout: 0, noise: 0}, elastic: {alpha, sigma}, state};
}

/** A strong view as a job. */
export function strongJob(options: StrongAugmentation, shape: ImageShape, state: number): AugmentJob {
	return {view: 'strong', shape: pickShape(shape), ranges: strongRanges(options), strong: {cutout: options.cutout, noise: options.noise}, elastic: noElastic, state};
}

const pickShape = ({height, width, channels}: ImageShape) => ({height, width, channels});
const pickRanges = ({rotationDeg, zoom, widthShift, heightShift, shearDeg}: AugmentationRanges): AugmentationRanges => ({
	rotationDeg,
	zoom,
	widthShift,
	heightShift,
	shearDeg: shearDeg ?? 0,
});

/** Draws randomAffineInto takes per image. */
export function affineDraws(ranges: AugmentationRanges): number {
	return (ranges.shearDeg ?? 0) > 0 ? 6 : 5;
}

const imageSize = (job: AugmentJob) => job.shape.height * job.shape.width * job.shape.channels;

/** The draws of a job's second pass per image: the strong view's cutout and noise, or the weak view's elastic. */
function secondDraws(job: AugmentJob): number {
	if (job.view === 'strong') return occlusionDraws(job.strong, imageSize(job));
	return job.elastic.alpha > 0 ? elasticDraws(job.shape) : 0;
}

/** The draws a job of `count` images takes from its stream. */
export function jobDraws(job: AugmentJob, count: number): number {
	return count * (affineDraws(job.ranges) + secondDraws(job));
}

/** This thread's distortion per (options, shape): the kernel is made once, the scratch fields reused. */
const distortions = new Map<string, ElasticDistortion>();

function distortionFor(job: AugmentJob): ElasticDistortion {
	const {alpha, sigma} = job.elastic;
	const {height, width, channels} = job.shape;
	const key = `${alpha} ${sigma} ${height} ${width} ${channels}`;
	let distortion = distortions.get(key);
	if (!distortion) {
		distortion = createElasticDistortion(job.elastic, job.shape);
		distortions.set(key, distortion);
	}

	return distortion;
}

/**
 * Images [from, to) of the job over `rows` of `source`, into `output` at their places in the whole job's output: the
 * bytes the whole job writes there. Every image's affine draws come first, then every image's second pass, as
 * strongAugmentImages does and as the weak view's elastic distortion always followed the affine.
 */
export function augmentBlock(job: AugmentJob, source: Uint8Array, rows: Int32Array, from: number, to: number, output: Uint8Array): void {
	if (to <= from) return;
	const size = imageSize(job);
	const shape: ImageShape = job.shape;
	const block = output.subarray(from * size, to * size);
	const perAffine = affineDraws(job.ranges);
	augmentImages(source, rows.subarray(from, to), job.ranges, randomAt(advance(job.state, from * perAffine)), shape, block);
	const perImage = secondDraws(job);
	if (perImage === 0) return;
	const random = randomAt(advance(job.state, rows.length * perAffine + from * perImage));
	if (job.view === 'strong') {
		for (let i = 0; i < to - from; i++) occlude(block, i * size, job.strong, random, shape);
		return;
	}

	const distortion = distortionFor(job);
	const scratch = new Uint8Array(size);
	for (let i = 0; i < to - from; i++) {
		// Through a copy: the distortion reads the affine's image while it writes the distorted one in its place.
		scratch.set(block.subarray(i * size, (i + 1) * size));
		distortion.distort(scratch, 0, block, i * size, random);
	}
}

/** The numbers a job is written as in a team's shared memory (jobToNumbers, jobFromNumbers). */
export const jobNumbers = 14;

export function jobToNumbers(job: AugmentJob, into: Float64Array, at: number): void {
	const {shape, ranges, strong} = job;
	into.set(
		[
			job.view === 'strong' ? 1 : 0,
			shape.height,
			shape.width,
			shape.channels,
			ranges.rotationDeg,
			ranges.zoom,
			ranges.widthShift,
			ranges.heightShift,
			ranges.shearDeg ?? 0,
			strong.cutout,
			strong.noise,
			job.elastic.alpha,
			job.elastic.sigma,
			job.state,
		],
		at,
	);
}

export function jobFromNumbers(from: Float64Array, at: number): AugmentJob {
	const value = (index: number) => from[at + index]!;
	return {
		view: value(0) === 1 ? 'strong' : 'affine',
		shape: {height: value(1), width: value(2), channels: value(3)},
		ranges: {rotationDeg: value(4), zoom: value(5), widthShift: value(6), heightShift: value(7), shearDeg: value(8)},
		strong: {cutout: value(9), noise: value(10)},
		elastic: {alpha: value(11), sigma: value(12)},
		state: value(13),
	};
}
