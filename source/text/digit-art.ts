/** A 28×28 grayscale digit as block-element text: half blocks at full size, quadrant blocks when space is short. */

/** full: 28 columns × 14 lines (▀ ▄ █), compact: 14 columns × 7 lines (quadrant blocks ▘▝▖▗ …). */
export type DigitArtSize = 'full' | 'compact';

/** Options for {@link renderDigit}. */
export interface DigitArtOptions {
	size?: DigitArtSize;
	/** Pixel value (0..255) from which a pixel counts as ink. */
	threshold?: number;
	/** Side of the square image in pixels. */
	side?: number;
}

/** Quadrant block for a bit mask: 1 = upper left, 2 = upper right, 4 = lower left, 8 = lower right. */
const quadrants = [' ', '▘', '▝', '▀', '▖', '▌', '▞', '▛', '▗', '▚', '▐', '▜', '▄', '▙', '▟', '█'];
const halves = [' ', '▀', '▄', '█'];

/** Columns and lines a rendered digit takes. */
export function digitArtSize(size: DigitArtSize, side = 28): {columns: number; lines: number} {
	return size === 'full' ? {columns: side, lines: side / 2} : {columns: side / 2, lines: side / 4};
}

/**
 * Renders the image as text lines of equal length. A terminal cell is about twice as tall as wide, so a cell shows
 * 1×2 pixels (full) or 2×4 pixels as four 1×2 quadrants (compact), keeping the digit's proportions.
 */
export function renderDigit(pixels: ArrayLike<number>, options: DigitArtOptions = {}): string[] {
	const side = options.side ?? 28;
	const threshold = options.threshold ?? 96;
	const pixel = (x: number, y: number) => (x < side && y < side ? (pixels[y * side + x] ?? 0) : 0);
	// A pair of vertically stacked pixels is ink when their mean reaches the threshold: thin strokes survive.
	const pairInk = (x: number, y: number) => (pixel(x, y) + pixel(x, y + 1)) / 2 >= threshold;
	const lines: string[] = [];
	if ((options.size ?? 'full') === 'full') {
		for (let y = 0; y < side; y += 2) {
			let line = '';
			for (let x = 0; x < side; x++) {
				const mask = (pixel(x, y) >= threshold ? 1 : 0) | (pixel(x, y + 1) >= threshold ? 2 : 0);
				line += halves[mask];
			}

			lines.push(line);
		}

		return lines;
	}

	for (let y = 0; y < side; y += 4) {
		let line = '';
		for (let x = 0; x < side; x += 2) {
			const mask =
				(pairInk(x, y) ? 1 : 0) |
				(pairInk(x + 1, y) ? 2 : 0) |
				(pairInk(x, y + 2) ? 4 : 0) |
				(pairInk(x + 1, y + 2) ? 8 : 0);
			line += quadrants[mask];
		}

		lines.push(line);
	}

	return lines;
}
