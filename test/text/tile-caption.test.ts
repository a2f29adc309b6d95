// A sample tile's caption within its columns: the class names are shortened, never the confidence or the verdict.
import {describe, expect, it} from 'vitest';
import {tileCaption} from '../../source/text/tile-caption.js';
import {displayWidth} from '../../source/text/wrap.js';

describe('tileCaption', () => {
	it('keeps a caption that fits whole', () => {
		expect(tileCaption({mark: '✓', label: 'cat', confidence: '98%', verdict: {word: 'WRONG', truth: 'fox'}}, 19)).toBe('✓cat 98% WRONG(fox)');
		expect(tileCaption({mark: '✓', label: '7', confidence: '94%', verdict: {word: 'ok'}}, 15)).toBe('✓7 94% ok');
		expect(tileCaption({mark: '✗', label: 'cat', confidence: '51%'}, 15)).toBe('✗cat 51%');
	});

	it('shortens the class names, with an ellipsis inside the name, before anything else', () => {
		expect(tileCaption({mark: '✓', label: 'green_square', confidence: '96%', verdict: {word: 'ok'}}, 17)).toBe('✓green_sq… 96% ok');
		// The longer name gives first, then both, down to a letter each.
		expect(tileCaption({mark: '✓', label: 'green_square', confidence: '96%', verdict: {word: 'WRONG', truth: 'red'}}, 19)).toBe('✓gr… 96% WRONG(red)');
		expect(tileCaption({mark: '✓', label: 'green_square', confidence: '96%', verdict: {word: 'WRONG', truth: 'red_circle'}}, 19)).toBe('✓gr… 96% WRONG(re…)');
		expect(tileCaption({mark: '✗', label: 'cat', confidence: '62%', verdict: {word: 'wrong', truth: 'fox'}}, 17)).toBe('✗c… 62% wrong(f…)');
		// Wide characters count two columns.
		const wide = tileCaption({mark: '✓', label: '猫猫猫猫', confidence: '90%', verdict: {word: 'ok'}}, 13);
		expect(wide).toMatch(/^✓猫+… 90% ok$/);
		expect(displayWidth(wide)).toBeLessThanOrEqual(13);
	});

	it('cuts the end only when even the shortest names do not fit', () => {
		const caption = tileCaption({mark: '✓', label: 'green_square', confidence: '96%', verdict: {word: 'WRONG', truth: 'red_circle'}}, 12);
		expect(displayWidth(caption)).toBeLessThanOrEqual(12);
		expect(caption).toMatch(/^✓g… 96% WR/);
	});
});
