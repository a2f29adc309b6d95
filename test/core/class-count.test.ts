// Tests that every per-class decision (split, pseudo-labels, FixMatch's mask, FlexMatch's thresholds) works for any class count K.
import {describe, expect, it} from 'vitest';
import {confidenceMask} from '../../source/core/confidence-mask.js';
import {unlabeledMark} from '../../source/core/dataset-info.js';
import {flexMatchThresholds} from '../../source/core/flexmatch.js';
import {selectPseudoLabels} from '../../source/core/pseudo-labels.js';
import {stratifiedSplit} from '../../source/core/split.js';

/** A K-class softmax-like row with `top` on `label`. */
function row(classes: number, label: number, top: number): number[] {
	return Array.from({length: classes}, (_, c) => (c === label ? top : (1 - top) / (classes - 1)));
}

describe('stratifiedSplit with K classes', () => {
	it('splits 3 classes by their shares and never labels an unlabeled sample', () => {
		// 60 of class 0, 30 of class 1, 30 of class 2, then 40 samples without a label (real mode's pool).
		const labels = Uint8Array.from([...new Array(60).fill(0), ...new Array(30).fill(1), ...new Array(30).fill(2), ...new Array(40).fill(unlabeledMark)]);
		const split = stratifiedSplit(labels, 12, 7, 3);
		const counts = [0, 0, 0];
		for (const index of split.labeled) counts[labels[index]!]!++;
		expect(counts).toEqual([6, 3, 3]);
		expect(split.pool.length).toBe(160 - 12);
		expect(Array.from(split.pool).filter(index => labels[index] === unlabeledMark)).toHaveLength(40);
	});

	it('can label every labeled sample of a real-mode set, leaving only the unlabeled ones in the pool', () => {
		const labels = Uint8Array.from([0, 1, 2, 3, unlabeledMark, unlabeledMark, 3, 2]);
		const split = stratifiedSplit(labels, 6, 1, 4);
		expect(Array.from(split.pool)).toEqual([4, 5]);
		expect(() => stratifiedSplit(labels, 7, 1, 4)).toThrow(/from 4 to 6/);
	});

	it('rejects a label the class count has no place for (a broken invariant, not bad input)', () => {
		expect(() => stratifiedSplit(Uint8Array.from([0, 1, 4, 1]), 2, 1, 4)).toThrow(/label 4 of sample 2 is not below the class count 4/);
	});
});

describe('selectPseudoLabels with K classes', () => {
	it('finds the argmax among 3 and among 100 classes and counts per class', () => {
		const three = selectPseudoLabels(Float32Array.from([...row(3, 2, 0.9), ...row(3, 1, 0.5), ...row(3, 2, 0.95)]), 0.8, [2, 1, 0], 3);
		expect(Array.from(three.accepted)).toEqual([0, 2]);
		expect(three.perClassAccepted).toEqual([0, 0, 2]);
		expect(three.perClassCorrect).toEqual([0, 0, 1]);
		expect(three.perClassTopConfusion).toEqual([null, null, [0, 1]]);

		const hundred = selectPseudoLabels(Float32Array.from([...row(100, 97, 0.99), ...row(100, 3, 0.2)]), 0.8, undefined, 100);
		expect(Array.from(hundred.predicted)).toEqual([97, 3]);
		expect(hundred.perClassAccepted).toHaveLength(100);
		expect(hundred.perClassAccepted[97]).toBe(1);
		expect(hundred.precision).toBeNaN();
	});

	it('refuses probabilities that do not fill whole rows of K', () => {
		expect(() => selectPseudoLabels(new Float32Array(10), 0.8, undefined, 4)).toThrow(/multiple of 4/);
		expect(() => selectPseudoLabels(new Float32Array(4), 0.8, undefined, 1)).toThrow(/class count/);
	});
});

describe('confidenceMask with K classes', () => {
	it('takes one threshold per class of 4', () => {
		const probabilities = Float32Array.from([...row(4, 0, 0.7), ...row(4, 3, 0.7), ...row(4, 3, 0.9)]);
		const result = confidenceMask(probabilities, [0.6, 0.95, 0.95, 0.8], [0, 3, 2], 4);
		expect(Array.from(result.mask)).toEqual([1, 0, 1]);
		expect(result.perClassUsed).toEqual([1, 0, 0, 1]);
		expect(result.correct).toBe(1);
		expect(() => confidenceMask(probabilities, [0.5, 0.5, 0.5], undefined, 4)).toThrow(/3 class thresholds, need 4/);
	});
});

describe('flexMatchThresholds with K classes', () => {
	it('normalises 3 classes by the best-learned one', () => {
		const last = Int16Array.from([0, 0, 0, 0, 1, 1, 2, -1]);
		const result = flexMatchThresholds(last, 0.9, false, 3);
		expect(result.counts).toEqual([4, 2, 1]);
		expect(result.beta).toEqual([1, 0.5, 0.25]);
		expect(result.thresholds[0]).toBeCloseTo(0.9, 12);
		expect(result.thresholds[1]).toBeCloseTo((0.9 * 0.5) / 1.5, 12);
		expect(() => flexMatchThresholds(Int16Array.from([3]), 0.9, true, 3)).toThrow(/class 3 is not below 3/);
	});

	it('holds class indices above 127 (a 200-class pool)', () => {
		const result = flexMatchThresholds(Int16Array.from([199, 199, 150]), 0.95, false, 200);
		expect(result.counts[199]).toBe(2);
		expect(result.counts[150]).toBe(1);
	});
});
