/** FixMatch's strong view of an image: distorted hard enough that only a model that "gets" the class still agrees. */
import {augmentImages, type AugmentationRanges, type ImageShape} from './augment.js';
import {randomIndex, type Random} from './random.js';

/** Strong augmentation for digits; every field 0 turns that part off. */
export interface StrongAugmentation {
	/** Maximum rotation in degrees (±). */
	rotationDeg: number;
	/** Zoom range: each axis's scale in [1 − zoom, 1 + zoom]. */
	zoom: number;
	/** Maximum shift as a fraction of the image size, both axes (±). */
	shift: number;
	/** Maximum shear angle in degrees (±). */
	shearDeg: number;
	/** Side of the square of zeros cut out at a random place, in pixels. */
	cutout: number;
	/** Standard deviation of the additive Gaussian noise, as a fraction of full scale (255). */
	noise: number;
}

/**
 * The defaults, and why. FixMatch's RandAugment is made for photos (colour, contrast, posterize...), which a
 * grey-scale digit on black mostly ignores; what changes a digit's look without changing its class is geometry and
 * occlusion. So: the weak affine's ranges, stretched (±25° instead of ±10°, zoom ±0.2, shift ±15 %) plus a shear of
 * ±17° (slanted handwriting); a 10 × 10 cutout (≈13 % of the image; DeVries & Taylor 2017 — part of a stroke goes
 * missing, as with a faint pen); and noise of σ = 10 % of full scale, clamped. Not more: rotating a 6 by 180° makes a 9.
 */
export const defaultStrongAugmentation: StrongAugmentation = {
	rotationDeg: 25,
	zoom: 0.2,
	shift: 0.15,
	shearDeg: 17,
	cutout: 10,
	noise: 0.1,
};

/**
 * Returns a strongly augmented copy of each chosen image, n × height × width × channels bytes, deterministic for the
 * `random` stream: first the affine of every image (rotation, zoom, shift, shear; see augmentImages), then per image
 * the cutout (a square centred uniformly anywhere in the image, clipped at the edges, every channel set to 0) and the
 * noise (added to every byte, rounded, clamped to 0..255). A table row is copied unchanged (it has no geometry).
 *
 * @param rows indices of the images within `source`, or null for all of them in order.
 * @param output optional buffer of at least n images to reuse instead of allocating.
 */
export function strongAugmentImages(
	source: Uint8Array,
	rows: Int32Array | readonly number[] | null,
	options: StrongAugmentation,
	random: Random,
	shape: ImageShape,
	output?: Uint8Array,
): Uint8Array {
	const result = augmentImages(source, rows, strongRanges(options), random, shape, output);
	if (shape.kind === 'table') return result;
	const size = shape.height * shape.width * shape.channels;
	const count = rows === null ? Math.floor(source.length / size) : rows.length;
	for (let i = 0; i < count; i++) occlude(result, i * size, options, random, shape);
	return result;
}

/** The strong view's affine ranges (the first of its two passes). */
export function strongRanges(options: StrongAugmentation): AugmentationRanges {
	return {rotationDeg: options.rotationDeg, zoom: options.zoom, widthShift: options.shift, heightShift: options.shift, shearDeg: options.shearDeg};
}

/** Draws the second pass takes per image: 2 for the cutout's centre, one per byte (rounded up to pairs) for the noise. */
export function occlusionDraws(options: Pick<StrongAugmentation, 'cutout' | 'noise'>, size: number): number {
	return (Math.round(options.cutout) > 0 ? 2 : 0) + (options.noise * 255 > 0 ? 2 * Math.ceil(size / 2) : 0);
}

/** The second pass on one image at `offset` of `result`: its cutout, then its noise. */
export function occlude(result: Uint8Array, offset: number, options: Pick<StrongAugmentation, 'cutout' | 'noise'>, random: Random, shape: ImageShape): void {
	const {height, width, channels} = shape;
	const stride = width * channels;
	const side = Math.round(options.cutout);
	const sigma = options.noise * 255;
	if (side > 0) {
		const centerX = randomIndex(random, width);
		const centerY = randomIndex(random, height);
		const left = Math.max(0, centerX - (side >> 1));
		const right = Math.min(width, centerX - (side >> 1) + side);
		const top = Math.max(0, centerY - (side >> 1));
		const bottom = Math.min(height, centerY - (side >> 1) + side);
		for (let y = top; y < bottom; y++) result.fill(0, offset + y * stride + left * channels, offset + y * stride + right * channels);
	}

	if (sigma > 0) {
		addGaussianNoise(result, offset, height * width * channels, sigma, random);
	}
}

/** Adds N(0, σ²) to each of `count` bytes from `offset`, rounding and clamping to 0..255 (Box–Muller, two per draw pair). */
function addGaussianNoise(pixels: Uint8Array, offset: number, count: number, sigma: number, random: Random): void {
	for (let i = 0; i < count; i += 2) {
		// 1 − u keeps the logarithm's argument in (0, 1].
		const radius = sigma * Math.sqrt(-2 * Math.log(1 - random()));
		const angle = 2 * Math.PI * random();
		pixels[offset + i] = clampByte(pixels[offset + i]! + radius * Math.cos(angle));
		if (i + 1 < count) {
			pixels[offset + i + 1] = clampByte(pixels[offset + i + 1]! + radius * Math.sin(angle));
		}
	}
}

function clampByte(value: number): number {
	return value <= 0 ? 0 : value >= 255 ? 255 : (value + 0.5) | 0;
}
