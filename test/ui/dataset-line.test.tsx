import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import type {DatasetInfo} from '../../source/core/dataset-info.js';
import type {DatasetSizes} from '../../source/race/race-events.js';
import {DatasetLine, notesLineText} from '../../source/ui/panels/dataset-line.js';

const info = (mode: DatasetInfo['mode']): DatasetInfo => ({name: 'wine', kind: 'table', height: 1, width: 6, channels: 1, classNames: ['barbera', 'barolo', 'grignolino'], mode});
const sizes = (mode: DatasetInfo['mode']): DatasetSizes => ({
	name: 'wine',
	train: 720,
	test: 180,
	labeled: 72,
	unlabeled: 648,
	info: info(mode),
	notes: ['label column: kind (column 7)', 'features standardised'],
});

describe('the data notes line', () => {
	it('puts what was done to the preset\'s labeled count first, before the loader\'s notes', () => {
		const fitted = "72 labeled: tutorial's 1,000 exceed the 720 rows";
		expect(notesLineText(sizes('simulation'), 1000, fitted)).toBe(`${fitted} · label column: kind (column 7) · features standardised`);
		expect(notesLineText(sizes('simulation'), 1000)).toBe('label column: kind (column 7) · features standardised');
		// Drawn on the second line where the layout has room, cut to the width.
		const {lastFrame} = render(<DatasetLine dataset={sizes('simulation')} width={100} notes labeled={72} presetNote={fitted} />);
		const lines = lastFrame()!.split('\n');
		expect(lines[0]).toContain('72 labeled / 648 unlabeled / 180 test');
		expect(lines[1]!.startsWith(fitted)).toBe(true);
		expect(lines[1]!.length).toBeLessThanOrEqual(100);
	});

	it('says each note shorter where they do not fit, the first in full, rather than cutting the last ones off', () => {
		const notes = [
			'images fitted to 28×28 (letterboxed in the border colour, area average), RGB',
			'no augmentation: the presets\' is tuned for MNIST digits (--keep-augmentation races it)',
			'features standardised (z-scores from all training rows) and quantized to 0..255 over ±4 σ',
		];
		const fitted = "72 labeled: tutorial's 1,000 exceed the 720 rows";
		const line = notesLineText({...sizes('simulation'), notes}, 1000, fitted, 120);
		expect(line.length).toBeLessThanOrEqual(120);
		expect(line.startsWith(`${fitted} · `)).toBe(true);
		for (const gist of ['images fitted to 28×28', 'no augmentation', 'features standardised']) expect(line).toContain(gist);
		// Wide enough: every word.
		expect(notesLineText({...sizes('simulation'), notes}, 1000, fitted, 400)).toBe([fitted, ...notes].join(' · '));
	});

	it('keeps a note whose point is its value ("label column: kind"), and lets the last notes give way to "+N more: press ?"', () => {
		// wine with the methods preset at 100 columns: five notes.
		const notes = [
			'label column: kind (column 7)',
			'features standardised (z-scores from all training rows) and quantized to 0..255 over ±4 σ',
			'no test split in the data: 180 labeled samples (20 %, stratified, seed 42) held out for testing',
			'no augmentation: the presets\' is tuned for MNIST digits (--keep-augmentation races it)',
		];
		const fitted = "72 labeled: methods' 1,000 exceed the 720 rows";
		expect(notesLineText({...sizes('simulation'), notes}, 1000, fitted, 100)).toBe(`${fitted} · label column: kind · +3 more: press ?`);
		expect(notesLineText({...sizes('simulation'), notes}, 1000, fitted, 110)).toBe(`${fitted} · label column: kind · features standardised · +2 more: press ?`);
		expect(notesLineText({...sizes('simulation'), notes}, 1000, fitted, 140)).toBe(`${fitted} · label column: kind · features standardised · no test split in the data · no augmentation`);
		expect(notesLineText({...sizes('simulation'), notes}, 1000, fitted, 40).startsWith(`${fitted} · +4 more`)).toBe(true);
	});

	it('in real mode says --labeled was ignored, after the loader\'s notes', () => {
		expect(notesLineText(sizes('real'), 300)).toMatch(/^label column: kind \(column 7\) · features standardised · real mode: all 72 labeled samples are used \(--labeled 300 ignored\)/);
	});
});
