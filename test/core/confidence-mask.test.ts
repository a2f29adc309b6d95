// Tests FixMatch's mask: ≥ the threshold (float32-careful), per-class thresholds, and counts against hidden labels.
import {describe, expect, it} from 'vitest';
import {confidenceMask} from '../../source/core/confidence-mask.js';

/** One softmax-like row: `top` on class `label`, the rest spread evenly. */
function row(label: number, top: number): number[] {
	const rest = (1 - top) / 9;
	return Array.from({length: 10}, (_, c) => (c === label ? top : rest));
}

const probabilities = (rows: number[][]) => Float32Array.from(rows.flat());

/** The largest float32 below fround(x) (x positive). */
function float32Below(x: number): number {
	const bits = new Uint32Array(Float32Array.of(x).buffer);
	bits[0]!--;
	return new Float32Array(bits.buffer)[0]!;
}

describe('confidenceMask', () => {
	it('uses a pseudo-label at the threshold and above it, not below', () => {
		const result = confidenceMask(probabilities([row(3, 0.95), row(4, 0.96), row(5, 0.9499), row(6, 1)]), 0.95, undefined, 10);
		expect(Array.from(result.mask)).toEqual([1, 1, 0, 1]);
		expect(Array.from(result.pseudoLabels)).toEqual([3, 4, 5, 6]);
		expect(result.used).toBe(3);
	});

	it('counts a stored float32 confidence equal to τ as reaching it, for several τ', () => {
		for (const threshold of [0.3, 0.7, 0.9, 0.95, 0.99]) {
			const result = confidenceMask(probabilities([row(2, threshold)]), threshold, undefined, 10);
			expect(result.confidence[0]).toBe(Math.fround(threshold));
			expect(result.used).toBe(1);
			// The next float32 below is rejected.
			const below = new Float32Array(row(2, threshold));
			below[2] = float32Below(threshold);
			expect(confidenceMask(below, threshold, undefined, 10).used).toBe(0);
		}
	});

	it('applies per-class thresholds by the pseudo-label class', () => {
		const thresholds = [0.5, 0.9, 0, 0, 0, 0, 0, 0, 0, 0.99];
		const result = confidenceMask(probabilities([row(0, 0.6), row(1, 0.6), row(9, 0.98), row(4, 0.2)]), thresholds, undefined, 10);
		expect(Array.from(result.mask)).toEqual([1, 0, 0, 1]);
	});

	it('counts used and correct per class against the hidden labels', () => {
		const rows = [row(1, 0.97), row(1, 0.99), row(2, 0.96), row(2, 0.5), row(8, 0.98)];
		const truth = [1, 7, 2, 2, 3];
		const result = confidenceMask(probabilities(rows), 0.95, truth, 10);
		expect(result.used).toBe(4);
		expect(result.correct).toBe(2);
		expect(result.perClassUsed).toEqual([0, 2, 1, 0, 0, 0, 0, 0, 1, 0]);
		expect(result.perClassCorrect).toEqual([0, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
	});

	it('without truth counts nothing as correct; an empty batch uses nothing', () => {
		expect(confidenceMask(probabilities([row(1, 0.99)]), 0.95, undefined, 10).correct).toBe(0);
		const empty = confidenceMask(new Float32Array(0), 0.95, [], 10);
		expect(empty.used).toBe(0);
		expect(empty.mask.length).toBe(0);
	});

	it('rejects malformed input', () => {
		expect(() => confidenceMask(new Float32Array(7), 0.9, undefined, 10)).toThrow(/multiple of 10/);
		expect(() => confidenceMask(probabilities([row(1, 0.9)]), [0.5, 0.5], undefined, 10)).toThrow(/class thresholds/);
		expect(() => confidenceMask(probabilities([row(1, 0.9)]), 1.5, undefined, 10)).toThrow(/\[0, 1\]/);
		expect(() => confidenceMask(probabilities([row(1, 0.9), row(1, 0.9)]), 0.5, [1], 10)).toThrow(/true labels/);
	});
});
