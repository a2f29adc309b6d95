// Dropout masks per part of a step (engine/dropout-streams.ts): a part's masks depend only on (seed, step, part), and a
// whole step's masks in the batch layout are the parts' masks side by side — what lets each thread draw its own part.
import {describe, expect, it} from 'vitest';
import {fillMaskColumns, fillPartMasks, fillStepMasks} from '../../source/engine/dropout-streams.js';

const shape = {input: 4, hidden1: 6, hidden2: 3, classes: 2};
const key = {rate: 0.3, seed: 1234, step: 17};

function part(rows: number, partKey: typeof key, index: number) {
	const mask1 = new Float32Array(shape.hidden1 * rows);
	const mask2 = new Float32Array(shape.hidden2 * rows);
	fillPartMasks(mask1, mask2, shape, rows, partKey, index);
	return {mask1, mask2};
}

describe('dropout streams', () => {
	it('draw a part\'s masks from (seed, step, part) alone: the same every time, others for another step or part', () => {
		const a = part(20, key, 1);
		expect(part(20, key, 1)).toEqual(a);
		expect(part(20, {...key, step: 18}, 1).mask1).not.toEqual(a.mask1);
		expect(part(20, key, 0).mask1).not.toEqual(a.mask1);
		expect(part(20, {...key, seed: 1235}, 1).mask1).not.toEqual(a.mask1);
		// Inverted dropout: kept units scaled by 1/(1 − rate), about 1 − rate of them kept.
		const many = part(2000, key, 0).mask1;
		const kept = many.filter(value => value !== 0);
		expect(kept.every(value => value === Math.fround(1 / 0.7))).toBe(true);
		expect(kept.length / many.length).toBeCloseTo(0.7, 1);
	});

	it('lay a split step\'s masks out as its two parts\' columns side by side, and an unsplit step\'s as part 0', () => {
		for (const n of [9, 32, 5]) {
			const mask1 = new Float32Array(shape.hidden1 * n);
			const mask2 = new Float32Array(shape.hidden2 * n);
			fillStepMasks(mask1, mask2, shape, n, key);
			const parts = n >= 8 ? [[0, Math.ceil(n / 2)], [Math.ceil(n / 2), n]] : [[0, n]];
			for (const [index, [from, to]] of parts.entries()) {
				const rows = to! - from!;
				const own = part(rows, key, index);
				for (let u = 0; u < shape.hidden1; u++) {
					expect(mask1.subarray(u * n + from!, u * n + to!)).toEqual(own.mask1.subarray(u * rows, (u + 1) * rows));
				}

				for (let u = 0; u < shape.hidden2; u++) {
					expect(mask2.subarray(u * n + from!, u * n + to!)).toEqual(own.mask2.subarray(u * rows, (u + 1) * rows));
				}
			}
		}
	});

	it('draw any columns of a part\'s masks on their own (a team member\'s rows): the same values as the whole part', () => {
		for (const rows of [9, 16, 7]) {
			const whole = part(rows, key, 1);
			for (const [from, to] of [[0, rows], [0, 3], [3, 8], [1, 2], [rows - 1, rows]]) {
				if (to! > rows) continue;
				// Into the middle of a wider block, as a member whose rows straddle the parts writes its second part's.
				const width = to! - from! + 5;
				const out = {mask1: new Float32Array(shape.hidden1 * width), mask2: new Float32Array(shape.hidden2 * width), width, offset: 2};
				fillMaskColumns(out, shape, rows, key, 1, from!, to!);
				for (let u = 0; u < shape.hidden1; u++) {
					expect(out.mask1.subarray(u * width + 2, u * width + 2 + to! - from!)).toEqual(whole.mask1.subarray(u * rows + from!, u * rows + to!));
				}

				for (let u = 0; u < shape.hidden2; u++) {
					expect(out.mask2.subarray(u * width + 2, u * width + 2 + to! - from!)).toEqual(whole.mask2.subarray(u * rows + from!, u * rows + to!));
				}
			}
		}

		// A whole part into a block of its own width: drawn as the part is drawn alone.
		const whole = part(16, key, 0);
		const out = {mask1: new Float32Array(shape.hidden1 * 16), mask2: new Float32Array(shape.hidden2 * 16), width: 16, offset: 0};
		fillMaskColumns(out, shape, 16, key, 0, 0, 16);
		expect(out.mask1).toEqual(whole.mask1);
		expect(out.mask2).toEqual(whole.mask2);
		// Guard against a vacuous pass: the masks drop some units and keep others.
		const sample = part(16, key, 1).mask1;
		expect(new Set(sample).size).toBe(2);
	});
});
