// Tests for block-element bars: exact widths, eighth steps, clamping.
import {describe, expect, it} from 'vitest';
import {renderBar, renderColumn, renderSpark} from '../../source/text/bar.js';

describe('renderBar', () => {
	it('is always exactly the asked width', () => {
		for (const fraction of [0, 0.01, 0.333, 0.5, 0.999, 1, -1, 2, Number.NaN]) {
			for (const width of [1, 7, 20]) {
				expect([...renderBar(fraction, width)]).toHaveLength(width);
			}
		}
	});

	it('fills in eighths of a column', () => {
		expect(renderBar(0.5, 10)).toBe('█████     ');
		expect(renderBar(1, 4)).toBe('████');
		expect(renderBar(0, 4, '·')).toBe('····');
		expect(renderBar(1 / 16, 2)).toBe('▏ ');
		expect(renderBar(0.6, 2)).toBe('█▎');
	});

	it('grows with the fraction', () => {
		const filled = (fraction: number) => renderBar(fraction, 20).trimEnd().length;
		expect(filled(0.2)).toBeLessThan(filled(0.5));
		expect(filled(0.5)).toBeLessThan(filled(0.9));
	});
});

describe('renderSpark', () => {
	it('scales to the maximum and shows a sliver for small non-zero values', () => {
		expect(renderSpark(10, 10)).toBe('█');
		expect(renderSpark(5, 10)).toBe('▄');
		expect(renderSpark(0.1, 10)).toBe('▁');
		expect(renderSpark(0, 10)).toBe(' ');
		expect(renderSpark(3, 0)).toBe(' ');
	});
});

describe('renderColumn', () => {
	it('fills from the bottom in eighths, top line first, with a foot for any value', () => {
		expect(renderColumn(1, 3)).toEqual(['█', '█', '█']);
		expect(renderColumn(0.5, 3)).toEqual([' ', '▄', '█']);
		expect(renderColumn(0, 3)).toEqual([' ', ' ', '▁']);
		expect(renderColumn(Number.NaN, 2)).toEqual([' ', '▁']);
		expect(renderColumn(0.25, 1)).toEqual(['▂']);
	});
});
