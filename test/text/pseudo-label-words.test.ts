// What the thresholds gate, in the data's own word: digits on MNIST, classes on anyone's own data.
import {describe, expect, it} from 'vitest';
import type {DatasetInfo} from '../../source/core/dataset-info.js';
import {drawsText, thresholdMeaning} from '../../source/text/pseudo-label-words.js';

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

describe('drawsText', () => {
	const wine: DatasetInfo = {name: 'wine', kind: 'table', height: 1, width: 7, channels: 1, classNames: ['barbera', 'barolo', 'grignolino'], mode: 'simulation'};

	it('says how many unlabeled samples an online epoch drew once and how many twice, in the data\'s word', () => {
		expect(drawsText(59_136, 59_000, 60)).toBe('58,864 unlabeled images drawn once, 136 twice');
		expect(drawsText(59_136, 59_000, 36)).toBe('58,864 images drawn once, 136 twice');
		expect(drawsText(59_136, 59_000, 32)).toBe('58,864 images once, 136 twice');
		expect(drawsText(672, 648, 60, wine)).toBe('624 unlabeled rows drawn once, 24 twice');
		expect(drawsText(648, 648, 60, wine)).toBe('each of the 648 unlabeled rows drawn once');
		expect(drawsText(500, 648, 60, wine)).toBe('500 of the 648 unlabeled rows drawn');
		// More draws than two passes (a tiny pool): counted as draws, never "−10 once".
		expect(drawsText(1_400, 648, 60, wine)).toBe('1,400 draws of the 648 unlabeled rows');
		for (const width of [24, 32, 44]) expect(drawsText(59_136, 59_000, width)!.length).toBeLessThanOrEqual(width);
	});
});
