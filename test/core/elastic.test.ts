// Tests elastic distortion: identity at α = 0, determinism per seed, pixels in range, a small local wobble.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {createElasticDistortion, elasticDistortImages} from '../../source/core/elastic.js';
import {parseIdxImages} from '../../source/core/idx.js';
import {createRandom} from '../../source/core/random.js';
import {embeddedMnistDirectory} from '../../source/data/load-dataset.js';
import {mnistInfo} from '../../source/core/dataset-info.js';
const mnistSquare = mnistInfo();

const size = 784;
const imageFile = path.join(embeddedMnistDirectory(), 't10k-images-idx3-ubyte');
const digits = parseIdxImages(new Uint8Array(readFileSync(imageFile)), imageFile).pixels.slice(0, 100 * size);
const simard = {alpha: 34, sigma: 4};

function mass(image: Uint8Array, offset: number): number {
	let total = 0;
	for (let i = 0; i < size; i++) total += image[offset + i]!;
	return total;
}

describe('elasticDistortImages', () => {
	it('is the identity at α = 0', () => {
		const output = elasticDistortImages(digits, null, {alpha: 0, sigma: 4}, createRandom(1), mnistSquare);
		expect(Buffer.from(output).equals(Buffer.from(digits))).toBe(true);
	});

	it('is deterministic for a seed, differs between seeds, and changes the images', () => {
		const a = elasticDistortImages(digits, null, simard, createRandom(42), mnistSquare);
		const b = elasticDistortImages(digits, null, simard, createRandom(42), mnistSquare);
		const c = elasticDistortImages(digits, null, simard, createRandom(43), mnistSquare);
		expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
		expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
		expect(Buffer.from(a).equals(Buffer.from(digits))).toBe(false);
	});

	it('keeps pixels in 0..255: white stays white inside, black stays black', () => {
		const black = elasticDistortImages(new Uint8Array(3 * size), null, {alpha: 300, sigma: 2}, createRandom(3), mnistSquare);
		expect(black.every(v => v === 0)).toBe(true);
		// Far-flung samples (α 300) read the black outside, but nothing exceeds white.
		const wild = elasticDistortImages(new Uint8Array(size).fill(255), null, {alpha: 300, sigma: 2}, createRandom(3), mnistSquare);
		expect(wild.some(v => v < 255)).toBe(true);
		const white = elasticDistortImages(new Uint8Array(size).fill(255), null, simard, createRandom(3), mnistSquare);
		expect(white[14 * 28 + 14]).toBe(255);
	});

	it('wobbles rather than scrambles with Simard\'s α 34, σ 4: a digit keeps most of its ink and its place', () => {
		const output = elasticDistortImages(digits, null, simard, createRandom(5), mnistSquare);
		let changed = 0;
		let ratios = 0;
		for (let i = 0; i < 100; i++) {
			// Stretched strokes thin out and squeezed ones thicken (0.58–1.53 on these 100 digits), the same on average.
			const ratio = mass(output, i * size) / mass(digits, i * size);
			expect(ratio).toBeGreaterThan(0.4);
			expect(ratio).toBeLessThan(2);
			ratios += ratio;
			for (let p = 0; p < size; p++) if (output[i * size + p] !== digits[i * size + p]) changed++;
		}

		expect(ratios / 100).toBeGreaterThan(0.9);
		expect(ratios / 100).toBeLessThan(1.1);

		// A visible change on every image, not a pixel or two.
		expect(changed / 100).toBeGreaterThan(40);
	});

	it('picks rows, works in place and on other shapes, and rejects bad options', () => {
		const picked = elasticDistortImages(digits, [3], {alpha: 0, sigma: 4}, createRandom(1), mnistSquare);
		expect(Array.from(picked)).toEqual(Array.from(digits.subarray(3 * size, 4 * size)));
		const copy = digits.slice(0, 2 * size);
		const expected = elasticDistortImages(copy, null, simard, createRandom(9), mnistSquare);
		elasticDistortImages(copy, null, simard, createRandom(9), mnistSquare, copy);
		expect(Array.from(copy)).toEqual(Array.from(expected));
		expect(elasticDistortImages(new Uint8Array(12).fill(9), null, {alpha: 2, sigma: 1}, createRandom(1), {height: 3, width: 4, channels: 1})).toHaveLength(12);
		expect(() => createElasticDistortion({alpha: -1, sigma: 4}, mnistSquare)).toThrow(/alpha/);
		expect(() => createElasticDistortion({alpha: 34, sigma: 0}, mnistSquare)).toThrow(/sigma/);
	});
});
