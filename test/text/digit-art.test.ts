// Tests for digit art: real MNIST digits keep their ink where the pixels are, at both sizes.
import {describe, expect, it} from 'vitest';
import {digitArtSize, renderDigit, xterm256} from '../../source/text/digit-art.js';
import {mnistTestDigits} from '../fixtures/race-events.js';

const digits = mnistTestDigits(12);
const one = digits.find(digit => digit.label === 1)!;
const zero = digits.find(digit => digit.label === 0)!;

/** Ink per text column: how many non-space characters each column holds. */
function inkPerColumn(lines: string[]): number[] {
	const columns = [...lines[0]!].length;
	return Array.from({length: columns}, (_, column) => lines.filter(line => [...line][column] !== ' ').length);
}

function pixelColumnsWithInk(pixels: number[], threshold: number): number[] {
	const columns: number[] = [];
	for (let x = 0; x < 28; x++) {
		if (Array.from({length: 28}, (_, y) => pixels[y * 28 + x]!).some(value => value >= threshold)) {
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
					expect(top).toBe(digit.pixels[row * 2 * 28 + x]! >= 128);
					expect(bottom).toBe(digit.pixels[(row * 2 + 1) * 28 + x]! >= 128);
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
		expect(zeroLines[7]!.slice(12, 16)).toBe('    ');
		expect(zeroLines[7]!.replaceAll(' ', '').length).toBeGreaterThan(2);
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
			expect(Math.abs(compactColumns[0]! - Math.floor(pixelColumns[0]! / 2))).toBeLessThanOrEqual(1);
			expect(Math.abs(compactColumns.at(-1)! - Math.floor(pixelColumns.at(-1)! / 2))).toBeLessThanOrEqual(1);
		}
	});

	it('draws nothing for a blank image and a full block for a white one', () => {
		expect(renderDigit(new Array(784).fill(0), {size: 'compact'}).join('')).toBe(' '.repeat(98));
		expect(renderDigit(new Array(784).fill(255), {size: 'compact'}).join('')).toBe('█'.repeat(98));
	});
});

describe('renderDigit (any size and colour)', () => {
	/** A side×side grey image with a bright horizontal bar on rows [from, to). */
	function bar(side: number, from: number, to: number, value = 255): number[] {
		const pixels = new Array<number>(side * side).fill(0);
		for (let y = from; y < to; y++) pixels.fill(value, y * side, (y + 1) * side);
		return pixels;
	}

	it('draws a 16×16 image at the tile size, the bar where it is in the image', () => {
		// Rows 8..9 of 16 cover tile rows 14..17 of 28 (scale 16/28): full-size lines 7 and 8.
		const lines = renderDigit(bar(16, 8, 10), {shape: {height: 16, width: 16, channels: 1}});
		expect(lines).toHaveLength(14);
		expect(lines.every(line => [...line].length === 28)).toBe(true);
		const inked = lines.map((line, index) => (line.trim() === '' ? -1 : index)).filter(index => index >= 0);
		expect(inked).toEqual([7, 8]);
		expect(lines[7]).toMatch(/^█+$/);
	});

	it('averages a larger image down (a faint one-pixel line of a 56×56 image fades below the ink threshold, a bar stays)', () => {
		const shape = {height: 56, width: 56, channels: 1};
		// Each tile pixel is the mean of 2×2 image pixels: a 150 line one pixel thick becomes 75, under the threshold 96.
		expect(renderDigit(bar(56, 20, 21, 150), {shape}).join('').trim()).toBe('');
		expect(renderDigit(bar(56, 20, 24, 150), {shape}).filter(line => line.includes('█'))).toHaveLength(1);
	});

	it('letterboxes an image wider than tall: black bands above and below', () => {
		const wide = new Array<number>(10 * 40).fill(255);
		const lines = renderDigit(wide, {shape: {height: 10, width: 40, channels: 1}});
		// 10 rows of 40 → 7 of the 28 tile rows, centred: tile rows 10.5..17.5.
		expect(lines.slice(0, 5).every(line => line.trim() === '')).toBe(true);
		expect(lines.slice(9).every(line => line.trim() === '')).toBe(true);
		expect(lines.slice(5, 9).some(line => line.includes('█'))).toBe(true);
	});

	it('draws colour images as shaded blocks of their brightness, at both sizes', () => {
		const shape = {height: 8, width: 8, channels: 3};
		// Left half white, right half pure blue (luminance 0.114 × 255 ≈ 29: the darkest non-blank shade is not reached).
		const pixels: number[] = [];
		for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) pixels.push(...(x < 4 ? [255, 255, 255] : [0, 0, 255]));
		const full = renderDigit(pixels, {shape});
		expect(full).toHaveLength(14);
		expect(full.every(line => /^[ ░▒▓█]{28}$/.test(line))).toBe(true);
		expect(full[0]!.slice(0, 14)).toBe('█'.repeat(14));
		expect(full[0]!.slice(14)).toBe(' '.repeat(14));
		const grey = pixels.map((value, i) => (i % 3 === 2 ? 0 : value));
		// Dark yellow (R = G = 128, B = 0): luminance ≈ 113 of 255, the middle of the five shades.
		const mid = renderDigit(grey.map(value => (value === 255 ? 128 : value)), {shape, size: 'compact'});
		expect(mid).toHaveLength(7);
		expect(mid[0]!.slice(0, 7)).toBe('▒'.repeat(7));
	});
});

describe('renderDigit in colour (half blocks: the upper pixel the foreground, the lower the background)', () => {
	// eslint-disable-next-line no-control-regex
	const escapes = /\u001B\[[\d;]*m/g;
	const visible = (line: string) => line.replaceAll(escapes, '');
	/** An 8×8 RGB image: red on the top half, blue on the bottom half, a white left column. */
	const shape = {height: 8, width: 8, channels: 3};
	const pixels: number[] = [];
	for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) pixels.push(...(x === 0 ? [255, 255, 255] : y < 4 ? [255, 0, 0] : [0, 0, 255]));

	it('24-bit: every cell a ▀ in the pixels\' colours, 28 or 14 columns once the escapes are gone, colours reset at the end', () => {
		for (const size of ['full', 'compact'] as const) {
			const lines = renderDigit(pixels, {shape, size, colors: 'truecolor'});
			expect(lines).toHaveLength(digitArtSize(size).lines);
			for (const line of lines) {
				expect(visible(line)).toBe('▀'.repeat(digitArtSize(size).columns));
				expect(line.endsWith('\u001B[39;49m')).toBe(true);
			}
		}

		const full = renderDigit(pixels, {shape, colors: 'truecolor'});
		// Tile row 0 is image row 0 (letterboxing a square image adds no bands): red over red, after the white column.
		expect(full[0]).toContain('\u001B[38;2;255;0;0;48;2;255;0;0m');
		expect(full[0]!.startsWith('\u001B[38;2;255;255;255;48;2;255;255;255m')).toBe(true);
		// Line 6 covers tile rows 12 and 13, image rows 3 (red) and 3 (red); line 7 covers rows 14, 15: image row 4 (blue).
		expect(full[7]).toContain('\u001B[38;2;0;0;255;48;2;0;0;255m');
		// A run of cells of one colour pays for the escape once: white (3.5 tile pixels), the cell that mixes white and
		// red, red, then the reset.
		expect(full[0]!.match(escapes)).toHaveLength(4);
	});

	it('256 colours: the nearest xterm colour (pure red is 196, pure blue 21, white 231)', () => {
		const line = renderDigit(pixels, {shape, colors: 'ansi256'})[0]!;
		expect(line).toContain('38;5;196;48;5;196');
		expect(line).toContain('38;5;231;48;5;231');
		expect(renderDigit(pixels, {shape, colors: 'ansi256'})[7]).toContain('38;5;21;48;5;21');
	});

	it('no colours, or a grey image: plain text without one escape code (the art tests above pin it)', () => {
		expect(renderDigit(pixels, {shape}).join('')).not.toMatch(escapes);
		expect(renderDigit(pixels, {shape, colors: 'none'})).toEqual(renderDigit(pixels, {shape}));
		expect(renderDigit(one.pixels, {colors: 'truecolor'})).toEqual(renderDigit(one.pixels));
	});

	it('xterm256 picks the grey ramp for greys and the cube for colours', () => {
		expect(xterm256(0, 0, 0)).toBe(16);
		expect(xterm256(128, 128, 128)).toBe(244);
		expect(xterm256(255, 255, 255)).toBe(231);
		expect(xterm256(250, 10, 5)).toBe(196);
		expect(xterm256(0, 135, 255)).toBe(33);
	});
});
