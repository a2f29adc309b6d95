// What the thresholds gate, in the data's own word: digits on MNIST, classes on anyone's own data.
import {describe, expect, it} from 'vitest';
import {thresholdMeaning} from '../../source/text/pseudo-label-words.js';

describe('thresholdMeaning', () => {
	it('says nearly every guess passes while the thresholds are low, and what a high one gates, per digit or per class', () => {
		expect(thresholdMeaning([0.01, 0.05], 0.34, 60).join(' ')).toBe('Low while the model is unsure, by design: nearly every guess passes (34% used). They rise as it grows sure.');
		expect(thresholdMeaning([0.9, 0.95], 0.6, 60)).toEqual(["A guess below its digit's threshold is not used."]);
		// An image folder of shapes or a table has classes, not digits.
		expect(thresholdMeaning([0.9, 0.95], 0.6, 60, 'class')).toEqual(["A guess below its class's threshold is not used."]);
		// Too narrow for the sentence: the short form, at most two lines.
		expect(thresholdMeaning([0.9, 0.95], 0.6, 14).length).toBeLessThanOrEqual(2);
	});
});
