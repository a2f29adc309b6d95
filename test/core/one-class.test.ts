import {describe, expect, it} from 'vitest';
import {oneClassOf} from '../../source/core/one-class.js';

const labels = (...counts: number[]) => Uint8Array.from(counts.flatMap((count, label) => Array.from({length: count}, () => label)));

describe('oneClassOf', () => {
	it('names the class a model gives nearly every sample, with its share', () => {
		// Three balanced classes, all called 1: 33.3 % accuracy that reads as slow learning.
		expect(oneClassOf([0, 300, 0], labels(100, 100, 100))).toEqual({label: 1, share: 1});
		expect(oneClassOf([10, 5, 285], labels(100, 100, 100))).toEqual({label: 2, share: 0.95});
	});

	it('says nothing below 90 %, or where the test set itself is mostly that class', () => {
		expect(oneClassOf([20, 15, 265], labels(100, 100, 100))).toBeUndefined();
		expect(oneClassOf([20, 10, 270], labels(100, 100, 100))).toEqual({label: 2, share: 0.9});
		// 92 % of the test set is class 0: calling it for 100 % is 8 points more, not a collapse.
		expect(oneClassOf([100, 0], labels(92, 8))).toBeUndefined();
		// 70 % of it is class 0: calling it for 95 % is.
		expect(oneClassOf([95, 5], labels(70, 30))).toEqual({label: 0, share: 0.95});
		expect(oneClassOf([0, 0], labels())).toBeUndefined();
		expect(oneClassOf([5], labels(5))).toBeUndefined();
	});
});
