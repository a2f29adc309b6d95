// Dropout masks: Keras's inverted dropout, two units per 32-bit draw.
import {describe, expect, it} from 'vitest';
import {createRandom} from '../../source/core/random.js';
import {fillDropoutMask} from '../../source/engine/batch-buffers.js';

describe('fillDropoutMask', () => {
	it('keeps 1 − rate of the units, scaled by 1/(1 − rate), and zeroes the rest', () => {
		for (const rate of [0.1, 0.3, 0.5]) {
			const mask = new Float32Array(200_001);
			fillDropoutMask(mask, mask.length, rate, createRandom(7));
			const kept = mask.filter(value => value !== 0);
			expect(new Set(kept)).toEqual(new Set([Math.fround(1 / (1 - rate))]));
			// 200,001 Bernoulli draws: the share is within 5 standard deviations of 1 − rate.
			const sd = Math.sqrt((rate * (1 - rate)) / mask.length);
			expect(Math.abs(kept.length / mask.length - (1 - rate))).toBeLessThan(5 * sd);
		}
	});

	it('is the same for the same seed, fills an odd length to its end and leaves what follows alone', () => {
		const a = new Float32Array(9).fill(-1);
		const b = new Float32Array(9).fill(-1);
		fillDropoutMask(a, 7, 0.3, createRandom(3));
		fillDropoutMask(b, 7, 0.3, createRandom(3));
		expect(a).toEqual(b);
		expect([...a.subarray(0, 7)].every(value => value === 0 || Math.abs(value - 1 / 0.7) < 1e-6)).toBe(true);
		expect([...a.subarray(7)]).toEqual([-1, -1]);
		const c = new Float32Array(7);
		fillDropoutMask(c, 7, 0.3, createRandom(4));
		expect(c).not.toEqual(a.subarray(0, 7));
	});

	it('keeps every unit at rate 0', () => {
		const mask = new Float32Array(1001);
		fillDropoutMask(mask, mask.length, 0, createRandom(1));
		expect(mask.every(value => value === 1)).toBe(true);
	});
});
