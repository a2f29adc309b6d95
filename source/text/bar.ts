/** Bars drawn with block elements: horizontal bars with eighth-block ends and one-character vertical sparks. */

const horizontalEighths = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const verticalEighths = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

function clampFraction(fraction: number): number {
	return Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
}

/** A horizontal bar exactly `width` columns long: `fraction` of it filled in eighths of a column, the rest `empty`. */
export function renderBar(fraction: number, width: number, empty = ' '): string {
	const columns = Math.max(0, Math.floor(width));
	const eighths = Math.round(clampFraction(fraction) * columns * 8);
	const full = Math.floor(eighths / 8);
	const partial = horizontalEighths[eighths % 8];
	const filled = '█'.repeat(full) + partial;
	return filled + empty.repeat(columns - filled.length);
}

/** One vertical bar character whose height is `value / max` (a visible sliver for any value above zero, space for 0). */
export function renderSpark(value: number, max: number): string {
	if (!(value > 0) || !(max > 0)) {
		return ' ';
	}

	const level = Math.ceil(clampFraction(value / max) * verticalEighths.length) - 1;
	return verticalEighths[Math.max(0, level)] ?? ' ';
}

/**
 * A vertical bar `height` characters tall, top line first: `fraction` of it filled in eighths of a line from the
 * bottom (`▁`…`█`), the rest spaces. At least one eighth shows for any fraction, so a bar's foot marks its column.
 */
export function renderColumn(fraction: number, height: number): string[] {
	const lines = Math.max(0, Math.floor(height));
	const eighths = Math.max(1, Math.round(clampFraction(fraction) * lines * 8));
	return Array.from({length: lines}, (_, line) => {
		const level = eighths - (lines - 1 - line) * 8;
		return level >= 8 ? '█' : level <= 0 ? ' ' : verticalEighths[level - 1]!;
	});
}
