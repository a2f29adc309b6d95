/** The table augmenters: noise statistics in z units, the mask-and-swap rate and columns, and who augments what kind. */
import {describe, expect, it} from 'vitest';
import {maskSwapTableRows, noiseTableRows, tableZRange} from '../../source/core/table-augment.js';
import {createRandom} from '../../source/core/random.js';
import {dequantize, quantize, zRange} from '../../source/data/formats/quantize.js';
import {createAugmenter, createStrongAugmenter} from '../../source/training/augment-views.js';
import {defaultStrongAugmentation} from '../../source/core/strong-augment.js';

const features = 6;
const rows = 2000;
/** A synthetic standardised table: column f holds z-values around f/4 − 0.6, quantized as the loader does. */
function syntheticTable(seed: number): Uint8Array {
	const random = createRandom(seed);
	const table = new Uint8Array(rows * features);
	for (let i = 0; i < table.length; i++) table[i] = quantize((i % features) / 4 - 0.6 + (random() - 0.5));
	return table;
}

function meanAndSd(values: number[]): {mean: number; sd: number} {
	const mean = values.reduce((a, b) => a + b, 0) / values.length;
	return {mean, sd: Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length)};
}

const table = syntheticTable(1);
const tableShape = {kind: 'table' as const, height: 1, width: features, channels: 1};
const imageShape = {kind: 'image' as const, height: 8, width: 8, channels: 1};
const weak = {rotationDeg: 10, zoom: 0.1, widthShift: 0.1, heightShift: 0.1, elasticAlpha: 0, elasticSigma: 4, tableNoise: 0.1};

describe('noiseTableRows', () => {
	it('uses the loader\'s z-range', () => {
		expect(tableZRange).toBe(zRange);
	});

	it('adds noise of mean ≈ 0 and sd ≈ σ in standardised units', () => {
		for (const sigma of [0.1, 0.3]) {
			const noisy = noiseTableRows(table, null, sigma, createRandom(7), features);
			const differences = [...noisy].map((byte, i) => dequantize(byte) - dequantize(table[i]!));
			const {mean, sd} = meanAndSd(differences);
			expect(Math.abs(mean)).toBeLessThan(0.01);
			// Rounding to byte steps (0.031 z) adds a little variance: √(σ² + step²/12).
			expect(sd).toBeGreaterThan(sigma * 0.95);
			expect(sd).toBeLessThan(sigma * 1.05 + 0.01);
		}
	});

	it('copies the chosen rows unchanged at σ = 0, and replays from the seed', () => {
		const chosen = [5, 0, 1999];
		const copy = noiseTableRows(table, chosen, 0, createRandom(3), features);
		expect([...copy]).toEqual([...table.subarray(30, 36), ...table.subarray(0, 6), ...table.subarray(1999 * 6, 2000 * 6)]);
		expect(noiseTableRows(table, chosen, 0.2, createRandom(3), features)).toEqual(noiseTableRows(table, chosen, 0.2, createRandom(3), features));
		expect(noiseTableRows(table, chosen, 0.2, createRandom(3), features)).not.toEqual(noiseTableRows(table, chosen, 0.2, createRandom(4), features));
	});

	it('clamps at the ends of the byte range', () => {
		const ends = new Uint8Array(1000).fill(255);
		ends.fill(0, 0, 500);
		const noisy = noiseTableRows(ends, null, 1, createRandom(2), 10);
		expect(noisy.subarray(0, 500).some((v) => v > 0)).toBe(true);
		expect(noisy.subarray(500).some((v) => v < 255)).toBe(true);
	});
});

describe('maskSwapTableRows', () => {
	// Every cell is unique: row r, column f holds f·40 + r, so a value names its column (value ÷ 40) and its row.
	const marked = new Uint8Array(40 * 6);
	for (let r = 0; r < 40; r++) for (let f = 0; f < 6; f++) marked[r * 6 + f] = f * 40 + r;

	it('swaps each feature with probability ≈ p, always from the same column', () => {
		for (const p of [0.1, 0.3, 0.7]) {
			const chosen = Array.from({length: 4000}, (_, i) => i % 40);
			const out = maskSwapTableRows(marked, chosen, {maskRate: p, noise: 0}, createRandom(11), 6);
			let fromOtherRow = 0;
			for (let i = 0; i < chosen.length; i++) {
				for (let f = 0; f < 6; f++) {
					const value = out[i * 6 + f]!;
					// The column is the value's block of 40: a swap never crosses columns.
					expect(Math.floor(value / 40)).toBe(f);
					if (value !== marked[chosen[i]! * 6 + f]) fromOtherRow++;
				}
			}

			// A swap draws its own row 1 time in 40, so the seen rate is p · 39/40.
			const rate = fromOtherRow / (chosen.length * 6);
			expect(rate).toBeGreaterThan(p * (39 / 40) - 0.02);
			expect(rate).toBeLessThan(p * (39 / 40) + 0.02);
		}
	});

	it('leaves rows unchanged at p = 0 and σ = 0, and adds the noise after the swap', () => {
		expect(maskSwapTableRows(marked, null, {maskRate: 0, noise: 0}, createRandom(1), 6)).toEqual(marked);
		const noisy = maskSwapTableRows(table, null, {maskRate: 0, noise: 0.2}, createRandom(5), features);
		const {sd} = meanAndSd([...noisy].map((byte, i) => dequantize(byte) - dequantize(table[i]!)));
		expect(sd).toBeGreaterThan(0.19);
		expect(sd).toBeLessThan(0.22);
	});
});

describe('the augmenter factory picks by kind', () => {
	const strong = {...defaultStrongAugmentation, tableMask: 0.5};

	it('gives tables noise (weak) and mask-and-swap (strong), and the two views differ', () => {
		const chosen = Array.from({length: 200}, (_, i) => i);
		const weakView = createAugmenter(weak, tableShape)(table, chosen, createRandom(1), new Uint8Array(200 * features));
		const strongView = createStrongAugmenter(weak, strong, tableShape)(table, chosen, createRandom(1), new Uint8Array(200 * features));
		const original = table.subarray(0, 200 * features);
		const changedShare = (view: Uint8Array) => [...view].filter((v, i) => v !== original[i]).length / view.length;
		expect(changedShare(weakView)).toBeGreaterThan(0.5);
		// Weak noise moves a value by ~3 byte steps; a swap moves it by the column's spread (≈ 32 steps here).
		const bigMoves = (view: Uint8Array) => [...view].filter((v, i) => Math.abs(v - original[i]!) > 12).length / view.length;
		expect(bigMoves(weakView)).toBeLessThan(0.01);
		// Half the features are swapped, and two draws of a column 32 steps wide lie > 12 apart (1 − 12/32)² ≈ 39% of the time.
		expect(bigMoves(strongView)).toBeGreaterThan(0.15);
	});

	it('leaves images to the image augmenters: the table knobs do not touch them', () => {
		const image = new Uint8Array(3 * 64);
		for (let i = 0; i < image.length; i++) image[i] = (i * 37) % 256;
		const out = () => new Uint8Array(image.length);
		const plain = createAugmenter({...weak, tableNoise: 0}, imageShape)(image, null, createRandom(9), out());
		const noisyKnob = createAugmenter({...weak, tableNoise: 2}, imageShape)(image, null, createRandom(9), out());
		expect(noisyKnob).toEqual(plain);
		const strongPlain = createStrongAugmenter(weak, {...strong, tableMask: 0}, imageShape)(image, null, createRandom(9), out());
		const strongMasked = createStrongAugmenter(weak, {...strong, tableMask: 1}, imageShape)(image, null, createRandom(9), out());
		expect(strongMasked).toEqual(strongPlain);
		expect(strongPlain).not.toEqual(image);
	});
});
