// Tests Noisy Student's data balancing on hand-made selections: the labeled shares, most confident first, duplicates.
import {describe, expect, it} from 'vitest';
import {balancePseudoLabels, labeledCopies, labelShares} from '../../source/core/balance-pseudo-labels.js';
import {createRandom} from '../../source/core/random.js';

/** A selection over a pool of `confidence.length` positions, accepting `accepted` with `labels`. */
function selection(accepted: number[], labels: number[], confidence: number[]) {
	return {accepted: Int32Array.from(accepted), labels: Uint8Array.from(labels), confidence: Float32Array.from(confidence)};
}

const count = (positions: Int32Array, position: number) => positions.filter(p => p === position).length;

describe('balancePseudoLabels', () => {
	it('gives each class its labeled share: the most confident of a crowded class, every image of a rare one plus copies', () => {
		// 8 accepted: class 0 has six (positions 0-5), class 1 two (6, 7). Equal shares: four places each.
		const chosen = balancePseudoLabels(
			selection([0, 1, 2, 3, 4, 5, 6, 7], [0, 0, 0, 0, 0, 0, 1, 1], [0.91, 0.99, 0.95, 0.97, 0.93, 0.98, 0.92, 0.96]),
			[0.5, 0.5],
			createRandom(1),
		);
		expect(chosen).toHaveLength(8);
		// Class 0 keeps its four most confident (0.99, 0.98, 0.97, 0.95), in that order; 0.93 and 0.91 are cut.
		expect([...chosen.slice(0, 4)]).toEqual([1, 5, 3, 2]);
		// Class 1 keeps both, most confident first, then two random copies of them.
		expect([...chosen.slice(4, 6)]).toEqual([7, 6]);
		expect(chosen.slice(4).every(p => p === 6 || p === 7)).toBe(true);
		expect(count(chosen, 6) + count(chosen, 7)).toBe(4);
	});

	it('follows unequal labeled shares and keeps the set about its size', () => {
		// 10 accepted, all class 2 but one of class 0; shares 0.7 / 0 / 0.3 of three classes.
		const labels = [2, 2, 2, 2, 2, 2, 2, 2, 2, 0];
		const chosen = balancePseudoLabels(selection([...labels.keys()], labels, labels.map((_, i) => 0.9 + i / 100)), [0.7, 0, 0.3], createRandom(2));
		// Class 0: seven places, its one image seven times; class 1 (share 0): none; class 2: its three most confident.
		expect(count(chosen, 9)).toBe(7);
		expect([...chosen.slice(7)]).toEqual([8, 7, 6]);
		expect(chosen).toHaveLength(10);
	});

	it('leaves a class with no accepted image empty, and the same seed draws the same copies', () => {
		const input = selection([0, 1, 2], [1, 1, 2], [0.9, 0.95, 0.99]);
		const shares = [0.4, 0.3, 0.3];
		const first = balancePseudoLabels(input, shares, createRandom(7));
		// Class 0 has nothing to copy; class 1 one place (its best, position 1), class 2 one place.
		expect([...first]).toEqual([1, 2]);
		// Two images of class 0 against eight of class 1: class 0's five places are both once and three random copies.
		const labels = [0, 0, 1, 1, 1, 1, 1, 1, 1, 1];
		const crowded = selection([...labels.keys()], labels, labels.map((_, i) => 0.99 - i / 100));
		const a = balancePseudoLabels(crowded, [0.5, 0.5], createRandom(3));
		expect(count(a, 0) + count(a, 1)).toBe(5);
		expect(count(a, 0)).toBeGreaterThanOrEqual(1);
		expect(count(a, 1)).toBeGreaterThanOrEqual(1);
		expect([...balancePseudoLabels(crowded, [0.5, 0.5], createRandom(3))]).toEqual([...a]);
	});

	it('refuses a label outside the classes', () => {
		expect(() => balancePseudoLabels(selection([0], [3], [0.9]), [0.5, 0.5], createRandom(1))).toThrow(/label 3 is not below 2/);
	});
});

describe('labelShares', () => {
	it('is each class\'s share of the labels', () => {
		expect(labelShares(Uint8Array.from([0, 0, 1, 2]), 4)).toEqual([0.5, 0.25, 0.25, 0]);
	});
});

describe('labeledCopies', () => {
	it('repeats the labeled images to about their share of the student set, never fewer than once', () => {
		// 1 in 8 beside 53,000 pseudo-labels and 1,000 labels: 0.125·53000 / (0.875·1000) = 7.57 → 8 copies.
		expect(labeledCopies(53_000, 1000, 0.125)).toBe(8);
		expect(labeledCopies(7000, 1000, 0.125)).toBe(1);
		expect(labeledCopies(100, 1000, 0.125)).toBe(1);
		// Share 0 (the default) keeps them once; so does a set without labeled images.
		expect(labeledCopies(53_000, 1000, 0)).toBe(1);
		expect(labeledCopies(53_000, 0, 0.5)).toBe(1);
		expect(labeledCopies(3000, 1000, 0.5)).toBe(3);
	});
});
