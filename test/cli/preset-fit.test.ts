// A preset's labeled count on a dataset it was not written for: fitted (and said) when the preset asked, never when
// the user did; untouched in real mode, where every labeled sample is labeled anyway.
import {describe, expect, it} from 'vitest';
import {loadPreset, type Preset} from '../../source/config/presets.js';
import {presetFitOn} from '../../source/cli/preset-fit.js';
import type {DatasetInfo} from '../../source/core/dataset-info.js';
import type {SharedDataset} from '../../source/protocol/messages.js';

function dataset(classSizes: number[], mode: DatasetInfo['mode'] = 'simulation'): SharedDataset {
	const labels = new Uint8Array(classSizes.flatMap((size, label) => Array.from({length: size}, () => label)));
	const classNames = classSizes.map((_, label) => `class${label}`);
	return {
		info: {name: 'small', kind: 'table', height: 1, width: 4, channels: 1, classNames, mode},
		name: 'small',
		rows: 1,
		cols: 4,
		trainImages: new ArrayBuffer(labels.length * 4),
		trainLabels: labels.buffer,
		testImages: new ArrayBuffer(0),
		testLabels: new ArrayBuffer(0),
		trainCount: labels.length,
		testCount: 0,
	};
}

const preset = (labeled: number): Preset => ({...loadPreset('quick'), name: 'mine', label: 'mine.json', patch: {labeled}});

describe('presetFitOn', () => {
	it('leaves a preset that fits as it is', () => {
		expect(presetFitOn(loadPreset('tutorial'), {}, dataset([2000, 2000, 2000]))).toEqual({flags: {}});
	});

	it('a preset asking for more than the training set can spare: a tenth, in a note and a notice', () => {
		const fit = presetFitOn(loadPreset('tutorial'), {seed: 3}, dataset([240, 240, 240]));
		expect(fit.flags).toEqual({seed: 3, labeled: 72});
		expect(fit.problem).toBeUndefined();
		expect(fit.note).toBe('preset tutorial asks for 1,000 labeled, more than the 720 training rows can spare; 72 (a tenth) are labeled instead; --labeled N chooses');
		expect(fit.notice).toBe("72 labeled: tutorial's 1,000 exceed the 720 rows");
	});

	it('a preset asking for fewer labels than classes: one per class', () => {
		const fit = presetFitOn(preset(2), {}, dataset([100, 100, 4]));
		expect(fit.flags.labeled).toBe(3);
		expect(fit.note).toBe('preset mine asks for 2 labeled, fewer than the 3 classes; 3 (one per class) are labeled instead; --labeled N chooses');
		expect(fit.notice).toBe("3 labeled: mine's 2 are fewer than the 3 classes");
		// A share that rounds a small class to 0 fits as it is: the split gives that class one.
		expect(presetFitOn(preset(30), {}, dataset([100, 100, 4])).flags).toEqual({});
	});

	it('never changes a count the user typed: the one-line problem names the flag', () => {
		const fit = presetFitOn(loadPreset('tutorial'), {labeled: 5000}, dataset([240, 240, 240]));
		expect(fit.flags).toEqual({labeled: 5000});
		expect(fit.problem).toBe('--labeled 5000 is more than the 720 training rows of this dataset, expected 3 to 719');
		expect(fit.note).toBeUndefined();
	});

	it('a dataset no count fits keeps the preset\'s problem', () => {
		const fit = presetFitOn(loadPreset('tutorial'), {}, dataset([1, 1]));
		expect(fit.problem).toMatch(/^preset tutorial \(presets\/tutorial\.json\): labeled 1000 is more than the 2 training rows/);
		expect(fit.flags).toEqual({});
	});

	it('real mode: nothing to fit, and a note that --labeled is not used', () => {
		expect(presetFitOn(loadPreset('tutorial'), {}, dataset([240, 240, 240], 'real'))).toEqual({
			flags: {},
			note: 'real data: its 720 labeled rows are the labeled set, so --labeled (1,000 here) is not used',
		});
	});
});
