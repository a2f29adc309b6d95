// Tests the random affine augmentation on real MNIST digits and on hand-made images with a known answer.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {AugmentationRanges} from '../../source/config/run-config.js';
import {augmentImages} from '../../source/core/augment.js';
import {parseIdxImages} from '../../source/core/idx.js';
import {createRandom, type Random} from '../../source/core/random.js';
import {embeddedMnistDirectory} from '../../source/data/load-dataset.js';
import {mnistInfo} from '../../source/core/dataset-info.js';
const mnistSquare = mnistInfo();

const side = 28;
const size = side * side;
const imageFile = path.join(embeddedMnistDirectory(), 't10k-images-idx3-ubyte');
const digits = parseIdxImages(new Uint8Array(readFileSync(imageFile)), imageFile).pixels.slice(0, 200 * size);
const noElastic = {elasticAlpha: 0, elasticSigma: 4, tableNoise: 0};
const tutorial: AugmentationRanges = {rotationDeg: 10, zoom: 0.1, widthShift: 0.1, heightShift: 0.1, ...noElastic};
const none: AugmentationRanges = {rotationDeg: 0, zoom: 0, widthShift: 0, heightShift: 0, ...noElastic};

/** Always the same draw, so the transform is known: 0.5 is the middle of every range (no change). */
const constant = (value: number): Random => () => value;

function centerOfMass(image: Uint8Array, offset = 0): {x: number; y: number; mass: number} {
	let mass = 0;
	let x = 0;
	let y = 0;
	for (let row = 0; row < side; row++) {
		for (let col = 0; col < side; col++) {
			const value = image[offset + row * side + col]!;
			mass += value;
			x += value * col;
			y += value * row;
		}
	}

	return {x: x / mass, y: y / mass, mass};
}

/** A filled square of 255 with its top-left corner at (left, top). */
function square(left: number, top: number, width: number): Uint8Array {
	const image = new Uint8Array(size);
	for (let row = top; row < top + width; row++) image.fill(255, row * side + left, row * side + left + width);
	return image;
}

describe('augmentImages', () => {
	it('returns the input byte for byte when every range is zero', () => {
		const output = augmentImages(digits, null, none, createRandom(1), mnistSquare);
		expect(output.length).toBe(digits.length);
		expect(Buffer.from(output).equals(Buffer.from(digits))).toBe(true);
	});

	it('picks the requested rows in order', () => {
		const output = augmentImages(digits, [5, 0, 5], none, createRandom(1), mnistSquare);
		expect(Array.from(output.subarray(0, size))).toEqual(Array.from(digits.subarray(5 * size, 6 * size)));
		expect(Array.from(output.subarray(size, 2 * size))).toEqual(Array.from(digits.subarray(0, size)));
		expect(Array.from(output.subarray(2 * size))).toEqual(Array.from(digits.subarray(5 * size, 6 * size)));
	});

	it('is deterministic for a seed and differs between seeds', () => {
		const a = augmentImages(digits, null, tutorial, createRandom(42), mnistSquare);
		const b = augmentImages(digits, null, tutorial, createRandom(42), mnistSquare);
		const c = augmentImages(digits, null, tutorial, createRandom(43), mnistSquare);
		expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
		expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
		expect(Buffer.from(a).equals(Buffer.from(digits))).toBe(false);
	});

	it('keeps values in range without wrapping: white stays white, black stays black', () => {
		const white = new Uint8Array(3 * size).fill(255);
		const black = new Uint8Array(3 * size);
		const strong: AugmentationRanges = {rotationDeg: 45, zoom: 0.5, widthShift: 0.4, heightShift: 0.4, ...noElastic};
		expect(augmentImages(white, null, strong, createRandom(2), mnistSquare).every((v) => v === 255)).toBe(true);
		expect(augmentImages(black, null, strong, createRandom(2), mnistSquare).every((v) => v === 0)).toBe(true);
	});

	it('keeps a digit recognisable: mass and position change only a little with the tutorial ranges', () => {
		const output = augmentImages(digits, null, tutorial, createRandom(7), mnistSquare);
		for (let i = 0; i < 200; i++) {
			const before = centerOfMass(digits, i * size);
			const after = centerOfMass(output, i * size);
			expect(Math.abs(after.x - before.x)).toBeLessThan(4.5);
			expect(Math.abs(after.y - before.y)).toBeLessThan(4.5);
			expect(after.mass / before.mass).toBeGreaterThan(0.7);
			expect(after.mass / before.mass).toBeLessThan(1.3);
		}
	});

	it('moves the digit left for a positive horizontal shift and right for a negative one', () => {
		const ranges: AugmentationRanges = {rotationDeg: 0, zoom: 0, widthShift: 0.1, heightShift: 0, ...noElastic};
		for (let i = 0; i < 20; i++) {
			const image = digits.subarray(i * size, (i + 1) * size);
			const before = centerOfMass(image);
			// Draw 0.75 → shift +0.05 × 28 = 1.4 px: each output pixel reads 1.4 px to its right, so ink moves left.
			const left = centerOfMass(augmentImages(image, null, ranges, constant(0.75), mnistSquare));
			const right = centerOfMass(augmentImages(image, null, ranges, constant(0.25), mnistSquare));
			expect(left.x - before.x).toBeCloseTo(-1.4, 0);
			expect(right.x - before.x).toBeCloseTo(1.4, 0);
			expect(Math.abs(left.y - before.y)).toBeLessThan(0.05);
		}
	});

	it('moves the digit up for a positive vertical shift', () => {
		const ranges: AugmentationRanges = {rotationDeg: 0, zoom: 0, widthShift: 0, heightShift: 0.1, ...noElastic};
		const image = digits.subarray(0, size);
		const before = centerOfMass(image);
		const after = centerOfMass(augmentImages(image, null, ranges, constant(0.75), mnistSquare));
		expect(after.y - before.y).toBeCloseTo(-1.4, 0);
		expect(Math.abs(after.x - before.x)).toBeLessThan(0.05);
	});

	it('shifts by a whole pixel exactly, repeating the edge column', () => {
		const image = digits.subarray(3 * size, 4 * size).slice();
		image[5 * side + 27] = 200; // something on the right edge to be repeated
		// Draw 1 → shift +widthShift × 28 = exactly one pixel.
		const output = augmentImages(image, null, {...none, widthShift: 1 / 28}, constant(1), mnistSquare);
		for (let row = 0; row < side; row++) {
			for (let col = 0; col < side; col++) {
				expect(output[row * side + col]).toBe(image[row * side + Math.min(col + 1, side - 1)]);
			}
		}
	});

	it('shrinks the digit about the center for a zoom scale above 1', () => {
		const image = square(9, 9, 10); // 10×10 block centered at 13.5
		// Draw 1 → scale 1.5: output reads 1.5× farther from the center, so the block shrinks to about 6.7 px.
		const output = augmentImages(image, null, {...none, zoom: 0.5}, constant(1), mnistSquare);
		const before = centerOfMass(image);
		const after = centerOfMass(output);
		expect(after.x).toBeCloseTo(before.x, 5);
		expect(after.y).toBeCloseTo(before.y, 5);
		expect(after.mass / before.mass).toBeCloseTo(1 / 1.5 ** 2, 1);
	});

	it('zooms width and height independently, as Keras does', () => {
		const image = square(9, 9, 10);
		// Draws in order: rotation (0.5 → none), horizontal zoom (1 → 1.5), vertical zoom (0 → 0.5), shifts (none).
		const draws = [0.5, 1, 0, 0.5, 0.5];
		let next = 0;
		const output = augmentImages(image, null, {...none, zoom: 0.5}, () => draws[next++ % draws.length]!, mnistSquare);
		const inkColumns = new Set<number>();
		const inkRows = new Set<number>();
		for (let row = 0; row < side; row++) {
			for (let col = 0; col < side; col++) {
				if (output[row * side + col]! > 127) {
					inkColumns.add(col);
					inkRows.add(row);
				}
			}
		}

		// Scale 1.5 across shrinks the block's width to about 7 px; scale 0.5 down stretches its height to about 20.
		expect(inkColumns.size).toBeLessThanOrEqual(8);
		expect(inkRows.size).toBeGreaterThanOrEqual(18);
	});

	it('rotates about the center: a horizontal bar turned 90 degrees stands upright', () => {
		const bar = new Uint8Array(size);
		bar.fill(255, 13 * side + 4, 13 * side + 24); // row 13, columns 4..23
		bar.fill(255, 14 * side + 4, 14 * side + 24); // row 14
		const output = augmentImages(bar, null, {...none, rotationDeg: 90}, constant(1), mnistSquare);
		const before = centerOfMass(bar);
		const after = centerOfMass(output);
		expect(after.mass).toBeCloseTo(before.mass, -2);
		expect(after.x).toBeCloseTo(13.5, 5);
		expect(after.y).toBeCloseTo(13.5, 5);
		let columnSpread = 0;
		let rowSpread = 0;
		for (let row = 0; row < side; row++) {
			for (let col = 0; col < side; col++) {
				const value = output[row * side + col]!;
				columnSpread += value * (col - 13.5) ** 2;
				rowSpread += value * (row - 13.5) ** 2;
			}
		}

		expect(rowSpread).toBeGreaterThan(50 * columnSpread);
	});

	it('supports other image sizes and reuses an output buffer', () => {
		const image = Uint8Array.from({length: 12}, (_, i) => i * 20); // 3 rows × 4 cols
		const output = new Uint8Array(12);
		const result = augmentImages(image, null, none, createRandom(0), {height: 3, width: 4, channels: 1}, output);
		expect(result).toBe(output);
		expect(Array.from(output)).toEqual(Array.from(image));
		expect(() => augmentImages(image, null, none, createRandom(0), {height: 3, width: 4, channels: 1}, new Uint8Array(5))).toThrow(RangeError);
	});

	it('draws nothing extra without shear: shearDeg 0 gives the same stream and images as no shearDeg', () => {
		const a = augmentImages(digits, null, tutorial, createRandom(42), mnistSquare);
		const b = augmentImages(digits, null, {...tutorial, shearDeg: 0}, createRandom(42), mnistSquare);
		expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
	});

	it('shears: a vertical bar leans, its bottom moving right for a positive angle', () => {
		const bar = new Uint8Array(size);
		for (let row = 4; row < 24; row++) bar.fill(255, row * side + 13, row * side + 15);
		// Draws: rotation, zooms and shifts at their middles (no change), shear 1 → +20°.
		const draws = [0.5, 0.5, 0.5, 0.5, 0.5, 1];
		let next = 0;
		const output = augmentImages(bar, null, {...none, shearDeg: 20}, () => draws[next++ % draws.length]!, mnistSquare);
		const half = (from: number, to: number) => {
			const part = new Uint8Array(size);
			part.set(output.subarray(from * side, to * side), from * side);
			return centerOfMass(part);
		};

		const top = half(0, 14);
		const bottom = half(14, 28);
		// Ink at height y sits sin(20°)·(y − 13.5) px right of the bar's center.
		expect(bottom.x - top.x).toBeCloseTo(Math.sin((20 * Math.PI) / 180) * (bottom.y - top.y), 0);
		expect(bottom.x - top.x).toBeGreaterThan(2);
		expect(centerOfMass(output).x).toBeCloseTo(13.5, 0);
	});
});
