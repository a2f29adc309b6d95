// Tests pseudo-label selection: the strict threshold, the argmax, and the precision measured against hidden labels.
import {describe, expect, it} from 'vitest';
import {carriedOver, selectPseudoLabels, wrongLabels} from '../../source/core/pseudo-labels.js';
import {createRandom} from '../../source/core/random.js';

/** One softmax-like row: `top` on class `label`, the rest spread evenly. */
function row(label: number, top: number): number[] {
	const rest = (1 - top) / 9;
	return Array.from({length: 10}, (_, c) => (c === label ? top : rest));
}

function probabilities(rows: number[][]): Float32Array {
	return Float32Array.from(rows.flat());
}

describe('selectPseudoLabels', () => {
	it('accepts strictly above the threshold and rejects exactly at it', () => {
		const selection = selectPseudoLabels(probabilities([row(3, 0.8), row(4, 0.81), row(5, 0.79), row(6, 0.95)]), 0.8, undefined, 10);
		expect(Array.from(selection.accepted)).toEqual([1, 3]);
		expect(Array.from(selection.labels)).toEqual([4, 6]);
		expect(selection.acceptanceRate).toBe(0.5);
	});

	it('rejects at the threshold for other thresholds too, despite float32 rounding', () => {
		for (const threshold of [0.1, 0.3, 0.7, 0.9, 0.95, 0.99]) {
			const selection = selectPseudoLabels(probabilities([row(2, threshold)]), threshold, undefined, 10);
			expect(selection.accepted.length).toBe(0);
			expect(selection.confidence[0]).toBe(Math.fround(threshold));
		}
	});

	it('reports argmax and confidence for every position, accepted or not', () => {
		const selection = selectPseudoLabels(probabilities([row(7, 0.3), row(0, 0.99), row(9, 0.5)]), 0.6, undefined, 10);
		expect(Array.from(selection.predicted)).toEqual([7, 0, 9]);
		expect(selection.confidence[0]).toBeCloseTo(0.3, 6);
		expect(selection.confidence[1]).toBeCloseTo(0.99, 6);
		expect(selection.confidence[2]).toBeCloseTo(0.5, 6);
		expect(Array.from(selection.accepted)).toEqual([1]);
	});

	it('measures precision and per-class counts against the hidden labels', () => {
		const rows = [row(1, 0.9), row(1, 0.95), row(2, 0.9), row(2, 0.99), row(2, 0.5), row(8, 0.97)];
		const truth = [1, 7, 2, 2, 2, 3];
		const selection = selectPseudoLabels(probabilities(rows), 0.8, truth, 10);
		expect(Array.from(selection.accepted)).toEqual([0, 1, 2, 3, 5]);
		expect(selection.precision).toBeCloseTo(3 / 5, 10);
		expect(selection.perClassAccepted).toEqual([0, 2, 2, 0, 0, 0, 0, 0, 1, 0]);
		expect(selection.perClassCorrect).toEqual([0, 1, 2, 0, 0, 0, 0, 0, 0, 0]);
	});

	it('agrees with a direct count on random softmax outputs', () => {
		const random = createRandom(5);
		const n = 2000;
		const probs = new Float32Array(n * 10);
		const truth = Array.from({length: n}, () => Math.floor(random() * 10));
		for (let i = 0; i < n; i++) {
			const logits = Array.from({length: 10}, () => random() * 6);
			const sum = logits.reduce((s, l) => s + Math.exp(l), 0);
			logits.forEach((l, c) => (probs[i * 10 + c] = Math.exp(l) / sum));
		}

		const selection = selectPseudoLabels(probs, 0.5, truth, 10);
		let accepted = 0;
		let correct = 0;
		for (let i = 0; i < n; i++) {
			const p = Array.from(probs.subarray(i * 10, i * 10 + 10));
			const top = Math.max(...p);
			if (top > Math.fround(0.5)) {
				accepted++;
				if (p.indexOf(top) === truth[i]) correct++;
			}
		}

		expect(accepted).toBeGreaterThan(0);
		expect(selection.accepted.length).toBe(accepted);
		expect(selection.perClassAccepted.reduce((a, b) => a + b)).toBe(accepted);
		expect(selection.perClassCorrect.reduce((a, b) => a + b)).toBe(correct);
		expect(selection.precision).toBeCloseTo(correct / accepted, 12);
		expect(selection.acceptanceRate).toBeCloseTo(accepted / n, 12);
	});

	it('gives NaN precision when nothing is accepted or there is no truth', () => {
		expect(selectPseudoLabels(probabilities([row(1, 0.5)]), 0.8, [1], 10).precision).toBeNaN();
		const noTruth = selectPseudoLabels(probabilities([row(1, 0.9)]), 0.8, undefined, 10);
		expect(noTruth.precision).toBeNaN();
		expect(noTruth.perClassAccepted[1]).toBe(1);
	});

	it('handles an empty pool', () => {
		const selection = selectPseudoLabels(new Float32Array(0), 0.8, [], 10);
		expect(selection.accepted.length).toBe(0);
		expect(selection.acceptanceRate).toBe(0);
		expect(selection.precision).toBeNaN();
	});

	it('rejects a threshold outside (0, 1) as a broken invariant, naming no flag (values are checked where they enter)', () => {
		for (const bad of [0, 1, -0.1, 1.5, Number.NaN]) {
			expect(() => selectPseudoLabels(probabilities([row(0, 0.9)]), bad, undefined, 10)).toThrow(RangeError);
			expect(() => selectPseudoLabels(probabilities([row(0, 0.9)]), bad, undefined, 10)).not.toThrow(/--/);
		}
	});

	it('names the true digit most often behind each class\'s wrong labels', () => {
		// Label 9 given to three 4s and one 7 (wrong) and one 9 (right); label 1 only right; label 3 to one 8.
		const rows = [row(9, 0.99), row(9, 0.99), row(9, 0.99), row(9, 0.99), row(9, 0.99), row(1, 0.99), row(3, 0.99), row(5, 0.5)];
		const truth = [4, 4, 7, 4, 9, 1, 8, 2];
		const selection = selectPseudoLabels(probabilities(rows), 0.8, truth, 10);
		expect(selection.perClassTopConfusion[9]).toEqual([4, 3]);
		expect(selection.perClassTopConfusion[3]).toEqual([8, 1]);
		expect(selection.perClassTopConfusion[1]).toBeNull();
		// Rejected images never count: the 2 behind the unsure 5 is not a wrong pseudo-label.
		expect(selection.perClassTopConfusion[5]).toBeNull();
		expect(selectPseudoLabels(probabilities(rows), 0.8, undefined, 10).perClassTopConfusion.every(entry => entry === null)).toBe(true);
	});

	it('counts what the next round made of the wrong labels: fixed, still wrong (and surer), or dropped', () => {
		const truth = [0, 1, 2, 3, 4];
		const first = selectPseudoLabels(probabilities([row(5, 0.99), row(5, 0.9), row(5, 0.99), row(3, 0.99), row(6, 0.85)]), 0.8, truth, 10);
		const wrong = wrongLabels(first, truth);
		expect([...wrong.positions]).toEqual([0, 1, 2, 4]);
		// Their confidences then, the bar a later round's confidence is measured against.
		expect([...wrong.confidence].map(value => Number(value.toFixed(2)))).toEqual([0.99, 0.9, 0.99, 0.85]);
		// Next round: 0 fixed (labeled 0); 1 still wrong (labeled 7) and surer (0.99 > 0.9); 4 still wrong (labeled 6)
		// but less sure (0.82 < 0.85); 2 no longer confident.
		const second = selectPseudoLabels(probabilities([row(0, 0.99), row(7, 0.99), row(2, 0.5), row(3, 0.99), row(6, 0.82)]), 0.8, truth, 10);
		expect(carriedOver(wrong, second, truth)).toEqual({wrongBefore: 4, fixed: 1, stillWrong: 2, moreConfident: 1, dropped: 1});
		expect(carriedOver({positions: new Int32Array(0), confidence: new Float32Array(0)}, second, truth)).toEqual({wrongBefore: 0, fixed: 0, stillWrong: 0, moreConfident: 0, dropped: 0});
	});
});
