// Confirmation bias online: what each image's next draw made of a wrong pseudo-label used at its previous draw.
import {describe, expect, it} from 'vitest';
import {WrongMemory, type DrawDecision} from '../../source/core/wrong-memory.js';

/** A batch's decision from [used, label, confidence] per drawn image. */
function decision(rows: Array<[used: boolean, label: number, confidence: number]>): DrawDecision {
	return {
		mask: Uint8Array.from(rows, ([used]) => (used ? 1 : 0)),
		pseudoLabels: Uint8Array.from(rows, ([, label]) => label),
		confidence: Float32Array.from(rows, ([, , confidence]) => confidence),
	};
}

describe('WrongMemory', () => {
	it('counts, at an image\'s next draw, whether its wrong label was fixed, kept (surer or not) or dropped', () => {
		const memory = new WrongMemory(6);
		// Pool positions 0–4 with truths 0–4: 0, 1, 2 and 3 used with wrong labels, 4 used right.
		memory.add([0, 1, 2, 3, 4], decision([[true, 9, 0.6], [true, 9, 0.7], [true, 9, 0.8], [true, 9, 0.9], [true, 4, 0.9]]), [0, 1, 2, 3, 4]);
		// A first draw has no earlier label to compare with.
		expect(memory.take()).toEqual({wrongBefore: 0, fixed: 0, stillWrong: 0, moreConfident: 0, dropped: 0});
		// Next draws, in another order and batch: 2 fixed; 0 wrong again and surer (0.9 > 0.6); 1 wrong again, less sure
		// (0.5 < 0.7); 3 not used now; 4 (right before) and 5 (never drawn) are not counted.
		memory.add([2, 0], decision([[true, 2, 0.95], [true, 7, 0.9]]), [2, 0]);
		memory.add([1, 3, 4, 5], decision([[true, 8, 0.5], [false, 9, 0.3], [true, 1, 0.99], [true, 3, 0.99]]), [1, 3, 4, 5]);
		expect(memory.take()).toEqual({wrongBefore: 4, fixed: 1, stillWrong: 2, moreConfident: 1, dropped: 1});
		// The counts start afresh, and the memory moved on: 0, 1 (wrong again), 4 (labeled 1) and 5 (labeled 3) are the
		// wrong ones now; 2 (fixed) and 3 (dropped) are not, so their wrong labels now count nowhere. 0, 1 and 4 get
		// fixed; 5 is wrong again, less sure (0.9 < 0.99).
		memory.add([0, 1, 2, 3, 4, 5], decision([[true, 0, 0.9], [true, 1, 0.9], [true, 9, 0.9], [true, 9, 0.9], [true, 4, 0.9], [true, 9, 0.9]]), [0, 1, 2, 3, 4, 5]);
		expect(memory.take()).toEqual({wrongBefore: 4, fixed: 3, stillWrong: 1, moreConfident: 0, dropped: 0});
	});
});
