// Tests for digit art: real MNIST digits keep their ink where the pixels are, at both sizes.
import {describe, expect, it} from 'vitest';
import {digitArtSize, renderDigit} from '../../source/text/digit-art.js';
import {mnistTestDigits} from '../fixtures/race-events.js';

const digits = mnistTestDigits(12);
const one = digits.find(digit => digit.label === 1)!;
const zero = digits.find(digit => digit.label === 0)!;

/** Ink per text column: how many non-space characters each column holds. */
function inkPerColumn(lines: string[]): number[] {
	const columns = [...lines[0]].length;
	return Array.from({length: columns}, (_, column) => lines.filter(line => [...line][column] !== ' ').length);
}

function pixelColumnsWithInk(pixels: number[], threshold: number): number[] {
	const columns: number[] = [];
	for (let x = 0; x < 28; x++) {
		if (Array.from({length: 28}, (_, y) => pixels[y * 28 + x]).some(value => value >= threshold)) {
			columns.push(x);
		}
	}

	return columns;
}

describe('renderDigit (full size)', () => {
	it('draws 28 columns × 14 lines of half blocks', () => {
		const lines = renderDigit(one.pixels);
		expect(lines).toHaveLength(14);
		for (const line of lines) {
			expect([...line]).toHaveLength(28);
			expect(line).toMatch(/^[ ▀▄█]+$/);
		}

		expect(digitArtSize('full')).toEqual({columns: 28, lines: 14});
	});

	it('has exactly one ink half per pixel above the threshold, in the same place', () => {
		for (const digit of digits) {
			const lines = renderDigit(digit.pixels, {threshold: 128});
			let halves = 0;
			for (const [row, line] of lines.entries()) {
				for (const [x, char] of [...line].entries()) {
					const top = char === '▀' || char === '█';
					const bottom = char === '▄' || char === '█';
					expect(top).toBe(digit.pixels[row * 2 * 28 + x] >= 128);
					expect(bottom).toBe(digit.pixels[(row * 2 + 1) * 28 + x] >= 128);
					halves += (top ? 1 : 0) + (bottom ? 1 : 0);
				}
			}

			expect(halves).toBe(digit.pixels.filter(value => value >= 128).length);
		}
	});

	it("puts a 1's ink in the middle columns and leaves a 0's middle empty", () => {
		const oneInk = inkPerColumn(renderDigit(one.pixels));
		const inkColumns = oneInk.flatMap((count, column) => (count > 0 ? [column] : []));
		expect(Math.min(...inkColumns)).toBeGreaterThanOrEqual(8);
		expect(Math.max(...inkColumns)).toBeLessThanOrEqual(20);
		expect(inkColumns).toEqual(pixelColumnsWithInk(one.pixels, 96));

		const zeroLines = renderDigit(zero.pixels);
		expect(zeroLines[7].slice(12, 16)).toBe('    ');
		expect(zeroLines[7].replaceAll(' ', '').length).toBeGreaterThan(2);
	});
});

describe('renderDigit (compact)', () => {
	it('draws 14 columns × 7 lines of quadrant blocks', () => {
		const lines = renderDigit(one.pixels, {size: 'compact'});
		expect(lines).toHaveLength(7);
		for (const line of lines) {
			expect([...line]).toHaveLength(14);
			expect(line).toMatch(/^[ ▘▝▀▖▌▞▛▗▚▐▜▄▙▟█]+$/);
		}

		expect(digitArtSize('compact')).toEqual({columns: 14, lines: 7});
	});

	it('keeps ink in the same region as the pixels', () => {
		for (const digit of digits) {
			const lines = renderDigit(digit.pixels, {size: 'compact'});
			const compactColumns = inkPerColumn(lines).flatMap((count, column) => (count > 0 ? [column] : []));
			const pixelColumns = pixelColumnsWithInk(digit.pixels, 96);
			// Two pixel columns per text column: the ink spans the same stretch, give or take one column.
			expect(Math.abs(compactColumns[0] - Math.floor(pixelColumns[0] / 2))).toBeLessThanOrEqual(1);
			expect(Math.abs(compactColumns.at(-1)! - Math.floor(pixelColumns.at(-1)! / 2))).toBeLessThanOrEqual(1);
		}
	});

	it('draws nothing for a blank image and a full block for a white one', () => {
		expect(renderDigit(new Array(784).fill(0), {size: 'compact'}).join('')).toBe(' '.repeat(98));
		expect(renderDigit(new Array(784).fill(255), {size: 'compact'}).join('')).toBe('█'.repeat(98));
	});
});
