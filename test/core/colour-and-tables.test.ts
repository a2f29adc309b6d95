// Tests the augmenters on colour images (channels-last, every channel moved alike) and on table rows (never warped).
import {describe, expect, it} from 'vitest';
import type {ImageShape} from '../../source/core/augment.js';
import {augmentImages} from '../../source/core/augment.js';
import {elasticDistortImages} from '../../source/core/elastic.js';
import {createRandom} from '../../source/core/random.js';
import {strongAugmentImages} from '../../source/core/strong-augment.js';

const height = 12;
const width = 20;
const grey: ImageShape = {height, width, channels: 1};
const rgb: ImageShape = {height, width, channels: 3};
const ranges = {rotationDeg: 20, zoom: 0.2, widthShift: 0.15, heightShift: 0.15, shearDeg: 10};

/** Three grey images with some structure (a diagonal ramp and a bright block), different per image. */
function greyImages(count: number): Uint8Array {
	const images = new Uint8Array(count * height * width);
	for (let i = 0; i < count; i++) {
		for (let y = 0; y < height; y++) {
			for (let x = 0; x < width; x++) {
				images[i * height * width + y * width + x] = (x * 9 + y * 5 + i * 40) % 256 > 120 || (x > 4 && x < 9 && y > 3) ? 230 : 10;
			}
		}
	}

	return images;
}

/** RGB images whose red channel is `images`, green its negative and blue a constant 77. */
function asRgb(images: Uint8Array): Uint8Array {
	const out = new Uint8Array(images.length * 3);
	for (let p = 0; p < images.length; p++) {
		out[3 * p] = images[p]!;
		out[3 * p + 1] = 255 - images[p]!;
		out[3 * p + 2] = 77;
	}

	return out;
}

const channel = (images: Uint8Array, c: number) => images.filter((_, i) => i % 3 === c);

describe('augmenting colour images', () => {
	const images = greyImages(3);

	it('moves every channel of a pixel by the same affine map as a grey image with the same draws', () => {
		const greyOut = augmentImages(images, null, ranges, createRandom(5), grey);
		const rgbOut = augmentImages(asRgb(images), null, ranges, createRandom(5), rgb);
		expect(greyOut.some((value, i) => value !== images[i])).toBe(true);
		expect(Array.from(channel(rgbOut, 0))).toEqual(Array.from(greyOut));
		// Green is the negative of red before and, up to rounding of the interpolation, after.
		const red = channel(rgbOut, 0);
		expect(channel(rgbOut, 1).every((value, i) => Math.abs(value + red[i]! - 255) <= 1)).toBe(true);
		expect(channel(rgbOut, 2).every(value => value === 77)).toBe(true);
	});

	it('distorts every channel elastically along the same field', () => {
		const options = {alpha: 8, sigma: 3};
		const greyOut = elasticDistortImages(images, [2, 0], options, createRandom(9), grey);
		const rgbOut = elasticDistortImages(asRgb(images), [2, 0], options, createRandom(9), rgb);
		expect(Array.from(channel(rgbOut, 0))).toEqual(Array.from(greyOut));
		// Outside the image is background (0), so a constant channel darkens only where the field pulls from beyond.
		expect(channel(rgbOut, 2).every(value => value <= 77)).toBe(true);
	});

	it('cuts the same square out of every channel in the strong view', () => {
		const off = {rotationDeg: 0, zoom: 0, shift: 0, shearDeg: 0, noise: 0, cutout: 6};
		const white = new Uint8Array(height * width * 3).fill(255);
		const out = strongAugmentImages(white, null, off, createRandom(3), rgb);
		const blanked = Array.from({length: height * width}, (_, p) => [out[3 * p], out[3 * p + 1], out[3 * p + 2]]);
		expect(blanked.filter(pixel => pixel.every(value => value === 0)).length).toBeGreaterThan(0);
		expect(blanked.every(pixel => pixel.every(value => value === 0) || pixel.every(value => value === 255))).toBe(true);
		// With the same draws the grey view blanks the same pixels.
		const greyOut = strongAugmentImages(new Uint8Array(height * width).fill(255), null, off, createRandom(3), grey);
		expect(blanked.map(pixel => pixel[0])).toEqual(Array.from(greyOut));
	});

	it('refuses a channel count other than 1 or 3 for images', () => {
		expect(() => augmentImages(new Uint8Array(8), null, ranges, createRandom(1), {height: 1, width: 4, channels: 2})).toThrow(/1 or 3 channels/);
	});
});

describe('augmenting table rows', () => {
	const table: ImageShape = {kind: 'table', height: 1, width: 7, channels: 1};
	const rows = Uint8Array.from({length: 21}, (_, i) => (i * 37) % 256);

	it('leaves every chosen row as it is in the weak, elastic and strong views', () => {
		const expected = Array.from(rows.subarray(14, 21)).concat(Array.from(rows.subarray(0, 7)));
		expect(Array.from(augmentImages(rows, [2, 0], ranges, createRandom(1), table))).toEqual(expected);
		expect(Array.from(elasticDistortImages(rows, [2, 0], {alpha: 30, sigma: 2}, createRandom(1), table))).toEqual(expected);
		const strong = {rotationDeg: 25, zoom: 0.2, shift: 0.15, shearDeg: 17, noise: 0.1, cutout: 4};
		expect(Array.from(strongAugmentImages(rows, [2, 0], strong, createRandom(1), table))).toEqual(expected);
	});
});
