/**
 * A sample image as block-element text at the tile size, whatever the image's size: grey images as crisp ink (half
 * blocks at full size, quadrant blocks when space is short); colour images in their colours where the terminal has
 * them (half blocks `▀`, the upper pixel the foreground, the lower the background), else as shaded blocks of their
 * brightness.
 */

/** full: 28 columns × 14 lines (▀ ▄ █), compact: 14 columns × 7 lines (quadrant blocks ▘▝▖▗ …). */
export type DigitArtSize = 'full' | 'compact';

/** An image's height, width and channels (channels-last bytes); a DatasetInfo fits as is. */
export interface ArtShape {
	height: number;
	width: number;
	channels: number;
}

/** Options for {@link renderDigit}. */
export interface DigitArtOptions {
	size?: DigitArtSize;
	/** Pixel value (0..255) from which a pixel counts as ink (grey images). */
	threshold?: number;
	/** The image's shape; a 28×28 grey image (MNIST) when absent. */
	shape?: ArtShape;
	/** Colours the terminal shows (cli/color.ts decides): RGB images use them; 'none' (the default) keeps plain text. */
	colors?: TileColors;
}

/** 'truecolor': 24-bit escapes; 'ansi256': the nearest of xterm's 256 colours; 'none': no escape codes at all. */
export type TileColors = 'none' | 'ansi256' | 'truecolor';

/** The tile is a square grid of this many pixels a side: the art of a 28×28 image shows every pixel. */
export const tilePixels = 28;

const mnistShape: ArtShape = {height: tilePixels, width: tilePixels, channels: 1};

/** Quadrant block for a bit mask: 1 = upper left, 2 = upper right, 4 = lower left, 8 = lower right. */
const quadrants = [' ', '▘', '▝', '▀', '▖', '▌', '▞', '▛', '▗', '▚', '▐', '▜', '▄', '▙', '▟', '█'];
const halves = [' ', '▀', '▄', '█'];
/** Brightness in five steps, darkest first. */
const shades = [' ', '░', '▒', '▓', '█'];

/** Columns and lines a rendered image takes: the same for every image size. */
export function digitArtSize(size: DigitArtSize): {columns: number; lines: number} {
	return size === 'full' ? {columns: tilePixels, lines: tilePixels / 2} : {columns: tilePixels / 2, lines: tilePixels / 4};
}

/**
 * The image as a tilePixels × tilePixels grid of brightness (0..255): letterboxed (the longer side fills the tile, the
 * rest stays black), each grid cell the mean of the image area it covers (or the pixel under it when the image is
 * smaller than the tile); colour pixels count by their luminance. A 28×28 grey image comes back as it is.
 */
export function tileGrid(pixels: ArrayLike<number>, shape: ArtShape): Float32Array {
	if (shape.channels < 3) return channelGrid(pixels, shape, 1);
	const rgb = channelGrid(pixels, shape, 3);
	const grid = new Float32Array(tilePixels * tilePixels);
	for (let i = 0; i < grid.length; i++) grid[i] = 0.299 * rgb[i * 3]! + 0.587 * rgb[i * 3 + 1]! + 0.114 * rgb[i * 3 + 2]!;
	return grid;
}

/** The tile grid with `bands` values a cell (1: the first channel, 3: R, G, B), letterboxed and area-averaged. */
function channelGrid(pixels: ArrayLike<number>, shape: ArtShape, bands: 1 | 3): Float32Array {
	const {height, width, channels} = shape;
	const grid = new Float32Array(tilePixels * tilePixels * bands);
	const scale = Math.max(height, width) / tilePixels;
	const offsetX = (tilePixels - width / scale) / 2;
	const offsetY = (tilePixels - height / scale) / 2;
	for (let gy = 0; gy < tilePixels; gy++) {
		for (let gx = 0; gx < tilePixels; gx++) {
			// The cell's area in image pixels: [x0, x1) × [y0, y1), at least the one pixel under its centre.
			const x0 = (gx - offsetX) * scale;
			const y0 = (gy - offsetY) * scale;
			if (x0 + scale <= 0 || y0 + scale <= 0 || x0 >= width || y0 >= height) continue;
			const left = Math.max(0, Math.floor(x0 + 1e-9));
			const top = Math.max(0, Math.floor(y0 + 1e-9));
			const right = Math.min(width, Math.max(left + 1, Math.ceil(x0 + scale - 1e-9)));
			const bottom = Math.min(height, Math.max(top + 1, Math.ceil(y0 + scale - 1e-9)));
			const area = (right - left) * (bottom - top);
			for (let band = 0; band < bands; band++) {
				let sum = 0;
				for (let y = top; y < bottom; y++) {
					for (let x = left; x < right; x++) sum += pixels[(y * width + x) * channels + band] ?? 0;
				}

				grid[(gy * tilePixels + gx) * bands + band] = sum / area;
			}
		}
	}

	return grid;
}

/**
 * Renders the image as text lines of equal length. A terminal cell is about twice as tall as wide, so a cell shows
 * 1×2 grid pixels (full) or 2×4 (compact), keeping the image's proportions. Grey images are ink or not (thin strokes
 * survive); colour images get their colours (`colors`), else a shade per cell, since a photo has no ink to threshold.
 * Coloured lines carry escape codes and end with the default colours restored; they still take 28 or 14 columns.
 */
export function renderDigit(pixels: ArrayLike<number>, options: DigitArtOptions = {}): string[] {
	const shape = options.shape ?? mnistShape;
	const colors = options.colors ?? 'none';
	if (shape.channels >= 3 && colors !== 'none') return colourLines(channelGrid(pixels, shape, 3), (options.size ?? 'full') === 'full', colors);
	const grid = tileGrid(pixels, shape);
	const side = tilePixels;
	const full = (options.size ?? 'full') === 'full';
	const pixel = (x: number, y: number) => (x < side && y < side ? grid[y * side + x]! : 0);
	return shape.channels >= 3 ? shadedLines(pixel, full) : inkLines(pixel, full, options.threshold ?? 96);
}

function inkLines(pixel: (x: number, y: number) => number, full: boolean, threshold: number): string[] {
	const side = tilePixels;
	// A pair of vertically stacked pixels is ink when their mean reaches the threshold: thin strokes survive.
	const pairInk = (x: number, y: number) => (pixel(x, y) + pixel(x, y + 1)) / 2 >= threshold;
	const lines: string[] = [];
	if (full) {
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

function shadedLines(pixel: (x: number, y: number) => number, full: boolean): string[] {
	const side = tilePixels;
	const across = full ? 1 : 2;
	const down = full ? 2 : 4;
	const lines: string[] = [];
	for (let y = 0; y < side; y += down) {
		let line = '';
		for (let x = 0; x < side; x += across) {
			let sum = 0;
			for (let dy = 0; dy < down; dy++) {
				for (let dx = 0; dx < across; dx++) sum += pixel(x + dx, y + dy);
			}

			line += shades[Math.min(shades.length - 1, Math.floor((sum / (across * down) / 256) * shades.length))];
		}

		lines.push(line);
	}

	return lines;
}

/** xterm's six levels of each colour cube axis. */
const cubeLevels = [0, 95, 135, 175, 215, 255];

function nearestLevel(value: number): number {
	let best = 0;
	for (let i = 1; i < cubeLevels.length; i++) if (Math.abs(cubeLevels[i]! - value) < Math.abs(cubeLevels[best]! - value)) best = i;
	return best;
}

/** The xterm-256 colour nearest to (r, g, b): a cell of the 6×6×6 cube or a step of the 24-step grey ramp. */
export function xterm256(r: number, g: number, b: number): number {
	const [ri, gi, bi] = [nearestLevel(r), nearestLevel(g), nearestLevel(b)];
	const cube = 16 + 36 * ri + 6 * gi + bi;
	const cubeDistance = (cubeLevels[ri]! - r) ** 2 + (cubeLevels[gi]! - g) ** 2 + (cubeLevels[bi]! - b) ** 2;
	const grey = (r + g + b) / 3;
	const step = Math.max(0, Math.min(23, Math.round((grey - 8) / 10)));
	const level = 8 + step * 10;
	const greyDistance = (level - r) ** 2 + (level - g) ** 2 + (level - b) ** 2;
	return greyDistance < cubeDistance ? 232 + step : cube;
}

/** The SGR parameters for a foreground (38) or background (48) colour. */
function colourCode(layer: 38 | 48, rgb: readonly number[], colors: TileColors): string {
	const [r, g, b] = rgb.map(value => Math.round(Math.min(255, Math.max(0, value)))) as [number, number, number];
	return colors === 'truecolor' ? `${layer};2;${r};${g};${b}` : `${layer};5;${xterm256(r, g, b)}`;
}

/** Each cell a `▀`: its upper half the foreground, its lower half the background (full: 1×2 grid pixels; compact: 2×4). */
function colourLines(grid: Float32Array, full: boolean, colors: TileColors): string[] {
	const side = tilePixels;
	const across = full ? 1 : 2;
	const down = full ? 2 : 4;
	const half = down / 2;
	const mean = (x: number, y: number): number[] => {
		const sum = [0, 0, 0];
		for (let dy = 0; dy < half; dy++) {
			for (let dx = 0; dx < across; dx++) {
				for (let band = 0; band < 3; band++) sum[band]! += grid[((y + dy) * side + x + dx) * 3 + band]!;
			}
		}

		return sum.map(value => value / (half * across));
	};

	const lines: string[] = [];
	for (let y = 0; y < side; y += down) {
		let line = '';
		let last = '';
		for (let x = 0; x < side; x += across) {
			const code = `${colourCode(38, mean(x, y), colors)};${colourCode(48, mean(x, y + half), colors)}`;
			// A run of cells in the same colours needs the escape once.
			line += code === last ? '▀' : `\u001B[${code}m▀`;
			last = code;
		}

		lines.push(`${line}\u001B[39;49m`);
	}

	return lines;
}
