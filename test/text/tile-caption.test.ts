// A sample tile's caption within its columns: the class names are shortened, never the confidence or the verdict.
import {describe, expect, it} from 'vitest';
import {distinctColumns, tileCaption} from '../../source/text/tile-caption.js';
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

	it('keeps names that read alike long enough to tell them apart, while they fit', () => {
		const wine = ['barbera', 'barolo', 'grignolino'];
		const wrong = {mark: '✓', label: 'barbera', confidence: '98%', verdict: {word: 'WRONG', truth: 'barolo'}, classNames: wine};
		// Without the class names both cut to "ba…"; with them, to the first letter that differs.
		expect(tileCaption({...wrong, classNames: undefined}, 19)).toBe('✓ba… 98% WRONG(ba…)');
		expect(tileCaption(wrong, 23)).toBe('✓barb… 98% WRONG(baro…)');
		expect(tileCaption({...wrong, label: 'grignolino'}, 23)).toBe('✓grig… 98% WRONG(baro…)');
		// Too narrow for the telling forms: down to a letter each rather than losing the verdict.
		expect(tileCaption(wrong, 17)).toBe('✓b… 98% WRONG(b…)');
	});
});

describe('distinctColumns', () => {
	it('is the shortest prefix no other name starts with, and its ellipsis', () => {
		const wine = ['barbera', 'barolo', 'grignolino'];
		expect(distinctColumns('barbera', wine)).toBe(5);
		expect(distinctColumns('barolo', wine)).toBe(5);
		expect(distinctColumns('grignolino', wine)).toBe(2);
		// A name that is another's prefix is told only whole; a short name is never longer than itself.
		expect(distinctColumns('cat', ['cat', 'cats'])).toBe(3);
		expect(distinctColumns('cats', ['cat', 'cats'])).toBe(4);
		expect(distinctColumns('7', ['7', '8'])).toBe(1);
	});
});
