// VAT's arithmetic on hand-made rows: moving images along a direction by an L2 length, ε for other input sizes, the
// KL divergence it makes small, and the Gaussian draws of its random directions.
import {describe, expect, it} from 'vitest';
import {createRandom, fillGaussian} from '../../source/core/random.js';
import {meanKlDivergence, mixedTargets, moveAlong, scaledEpsilon} from '../../source/core/vat.js';

describe('moveAlong', () => {
	it('moves each row by 255·length along its own direction, normalised to unit length', () => {
		const pixels = Uint8Array.from([0, 100, 255, 10, 20, 30]);
		// Row 0's direction (3, 0, 4) has length 5; row 1's (0, −2, 0) length 2.
		const directions = Float32Array.from([3, 0, 4, 0, -2, 0]);
		const out = new Float32Array(6);
		expect(moveAlong(pixels, directions, 2, 3, 0.5, out)).toBe(0);
		const step = 255 * 0.5;
		expect([...out]).toEqual([0 + step * 0.6, 100, 255 + step * 0.8, 10, 20 - step, 30].map(Math.fround));
		// Off the byte grid and beyond 0..255 on purpose: VAT's perturbed images are real-valued.
		expect(out[2]).toBeGreaterThan(255);
		expect(out[4]).toBeLessThan(0);
	});

	it('leaves a row with no direction (an all-zero gradient) where it is, and counts it', () => {
		const pixels = Uint8Array.from([7, 8, 9, 1, 2, 3]);
		const out = new Float32Array(6);
		expect(moveAlong(pixels, Float32Array.from([0, 0, 0, 1, 0, 0]), 2, 3, 1, out)).toBe(1);
		expect([...out]).toEqual([7, 8, 9, 256, 2, 3]);
	});

	it('reads real-valued pixels too (the power iteration\'s probe is one)', () => {
		const out = new Float32Array(2);
		moveAlong(Float32Array.from([0.5, -3]), Float32Array.from([0, 1]), 1, 2, 2 / 255, out);
		expect([...out]).toEqual([0.5, -1]);
	});
});

describe('scaledEpsilon', () => {
	it('keeps the paper\'s ε for 784 inputs and moves each value as much (RMS) at any other size', () => {
		expect(scaledEpsilon(2, 784)).toBe(2);
		expect(scaledEpsilon(2, 196)).toBeCloseTo(1, 12);
		expect(scaledEpsilon(2, 28 * 28 * 3)).toBeCloseTo(2 * Math.sqrt(3), 12);
		// A 30-feature table: the same per-value root mean square as a digit's 2/√784.
		expect(scaledEpsilon(2, 30) / Math.sqrt(30)).toBeCloseTo(2 / 28, 12);
		expect(scaledEpsilon(0, 30)).toBe(0);
	});
});

describe('meanKlDivergence', () => {
	it('is Σ p (log p − log q) per row, averaged over rows, in nats', () => {
		const p = Float32Array.from([0.5, 0.5, 0, 1, 0.25, 0.75]);
		const q = Float32Array.from([0.25, 0.75, 0.5, 0.5, 0.25, 0.75]);
		const rowA = 0.5 * Math.log(0.5 / 0.25) + 0.5 * Math.log(0.5 / 0.75);
		const rowB = Math.log(1 / 0.5);
		const rowC = 0;
		const kl = meanKlDivergence(Float32Array.from(p), q, 3, 2);
		expect(kl).toBeCloseTo((rowA + rowB + rowC) / 3, 6);
		expect(meanKlDivergence(p, p, 3, 2)).toBe(0);
		expect(meanKlDivergence(p, q, 0, 2)).toBeNaN();
	});

	it('stays finite where q rounded a class p holds to exactly 0', () => {
		const kl = meanKlDivergence(Float32Array.from([0.5, 0.5]), Float32Array.from([1, 0]), 1, 2);
		expect(kl).toBeCloseTo(0.5 * Math.log(0.5) + 0.5 * (Math.log(0.5) - Math.log(1e-12)), 9);
	});
});

describe('fillGaussian', () => {
	it('draws standard normal values, the same for a seed, an odd count included', () => {
		const count = 20_001;
		const a = new Float32Array(count);
		fillGaussian(a, count, createRandom(5));
		const b = new Float32Array(count);
		fillGaussian(b, count, createRandom(5));
		expect(b).toEqual(a);
		let sum = 0;
		let squares = 0;
		for (const value of a) {
			sum += value;
			squares += value * value;
		}

		const mean = sum / count;
		expect(Math.abs(mean)).toBeLessThan(0.03);
		expect(squares / count - mean * mean).toBeCloseTo(1, 1);
		expect(a[count - 1]).not.toBe(0);
	});
});

describe('mixedTargets', () => {
	it('mixes p with its argmax as one target, weighted so the loss is soft·CE(p, q) + hard·CE(onehot, q)', () => {
		const p = Float32Array.from([0.2, 0.7, 0.1, 0.5, 0.1, 0.4]);
		const out = new Float32Array(6);
		expect(mixedTargets(p, 2, 3, 1, 3, out)).toBe(4);
		expect([...out]).toEqual([0.2 / 4, (0.7 + 3) / 4, 0.1 / 4, (0.5 + 3) / 4, 0.1 / 4, 0.4 / 4].map(Math.fround));
		// Each row is still a distribution, so the engine's logit gradient wᵢ(qᵢ − tᵢ) holds.
		expect(out[0]! + out[1]! + out[2]!).toBeCloseTo(1, 6);
		// The loss is linear in the target: 4·CE(mixed, q) = CE(p, q) + 3·CE(onehot, q) for any q.
		const q = [0.3, 0.3, 0.4];
		const ce = (t: ArrayLike<number>) => -[0, 1, 2].reduce((sum, c) => sum + t[c]! * Math.log(q[c]!), 0);
		expect(4 * ce(out.subarray(0, 3))).toBeCloseTo(ce(p.subarray(0, 3)) + 3 * ce([0, 1, 0]), 6);
	});

	it('is p itself without pseudo-labels, and weighs nothing when both weights are 0', () => {
		const p = Float32Array.from([0.25, 0.75]);
		const out = new Float32Array(2);
		expect(mixedTargets(p, 1, 2, 2, 0, out)).toBe(2);
		expect(out).toEqual(p);
		expect(mixedTargets(p, 1, 2, 0, 0, out.fill(9))).toBe(0);
		expect(out).toEqual(p);
		// Pseudo-labels alone: one-hot targets.
		expect(mixedTargets(p, 1, 2, 0, 1, out)).toBe(1);
		expect([...out]).toEqual([0, 1]);
	});
});
