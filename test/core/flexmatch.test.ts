// Tests FlexMatch's class-wise thresholds from given counts, with and without the warm-up denominator.
import {describe, expect, it} from 'vitest';
import {flexMatchThresholds, recordConfidentClasses} from '../../source/core/flexmatch.js';

/** lastConfidentClass with `counts[c]` images of class c followed by `unused` never-confident (−1) images. */
function state(counts: number[], unused: number): Int8Array {
	const values = counts.flatMap((count, c) => new Array<number>(count).fill(c));
	return Int8Array.from([...values, ...new Array<number>(unused).fill(-1)]);
}

const mapped = (tau: number, beta: number) => (tau * beta) / (2 - beta);

describe('flexMatchThresholds', () => {
	it('keeps τ for the best-learned class and lowers the others by β/(2 − β) once the pool is used', () => {
		const counts = [100, 50, 25, 0, 100, 100, 100, 100, 100, 80];
		const result = flexMatchThresholds(state(counts, 10), 0.95, true, 10);
		expect(result.counts).toEqual(counts);
		expect(result.unused).toBe(10);
		expect(result.beta[0]).toBe(1);
		expect(result.thresholds[0]).toBeCloseTo(0.95, 12);
		expect(result.beta[1]).toBe(0.5);
		expect(result.thresholds[1]).toBeCloseTo(mapped(0.95, 0.5), 12);
		expect(result.thresholds[1]).toBeCloseTo(0.95 / 3, 12);
		expect(result.thresholds[2]).toBeCloseTo(mapped(0.95, 0.25), 12);
		expect(result.thresholds[3]).toBe(0);
		expect(result.thresholds[9]).toBeCloseTo(mapped(0.95, 0.8), 12);
	});

	it('when every image is used, normalises by the largest class count', () => {
		const result = flexMatchThresholds(state([10, 20, 40, 40, 40, 40, 40, 40, 40, 40], 0), 0.9, true, 10);
		expect(result.unused).toBe(0);
		expect(result.beta.slice(0, 3)).toEqual([0.25, 0.5, 1]);
		expect(result.thresholds[2]).toBeCloseTo(0.9, 12);
		expect(result.thresholds[0]).toBeCloseTo(0.9 * (0.25 / 1.75), 12);
	});

	it('warm-up: with most of the pool unused every threshold is low; without warm-up the best class keeps τ', () => {
		const counts = [30, 10, 0, 0, 0, 0, 0, 0, 0, 0];
		const warm = flexMatchThresholds(state(counts, 960), 0.95, true, 10);
		expect(warm.beta[0]).toBeCloseTo(30 / 960, 12);
		expect(Math.max(...warm.thresholds)).toBeLessThan(0.02);
		expect(warm.thresholds[0]).toBeCloseTo(mapped(0.95, 30 / 960), 12);

		const cold = flexMatchThresholds(state(counts, 960), 0.95, false, 10);
		expect(cold.thresholds[0]).toBeCloseTo(0.95, 12);
		expect(cold.thresholds[1]).toBeCloseTo(mapped(0.95, 1 / 3), 12);
	});

	it('at the very start (nothing confident yet) gives thresholds of 0, with or without warm-up', () => {
		for (const warmup of [true, false]) {
			const result = flexMatchThresholds(state(new Array(10).fill(0), 500), 0.95, warmup, 10);
			expect(result.thresholds).toEqual(new Array(10).fill(0));
		}
	});

	it('rejects a bad threshold or class', () => {
		expect(() => flexMatchThresholds(state([1], 0), 0, true, 10)).toThrow(/threshold/);
		expect(() => flexMatchThresholds(Int8Array.from([10]), 0.9, true, 10)).toThrow(/class 10/);
	});
});

describe('recordConfidentClasses', () => {
	it('sets the class of images predicted at or above τ and keeps the others', () => {
		const last = Int8Array.from([-1, -1, 4, 4, -1]);
		recordConfidentClasses(last, [0, 2, 3, 4], [7, 1, 2, 3], Float32Array.from([0.95, 0.99, 0.5, 0.9]), 0.95);
		expect(Array.from(last)).toEqual([7, -1, 1, 4, -1]);
	});
});
