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

	it('keeps names that read alike long enough to tell them apart, while they fit', () => {
		const wine = ['barbera', 'barolo', 'grignolino'];
		const wrong = {mark: '✓', label: 'barbera', confidence: '98%', verdict: {word: 'WRONG', truth: 'barolo'}, classNames: wine};
		// Without the class names both cut to "ba…"; with them, to the first letter that differs.
		expect(tileCaption({...wrong, classNames: undefined}, 19)).toBe('✓ba… 98% WRONG(ba…)');
		expect(tileCaption(wrong, 23)).toBe('✓barb… 98% WRONG(baro…)');
		expect(tileCaption({...wrong, label: 'grignolino'}, 23)).toBe('✓grig… 98% WRONG(baro…)');
		// Too narrow for the telling forms: down to a letter each rather than losing the verdict.
		expect(tileCaption(wrong, 17)).toBe('✓b… 98% WRONG(b…)');
		// Names told only by their end keep it ("ne…2019" where there is room), not "nebbi…" for all three.
		const vintages = ['nebbiolo_langhe_2019', 'nebbiolo_langhe_2020', 'nebbiolo_langhe_2021'];
		const vintage = {mark: '✓', label: vintages[0]!, confidence: '91%', verdict: {word: 'WRONG', truth: vintages[1]!}, classNames: vintages};
		expect(tileCaption(vintage, 27)).toBe('✓ne…2019 91% WRONG(ne…2020)');
		expect(tileCaption(vintage, 25)).toBe('✓nebb…9 91% WRONG(nebb…0)');
	});
});
