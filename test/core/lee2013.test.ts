// Tests Lee (2013)'s α ramp at and around T1 and T2.
import {describe, expect, it} from 'vitest';
import {lee2013Alpha} from '../../source/core/lee2013.js';

const ramp = {alphaFinal: 3, rampStart: 0.1, rampEnd: 0.6};

describe('lee2013Alpha', () => {
	it('is 0 up to and at T1, and just above 0 right after it', () => {
		expect(lee2013Alpha(0, ramp)).toBe(0);
		expect(lee2013Alpha(0.05, ramp)).toBe(0);
		expect(lee2013Alpha(0.1, ramp)).toBe(0);
		const after = lee2013Alpha(0.1001, ramp);
		expect(after).toBeGreaterThan(0);
		expect(after).toBeCloseTo((3 * 0.0001) / 0.5, 10);
	});

	it('rises linearly between T1 and T2', () => {
		expect(lee2013Alpha(0.35, ramp)).toBeCloseTo(1.5, 12);
		expect(lee2013Alpha(0.2, ramp)).toBeCloseTo(0.6, 12);
		expect(lee2013Alpha(0.5, ramp)).toBeCloseTo(2.4, 12);
	});

	it('reaches alphaFinal at T2 and stays there', () => {
		expect(lee2013Alpha(0.5999, ramp)).toBeLessThan(3);
		expect(lee2013Alpha(0.5999, ramp)).toBeCloseTo(3 - (3 * 0.0001) / 0.5, 10);
		expect(lee2013Alpha(0.6, ramp)).toBe(3);
		expect(lee2013Alpha(0.8, ramp)).toBe(3);
		expect(lee2013Alpha(1, ramp)).toBe(3);
	});

	it('with T1 = T2 is a step to alphaFinal, and with T1 = 0 starts rising at once', () => {
		const step = {alphaFinal: 2, rampStart: 0.3, rampEnd: 0.3};
		expect(lee2013Alpha(0.3, step)).toBe(0);
		expect(lee2013Alpha(0.3000001, step)).toBe(2);
		expect(lee2013Alpha(0.01, {alphaFinal: 3, rampStart: 0, rampEnd: 1})).toBeCloseTo(0.03, 12);
	});

	it('rejects an inverted or out-of-range ramp', () => {
		expect(() => lee2013Alpha(0.5, {alphaFinal: 3, rampStart: 0.6, rampEnd: 0.1})).toThrow(/rampStart/);
		expect(() => lee2013Alpha(0.5, {alphaFinal: 3, rampStart: 0.1, rampEnd: 1.5})).toThrow(RangeError);
		expect(() => lee2013Alpha(0.5, {alphaFinal: -1, rampStart: 0.1, rampEnd: 0.6})).toThrow(/alphaFinal/);
	});
});
