/** Random affine augmentation of uint8 images (rotation, zoom, shift, shear), the noise that keeps pseudo-labels from being memorised. */
import type {DatasetInfo} from './dataset-info.js';
import {uniform, type Random} from './random.js';

/** Ranges of the random affine transform (the config's AugmentationRanges fits as is). */
export interface AugmentationRanges {
	/** Maximum rotation in degrees, drawn uniformly from [-r, r]. */
	rotationDeg: number;
	/** Zoom range: each axis's scale drawn uniformly from [1 - z, 1 + z]. */
	zoom: number;
	/** Horizontal shift as a fraction of the width, drawn from [-s, s]. */
	widthShift: number;
	/** Vertical shift as a fraction of the height, drawn from [-s, s]. */
	heightShift: number;
	/** Maximum shear angle in degrees, drawn from [-s, s]; absent or 0 = no shear (and no draw). */
	shearDeg?: number;
}

/**
 * What a sample looks like to an augmenter: height × width pixels of `channels` bytes each, channels-last (a
 * DatasetInfo fits as is). A sample of kind `table` is a row of features with no geometry: every image augmenter copies
 * it unchanged rather than warp it as if it were a picture.
 */
export type ImageShape = Pick<DatasetInfo, 'height' | 'width' | 'channels'> & {kind?: DatasetInfo['kind']};

/** What every batch augmenter needs: the image size (`size` bytes per sample), how many, and the output buffer (given or new). */
export function imageBatch(caller: string, source: Uint8Array, rows: ArrayLike<number> | null, shape: ImageShape, output?: Uint8Array) {
	const {height, width, channels} = shape;
	if (!(Number.isInteger(height) && Number.isInteger(width) && height > 0 && width > 0 && (channels === 1 || channels === 3 || shape.kind === 'table'))) {
		throw new RangeError(`${caller}: cannot augment ${height}×${width}×${channels} samples, expected positive sides and 1 or 3 channels`);
	}

	const size = height * width * channels;
	const count = rows === null ? Math.floor(source.length / size) : rows.length;
	const result = output ?? new Uint8Array(count * size);
	if (result.length < count * size) {
		throw new RangeError(`${caller}: output holds ${result.length} bytes, needs ${count * size}`);
	}

	return {height, width, channels, size, count, result};
}

/** Copies the chosen samples unchanged: what an image augmenter does to a table row. */
export function copyRows(source: Uint8Array, rows: ArrayLike<number> | null, size: number, count: number, result: Uint8Array): Uint8Array {
	for (let i = 0; i < count; i++) {
		const from = (rows === null ? i : rows[i]!) * size;
		result.set(source.subarray(from, from + size), i * size);
	}

	return result;
}

/**
 * Returns a fresh random affine copy of each chosen image, n × height × width × channels bytes (every channel of a
 * pixel moves together; a table row is copied unchanged).
 *
 * Per image, drawn in this order: rotation uniform in ±rotationDeg, horizontal and vertical zoom scales each uniform
 * in [1 − zoom, 1 + zoom] (independently, as Keras ImageDataGenerator's `zoom_range` draws them), horizontal shift
 * uniform in ±widthShift × cols, vertical shift uniform in ±heightShift × rows, then — only when shearDeg > 0, so
 * draws without shear stay as they were — a shear angle uniform in ±shearDeg. Each output pixel
 * looks up where it comes from in the source (the inverse mapping, as Keras ImageDataGenerator and PyTorch
 * `affine_grid` do), around the image center, so a scale above 1 shrinks the digit and a positive shift moves it
 * left/up. Sampling is bilinear; points outside the image take the nearest edge pixel (Keras `fill_mode='nearest'`,
 * PyTorch `padding_mode='border'`). With all ranges zero the output equals the input byte for byte.
 *
 * @param rows indices of the images to augment within `source`, or null for all of them in order.
 * @param shape the samples' height, width and channels (the dataset's descriptor).
 * @param output optional buffer of at least n samples to reuse instead of allocating.
 */
export function augmentImages(
	source: Uint8Array,
	rows: Int32Array | readonly number[] | null,
	ranges: AugmentationRanges,
	random: Random,
	shape: ImageShape,
	output?: Uint8Array,
): Uint8Array {
	const {height, width, channels, size, count, result} = imageBatch('augmentImages', source, rows, shape, output);
	if (shape.kind === 'table') return copyRows(source, rows, size, count, result);

	const matrix = new Float64Array(6);
	for (let i = 0; i < count; i++) {
		const row = rows === null ? i : rows[i]!;
		randomAffineInto(matrix, ranges, random, height, width);
		if (channels === 1) warpImage(source, row * size, result, i * size, height, width, matrix);
		else warpChannels(source, row * size, result, i * size, height, width, channels, matrix);
	}

	return result;
}

/**
 * Fills `matrix` with a random output→source pixel mapping: [a, b, tx, c, d, ty] such that
 * srcX = a·x + b·y + tx and srcY = c·x + d·y + ty.
 */
export function randomAffineInto(
	matrix: Float64Array,
	ranges: AugmentationRanges,
	random: Random,
	height: number,
	width: number,
): void {
	const angle = (uniform(random, -ranges.rotationDeg, ranges.rotationDeg) * Math.PI) / 180;
	const scaleX = uniform(random, 1 - ranges.zoom, 1 + ranges.zoom);
	const scaleY = uniform(random, 1 - ranges.zoom, 1 + ranges.zoom);
	const shiftX = uniform(random, -ranges.widthShift, ranges.widthShift) * width;
	const shiftY = uniform(random, -ranges.heightShift, ranges.heightShift) * height;
	const shearDeg = ranges.shearDeg ?? 0;
	const shear = shearDeg > 0 ? (uniform(random, -shearDeg, shearDeg) * Math.PI) / 180 : 0;
	const cos = Math.cos(angle);
	const sin = Math.sin(angle);
	// Pixel centers sit at integers, so the image center is at (size − 1) / 2; rotating and zooming about it
	// keeps the digit in place instead of swinging it around the top-left corner.
	const centerX = (width - 1) / 2;
	const centerY = (height - 1) / 2;
	// Rotation after zoom: source = R · diag(scaleX, scaleY) · (output − center) + center + shift. A shear turns the
	// y axis by a further angle (PyTorch's affine_grid form with θ = angle + shear in the second column), so a vertical
	// stroke leans while horizontal ones keep the plain rotation.
	matrix[0] = cos * scaleX;
	matrix[1] = -Math.sin(angle + shear) * scaleY;
	matrix[2] = centerX + shiftX - matrix[0] * centerX - matrix[1] * centerY;
	matrix[3] = sin * scaleX;
	matrix[4] = Math.cos(angle + shear) * scaleY;
	matrix[5] = centerY + shiftY - matrix[3] * centerX - matrix[4] * centerY;
}

function warpImage(
	source: Uint8Array,
	sourceOffset: number,
	target: Uint8Array,
	targetOffset: number,
	height: number,
	width: number,
	matrix: Float64Array,
): void {
	const a = matrix[0]!;
	const b = matrix[1]!;
	const tx = matrix[2]!;
	const c = matrix[3]!;
	const d = matrix[4]!;
	const ty = matrix[5]!;
	const maxX = width - 1;
	const maxY = height - 1;
	let out = targetOffset;
	for (let y = 0; y < height; y++) {
		const rowX = b * y + tx;
		const rowY = d * y + ty;
		for (let x = 0; x < width; x++) {
			let sx = a * x + rowX;
			let sy = c * x + rowY;
			// Clamping the coordinate before interpolating is exactly "repeat the edge pixel" for bilinear sampling.
			sx = sx < 0 ? 0 : sx > maxX ? maxX : sx;
			sy = sy < 0 ? 0 : sy > maxY ? maxY : sy;
			const x0 = sx | 0;
			const y0 = sy | 0;
			const fx = sx - x0;
			const fy = sy - y0;
			const x1 = x0 < maxX ? x0 + 1 : x0;
			const top = sourceOffset + y0 * width;
			const bottom = y0 < maxY ? top + width : top;
			const upper = source[top + x0]! + (source[top + x1]! - source[top + x0]!) * fx;
			const lower = source[bottom + x0]! + (source[bottom + x1]! - source[bottom + x0]!) * fx;
			target[out++] = (upper + (lower - upper) * fy + 0.5) | 0;
		}
	}
}

/** warpImage for channels-last pixels of `channels` bytes: the same mapping and weights for every channel of a pixel. */
function warpChannels(
	source: Uint8Array,
	sourceOffset: number,
	target: Uint8Array,
	targetOffset: number,
	height: number,
	width: number,
	channels: number,
	matrix: Float64Array,
): void {
	const [a, b, tx, c, d, ty] = matrix as unknown as [number, number, number, number, number, number];
	const maxX = width - 1;
	const maxY = height - 1;
	const stride = width * channels;
	let out = targetOffset;
	for (let y = 0; y < height; y++) {
		const rowX = b * y + tx;
		const rowY = d * y + ty;
		for (let x = 0; x < width; x++) {
			let sx = a * x + rowX;
			let sy = c * x + rowY;
			sx = sx < 0 ? 0 : sx > maxX ? maxX : sx;
			sy = sy < 0 ? 0 : sy > maxY ? maxY : sy;
			const x0 = sx | 0;
			const y0 = sy | 0;
			const fx = sx - x0;
			const fy = sy - y0;
			const left = x0 * channels;
			const right = (x0 < maxX ? x0 + 1 : x0) * channels;
			const top = sourceOffset + y0 * stride;
			const bottom = y0 < maxY ? top + stride : top;
			for (let channel = 0; channel < channels; channel++) {
				const upper = source[top + left + channel]! + (source[top + right + channel]! - source[top + left + channel]!) * fx;
				const lower = source[bottom + left + channel]! + (source[bottom + right + channel]! - source[bottom + left + channel]!) * fx;
				target[out++] = (upper + (lower - upper) * fy + 0.5) | 0;
			}
		}
	}
}
