/**
 * Brings a decoded image of any size and aspect to the dataset's square side: letterboxed (`pad`, the border colour
 * fills the bars), centre-cropped (`crop`) or stretched, resampled by area average (each output pixel is the mean of
 * the source area it covers: no aliasing when shrinking; plain pixel blocks when enlarging). Also the channel
 * conversions and the polarity flip, which every image kind shares.
 */
import type {Fit} from '../../core/image-preparation.js';
import type {DecodedImage} from './decode-image.js';

export type {Fit};

/** size × size × image.channels bytes. */
export function fitImage(image: DecodedImage, size: number, fit: Fit): Uint8Array {
	const {width, height, channels} = image;
	// Already the right size (MNIST-like folders): a copy, no resampling.
	if (width === size && height === size) return image.data.slice();
	const out = new Uint8Array(size * size * channels);
	if (fit === 'stretch' || width === height) {
		resample(image, 0, 0, width, height, out, size, 0, 0, size, size);
	} else if (fit === 'crop') {
		const side = Math.min(width, height);
		resample(image, (width - side) / 2, (height - side) / 2, side, side, out, size, 0, 0, size, size);
	} else {
		const scale = size / Math.max(width, height);
		const w = Math.max(1, Math.round(width * scale));
		const h = Math.max(1, Math.round(height * scale));
		const left = Math.floor((size - w) / 2);
		const top = Math.floor((size - h) / 2);
		const border = borderColour(image);
		for (let p = 0; p < size * size; p++) for (let c = 0; c < channels; c++) out[p * channels + c] = border[c]!;
		resample(image, 0, 0, width, height, out, size, left, top, w, h);
	}

	return out;
}

/** For each output index of `n` over the source interval [start, start + length): the source pixels and weights. */
function areaWeights(start: number, length: number, n: number, limit: number): Array<{from: number; weights: Float32Array}> {
	const step = length / n;
	const result: Array<{from: number; weights: Float32Array}> = [];
	for (let i = 0; i < n; i++) {
		const a = start + i * step;
		const b = a + step;
		const from = Math.max(0, Math.floor(a));
		const to = Math.min(limit, Math.ceil(b));
		const weights = new Float32Array(Math.max(1, to - from));
		for (let j = from; j < to; j++) weights[j - from] = (Math.min(b, j + 1) - Math.max(a, j)) / step;
		result.push({from, weights});
	}

	return result;
}

/** Area-averages the source rectangle into the w × h rectangle at (left, top) of the `size`-wide output. */
function resample(
	image: DecodedImage,
	sx: number,
	sy: number,
	sw: number,
	sh: number,
	out: Uint8Array,
	size: number,
	left: number,
	top: number,
	w: number,
	h: number,
): void {
	const {width, height, channels, data} = image;
	const columns = areaWeights(sx, sw, w, width);
	const rows = areaWeights(sy, sh, h, height);
	// Horizontal pass over the source rows the vertical pass will read, then the vertical pass.
	const firstRow = rows[0]!.from;
	const lastRow = rows[h - 1]!.from + rows[h - 1]!.weights.length;
	const across = new Float32Array((lastRow - firstRow) * w * channels);
	for (let y = firstRow; y < lastRow; y++) {
		const rowStart = y * width * channels;
		const target = (y - firstRow) * w * channels;
		for (let x = 0; x < w; x++) {
			const {from, weights} = columns[x]!;
			for (let c = 0; c < channels; c++) {
				let sum = 0;
				for (let k = 0; k < weights.length; k++) sum += data[rowStart + (from + k) * channels + c]! * weights[k]!;
				across[target + x * channels + c] = sum;
			}
		}
	}

	for (let y = 0; y < h; y++) {
		const {from, weights} = rows[y]!;
		const outRow = ((top + y) * size + left) * channels;
		for (let x = 0; x < w * channels; x++) {
			let sum = 0;
			for (let k = 0; k < weights.length; k++) sum += across[(from - firstRow + k) * w * channels + x]! * weights[k]!;
			out[outRow + x] = Math.min(255, Math.max(0, Math.round(sum)));
		}
	}
}

/** The mean colour of the image's outermost pixels: bars in that colour disappear into the background. */
function borderColour(image: DecodedImage): number[] {
	const {width, height, channels, data} = image;
	const sums = new Array<number>(channels).fill(0);
	let count = 0;
	const add = (x: number, y: number) => {
		for (let c = 0; c < channels; c++) sums[c]! += data[(y * width + x) * channels + c]!;
		count++;
	};

	for (let x = 0; x < width; x++) {
		add(x, 0);
		if (height > 1) add(x, height - 1);
	}

	for (let y = 1; y < height - 1; y++) {
		add(0, y);
		if (width > 1) add(width - 1, y);
	}

	return sums.map(sum => Math.round(sum / count));
}

/** Grey to RGB (the value three times) or RGB to grey (luma, BT.601 weights). */
export function convertChannels(data: Uint8Array, from: 1 | 3, to: 1 | 3): Uint8Array {
	if (from === to) return data;
	if (from === 1) {
		const out = new Uint8Array(data.length * 3);
		for (let p = 0; p < data.length; p++) out[p * 3] = out[p * 3 + 1] = out[p * 3 + 2] = data[p]!;
		return out;
	}

	const out = new Uint8Array(data.length / 3);
	for (let p = 0; p < out.length; p++) out[p] = Math.round(0.299 * data[p * 3]! + 0.587 * data[p * 3 + 1]! + 0.114 * data[p * 3 + 2]!);
	return out;
}

/** 255 − value, in place: dark-on-light scans become MNIST's light-on-dark. */
export function invertInPlace(data: Uint8Array): void {
	for (let i = 0; i < data.length; i++) data[i] = 255 - data[i]!;
}

/** "fitted to 32×32 (letterboxed in the border colour, area average)": the loaders' note. */
export function fitWords(size: number, fit: Fit): string {
	return `fitted to ${size}×${size} (${fit === 'pad' ? 'letterboxed in the border colour' : fit === 'crop' ? 'centre-cropped' : 'stretched'}, area average)`;
}

/** The shape of every image of a stack. */
export interface StackShape {
	height: number;
	width: number;
	channels: 1 | 3;
}

/**
 * A stack of same-size images (count × height × width × channels bytes, channels-last) prepared as the loaders
 * prepare images: fitted to a `size` square when one is given and differs, converted to `channels`, then inverted.
 * Returns the stack itself when nothing changes (an IDX file's bytes are not copied for nothing).
 */
export function prepareStack(pixels: Uint8Array, count: number, from: StackShape, to: {size?: number; fit: Fit; channels: 1 | 3; invert: boolean}): Uint8Array {
	const resize = to.size !== undefined && (to.size !== from.height || to.size !== from.width);
	let out = pixels;
	if (resize) {
		const side = to.size!;
		const inSize = from.height * from.width * from.channels;
		out = new Uint8Array(count * side * side * from.channels);
		for (let i = 0; i < count; i++) {
			const image: DecodedImage = {...from, data: pixels.subarray(i * inSize, (i + 1) * inSize)};
			out.set(fitImage(image, side, to.fit), i * side * side * from.channels);
		}
	}

	out = convertChannels(out, from.channels, to.channels);
	if (to.invert) {
		if (out === pixels) out = pixels.slice();
		invertInPlace(out);
	}

	return out;
}
