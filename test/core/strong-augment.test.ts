// Tests FixMatch's strong augmentation: determinism, range, cutout, noise, and that a digit survives it.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseIdxImages} from '../../source/core/idx.js';
import {createRandom} from '../../source/core/random.js';
import {defaultStrongAugmentation, strongAugmentImages, type StrongAugmentation} from '../../source/core/strong-augment.js';
import {embeddedMnistDirectory} from '../../source/data/load-dataset.js';
import {mnistInfo} from '../../source/core/dataset-info.js';
const mnistSquare = mnistInfo();

const size = 784;
const imageFile = path.join(embeddedMnistDirectory(), 't10k-images-idx3-ubyte');
const digits = parseIdxImages(new Uint8Array(readFileSync(imageFile)), imageFile).pixels.slice(0, 100 * size);
const off: StrongAugmentation = {rotationDeg: 0, zoom: 0, shift: 0, shearDeg: 0, cutout: 0, noise: 0};

describe('strongAugmentImages', () => {
	it('has the documented defaults', () => {
		expect(defaultStrongAugmentation).toEqual({rotationDeg: 25, zoom: 0.2, shift: 0.15, shearDeg: 17, cutout: 10, noise: 0.1});
	});

	it('is the identity with everything off, and deterministic per seed otherwise', () => {
		expect(Buffer.from(strongAugmentImages(digits, null, off, createRandom(1), mnistSquare)).equals(Buffer.from(digits))).toBe(true);
		const a = strongAugmentImages(digits, null, defaultStrongAugmentation, createRandom(42), mnistSquare);
		const b = strongAugmentImages(digits, null, defaultStrongAugmentation, createRandom(42), mnistSquare);
		const c = strongAugmentImages(digits, null, defaultStrongAugmentation, createRandom(43), mnistSquare);
		expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
		expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
	});

	it('cuts out one square of zeros of the given side (clipped at the edges)', () => {
		const white = new Uint8Array(50 * size).fill(255);
		const output = strongAugmentImages(white, null, {...off, cutout: 10}, createRandom(3), mnistSquare);
		let fullSquares = 0;
		for (let i = 0; i < 50; i++) {
			const zeros = output.subarray(i * size, (i + 1) * size).filter(v => v === 0).length;
			expect(zeros).toBeGreaterThanOrEqual(25);
			expect(zeros).toBeLessThanOrEqual(100);
			if (zeros === 100) fullSquares++;
		}

		expect(fullSquares).toBeGreaterThan(10);
	});

	it('adds clamped noise of the given σ: mean unchanged mid-grey, spread ≈ 0.1 × 255', () => {
		const grey = new Uint8Array(20 * size).fill(128);
		const output = strongAugmentImages(grey, null, {...off, noise: 0.1}, createRandom(4), mnistSquare);
		const values = Array.from(output);
		const mean = values.reduce((a, b) => a + b, 0) / values.length;
		const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
		expect(mean).toBeCloseTo(128, 0);
		expect(sd).toBeGreaterThan(24);
		expect(sd).toBeLessThan(27);
		const clamped = strongAugmentImages(new Uint8Array(size).fill(250), null, {...off, noise: 0.5}, createRandom(5), mnistSquare);
		expect(clamped.some(v => v === 255)).toBe(true);
		expect(clamped.every(v => v <= 255 && v >= 0)).toBe(true);
	});

	it('keeps a digit recognisable on average: most ink survives', () => {
		const output = strongAugmentImages(digits, null, {...defaultStrongAugmentation, noise: 0}, createRandom(6), mnistSquare);
		let before = 0;
		let after = 0;
		for (let i = 0; i < digits.length; i++) {
			before += digits[i]!;
			after += output[i]!;
		}

		expect(after / before).toBeGreaterThan(0.6);
		expect(after / before).toBeLessThan(1.3);
	});

	it('reuses an output buffer and picks rows', () => {
		const out = new Uint8Array(size);
		expect(strongAugmentImages(digits, [7], off, createRandom(1), mnistSquare, out)).toBe(out);
		expect(Array.from(out)).toEqual(Array.from(digits.subarray(7 * size, 8 * size)));
	});
});
