// Tests the stratified labeled/pool split on the real MNIST training labels and on small hand-made label sets.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseIdxLabels} from '../../source/core/idx.js';
import {unlabeledMark} from '../../source/core/dataset-info.js';
import {classQuotas, labeledQuotas, realSplit, stratifiedSplit} from '../../source/core/split.js';
import {embeddedMnistDirectory} from '../../source/data/load-dataset.js';

const labelFile = path.join(embeddedMnistDirectory(), 'train-labels-idx1-ubyte');
const mnistLabels = parseIdxLabels(new Uint8Array(readFileSync(labelFile)), labelFile);

function countsOf(labels: Uint8Array, indices: Int32Array): number[] {
	const counts = new Array<number>(10).fill(0);
	for (const index of indices) counts[labels[index]!]!++;
	return counts;
}

describe('classQuotas', () => {
	it('gives the leftover slots to the largest remainders so the total is exact', () => {
		// MNIST class sizes; 1000 × size / 60000 = 98.72 112.37 99.30 102.18 97.37 90.35 98.63 104.42 97.52 99.15.
		// Floors sum to 996; the four largest fractions are digits 0 (.72), 6 (.63), 8 (.52) and 7 (.42).
		// Plain rounding would give 104 for digit 7 and a total of 999.
		const sizes = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
		expect(classQuotas(sizes, 1000)).toEqual([99, 112, 99, 102, 97, 90, 99, 105, 98, 99]);
	});

	it('breaks equal remainders toward the lower class', () => {
		expect(classQuotas([1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 3)).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
	});

	it('never gives a slot to an empty class', () => {
		const quotas = classQuotas([0, 5, 5, 5, 5, 5, 5, 5, 5, 1], 11);
		expect(quotas[0]).toBe(0);
		expect(quotas.reduce((a, b) => a + b)).toBe(11);
	});
});

describe('labeledQuotas', () => {
	it('are classQuotas wherever no share rounds to 0, so counts that always fitted split as before', () => {
		const sizes = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
		for (const labeled of [10, 100, 1000, 4000]) expect(labeledQuotas(sizes, labeled)).toEqual(classQuotas(sizes, labeled));
	});

	it('give a class whose share rounds to 0 its one label from the class its rounding favoured most', () => {
		// 300 × 1 / 720 rounds to 0; 300 × 359 / 720 = 149.58 → 150 is the most rounded up (by 0.42).
		const sizes = [360, 359, 1];
		expect(classQuotas(sizes, 300)).toEqual([150, 150, 0]);
		expect(labeledQuotas(sizes, 300)).toEqual([150, 149, 1]);
	});

	it('give every class with a sample one label at least, and sum to the count, for every count from the classes up', () => {
		// The tester's table: wine's 720 training rows with one relabeled "rare"; 242 fitted and 243 did not.
		const sizes = [239, 287, 193, 1];
		for (let labeled = sizes.length; labeled < 720; labeled++) {
			const quotas = labeledQuotas(sizes, labeled);
			expect(quotas.every((quota, c) => quota >= 1 && quota <= sizes[c]!)).toBe(true);
			expect(quotas.reduce((a, b) => a + b)).toBe(labeled);
		}

		// A class without samples still gets none.
		expect(labeledQuotas([0, 5, 5], 4)).toEqual([0, 2, 2]);
	});
});

describe('stratifiedSplit', () => {
	it('matches the MNIST class counts with 1000 labels', () => {
		expect(countsOf(mnistLabels, new Int32Array(mnistLabels.length).map((_, i) => i))).toEqual([
			5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949,
		]);
		const split = stratifiedSplit(mnistLabels, 1000, 42, 10);
		expect(split.labeled.length).toBe(1000);
		expect(split.pool.length).toBe(59_000);
		expect(countsOf(mnistLabels, split.labeled)).toEqual([99, 112, 99, 102, 97, 90, 99, 105, 98, 99]);
	});

	it('keeps each class within one image of its exact share for other sizes', () => {
		for (const labeled of [10, 100, 250, 3000]) {
			const counts = countsOf(mnistLabels, stratifiedSplit(mnistLabels, labeled, 1, 10).labeled);
			const classSizes = countsOf(mnistLabels, new Int32Array(60_000).map((_, i) => i));
			expect(counts.reduce((a, b) => a + b)).toBe(labeled);
			counts.forEach((count, c) => expect(Math.abs(count - (labeled * classSizes[c]!) / 60_000)).toBeLessThan(1));
		}
	});

	it('is disjoint, complete and sorted', () => {
		const {labeled, pool} = stratifiedSplit(mnistLabels, 1000, 3, 10);
		const seen = new Uint8Array(mnistLabels.length);
		for (const index of labeled) seen[index]!++;
		for (const index of pool) seen[index]!++;
		expect(seen.every((times) => times === 1)).toBe(true);
		// One assertion per list, not one per index: 59,000 expect calls take a minute on a busy machine.
		const ascending = (list: Int32Array) => list.every((value, i) => i === 0 || value > list[i - 1]!);
		expect(ascending(pool)).toBe(true);
		expect(ascending(labeled)).toBe(true);
	});

	it('is deterministic for a seed and changes with the seed', () => {
		const a = stratifiedSplit(mnistLabels, 1000, 42, 10);
		const b = stratifiedSplit(mnistLabels, 1000, 42, 10);
		const c = stratifiedSplit(mnistLabels, 1000, 43, 10);
		expect(Array.from(b.labeled)).toEqual(Array.from(a.labeled));
		expect(Array.from(c.labeled)).not.toEqual(Array.from(a.labeled));
		expect(countsOf(mnistLabels, c.labeled)).toEqual(countsOf(mnistLabels, a.labeled));
	});

	it('can label everything, leaving an empty pool', () => {
		const labels = Uint8Array.from({length: 30}, (_, i) => i % 10);
		const split = stratifiedSplit(labels, 30, 0, 10);
		expect(split.labeled.length).toBe(30);
		expect(split.pool.length).toBe(0);
	});

	it('rejects a labeled count below 10, above the image count, or fractional (a broken invariant: naming no flag)', () => {
		const labels = Uint8Array.from({length: 50}, (_, i) => i % 10);
		for (const bad of [9, 51, 12.5, Number.NaN]) {
			expect(() => stratifiedSplit(labels, bad, 0, 10)).toThrow(RangeError);
			expect(() => stratifiedSplit(labels, bad, 0, 10)).not.toThrow(/--/);
		}
	});
});

describe('realSplit', () => {
	it('labels every labeled sample and pools exactly the unlabeled ones, in order', () => {
		const labels = new Uint8Array([0, unlabeledMark, 2, 1, unlabeledMark, unlabeledMark, 0]);
		const split = realSplit(labels);
		expect([...split.labeled]).toEqual([0, 2, 3, 6]);
		expect([...split.pool]).toEqual([1, 4, 5]);
	});

	it('with no unlabeled sample the pool is empty', () => {
		expect(realSplit(new Uint8Array([1, 0, 1])).pool).toHaveLength(0);
	});
});
