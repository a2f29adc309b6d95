// Tests the sample picker: the right mix of right, wrong and rejected digits, with their own pixels and labels.
import {describe, expect, it} from 'vitest';
import {pickDigitSamples} from '../../source/core/digit-samples.js';
import {selectPseudoLabels} from '../../source/core/pseudo-labels.js';
import {createRandom} from '../../source/core/random.js';

const size = 784;

/** A pool of n images whose pixels all equal their row number (mod 256), so a sample shows which row it came from. */
function fixture(n: number, rowOffset = 7) {
	const random = createRandom(3);
	const poolRows = Int32Array.from({length: n}, (_, i) => i + rowOffset);
	const images = new Uint8Array((n + rowOffset) * size);
	for (let row = 0; row < n + rowOffset; row++) images.fill(row % 256, row * size, (row + 1) * size);
	const truth: number[] = [];
	const probs = new Float32Array(n * 10);
	for (let i = 0; i < n; i++) {
		const label = i % 10;
		truth.push(label);
		const confidence = 0.3 + 0.69 * random();
		// About one in eight is confidently wrong: the model's top class is the next digit.
		const guess = i % 8 === 0 ? (label + 1) % 10 : label;
		for (let c = 0; c < 10; c++) probs[i * 10 + c] = c === guess ? confidence : (1 - confidence) / 9;
	}

	return {poolRows, images, truth, selection: selectPseudoLabels(probs, 0.8, truth, 10)};
}

describe('pickDigitSamples', () => {
	it('mixes accepted-right, the most confident wrong, and rejected samples', () => {
		const {poolRows, images, truth, selection} = fixture(200);
		const samples = pickDigitSamples(selection, images, poolRows, truth, 8, createRandom(1), size);
		expect(samples.length).toBe(8);
		const right = samples.filter((s) => s.accepted && s.pseudoLabel === s.trueLabel);
		const wrong = samples.filter((s) => s.accepted && s.pseudoLabel !== s.trueLabel);
		const rejected = samples.filter((s) => !s.accepted);
		expect(right.length).toBe(4);
		expect(wrong.length).toBe(2);
		expect(rejected.length).toBe(2);
		for (const sample of rejected) expect(sample.confidence).toBeLessThanOrEqual(0.8);
		for (const sample of [...right, ...wrong]) expect(sample.confidence).toBeGreaterThan(0.8);

		let topWrong = 0;
		for (let i = 0; i < selection.accepted.length; i++) {
			const position = selection.accepted[i]!;
			if (selection.labels[i] !== truth[position]) topWrong = Math.max(topWrong, selection.confidence[position]!);
		}

		expect(wrong[0]!.confidence).toBe(topWrong);
		expect(wrong[0]!.confidence).toBeGreaterThanOrEqual(wrong[1]!.confidence);
	});

	it('carries the pixels of the right dataset row and its hidden label', () => {
		const {poolRows, images, truth, selection} = fixture(100);
		for (const sample of pickDigitSamples(selection, images, poolRows, truth, 10, createRandom(2), size)) {
			expect(sample.pixels.length).toBe(size);
			const position = sample.pixels[0]! - 7;
			expect(sample.pixels.every((v) => v === sample.pixels[0])).toBe(true);
			expect(sample.trueLabel).toBe(truth[position]);
			expect(sample.pseudoLabel).toBe(selection.predicted[position]);
			expect(sample.confidence).toBe(selection.confidence[position]);
		}
	});

	it('is deterministic for a seed and varies with it', () => {
		const {poolRows, images, truth, selection} = fixture(300);
		const pick = (seed: number) =>
			pickDigitSamples(selection, images, poolRows, truth, 8, createRandom(seed), size).map((s) => s.pixels[0]);
		expect(pick(4)).toEqual(pick(4));
		expect(pick(4)).not.toEqual(pick(5));
	});

	it('shows one wrong sample even when asked for very few, and none when there are none', () => {
		const {poolRows, images, truth, selection} = fixture(50);
		const one = pickDigitSamples(selection, images, poolRows, truth, 1, createRandom(0), size);
		expect(one.length).toBe(1);
		expect(one[0]!.accepted && one[0]!.pseudoLabel !== one[0]!.trueLabel).toBe(true);

		const honest = selectPseudoLabels(Float32Array.from({length: 40}, (_, i) => (i % 10 === Math.floor(i / 10) % 10 ? 0.91 : 0.01)), 0.8, [0, 1, 2, 3], 10);
		const samples = pickDigitSamples(honest, new Uint8Array(4 * size), Int32Array.from([0, 1, 2, 3]), [0, 1, 2, 3], 3, createRandom(0), size);
		expect(samples.length).toBe(3);
		expect(samples.every((s) => s.accepted && s.pseudoLabel === s.trueLabel)).toBe(true);
		expect(pickDigitSamples(honest, new Uint8Array(4 * size), Int32Array.from([0, 1, 2, 3]), [0, 1, 2, 3], 0, createRandom(0), size)).toEqual([]);
	});

	it('fills from other groups when one runs short, and stops at the pool size', () => {
		const {poolRows, images, truth, selection} = fixture(12);
		const samples = pickDigitSamples(selection, images, poolRows, truth, 20, createRandom(0), size);
		expect(samples.length).toBe(12);
		expect(new Set(samples.map((s) => s.pixels[0])).size).toBe(12);
	});
});
