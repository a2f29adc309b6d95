/**
 * Plain-text tables for the terminal: columns padded to their widest cell, numbers right-aligned. Given a width, a
 * table that is too wide wraps the cells of its text columns at spaces; one that cannot fit even so is stacked, one
 * block of "HEADER  value" lines per row, since a table whose rows fold in the terminal cannot be read at all.
 */
import {displayWidth, wrapText} from '../text/wrap.js';

const gap = 2;

/** The widest word of a column: it cannot wrap narrower than that without cutting a word. */
function narrowest(column: string[]): number {
	return Math.max(0, ...column.flatMap(text => text.split(/\s+/).map(word => displayWidth(word))));
}

/** Column widths within `width`, narrowing the widest wrappable column first; undefined when they cannot fit. */
function fitWidths(rows: string[][], widths: number[], width: number): number[] | undefined {
	const fitted = [...widths];
	const floors = widths.map((_, index) => narrowest(rows.map(row => row[index] ?? '')));
	const total = () => fitted.reduce((sum, columnWidth) => sum + columnWidth, 0) + gap * Math.max(0, fitted.length - 1);
	while (total() > width) {
		let widest = -1;
		for (const [index, columnWidth] of fitted.entries()) {
			if (columnWidth > floors[index]! && (widest === -1 || columnWidth > fitted[widest]!)) widest = index;
		}

		if (widest === -1) return undefined;
		fitted[widest]! -= 1;
	}

	return fitted;
}

function pad(text: string, columnWidth: number, right: boolean): string {
	const padding = ' '.repeat(Math.max(0, columnWidth - displayWidth(text)));
	return right ? padding + text : text + padding;
}

/** One block per data row: the header's names in a column, each value wrapped beside its name. */
function stacked(rows: string[][], width: number): string {
	const [header = [], ...data] = rows;
	const nameWidth = Math.max(0, ...header.map(name => displayWidth(name))) + gap;
	return data
		.map(row =>
			row
				.flatMap((text, index) => {
					const [first = '', ...rest] = wrapText(text, Math.max(1, width - nameWidth), '', 'keep');
					return [`${pad(header[index] ?? '', nameWidth, false)}${first}`.trimEnd(), ...rest.map(line => ' '.repeat(nameWidth) + line)];
				})
				.join('\n'),
		)
		.join('\n\n');
}

/**
 * Rows of cells (the first row the header) → lines; `rightAligned[i]` right-aligns column i. Trailing spaces are
 * trimmed. With `width`, the table keeps within it: cells wrap inside their column, or the rows are stacked.
 */
export function textTable(rows: string[][], rightAligned: boolean[] = [], width?: number): string {
	const widths: number[] = [];
	for (const row of rows) {
		for (const [index, text] of row.entries()) {
			widths[index] = Math.max(widths[index] ?? 0, displayWidth(text));
		}
	}

	const fitted = width === undefined ? widths : fitWidths(rows, widths, width);
	if (fitted === undefined) return stacked(rows, width!);
	return rows
		.flatMap(row => {
			const cells = row.map((text, index) => (displayWidth(text) <= fitted[index]! ? [text] : wrapText(text, fitted[index]!, '', 'keep')));
			const height = Math.max(1, ...cells.map(lines => lines.length));
			return Array.from({length: height}, (_, line) =>
				cells
					.map((lines, index) => pad(lines[line] ?? '', fitted[index]!, rightAligned[index] === true && lines[line] !== undefined))
					.join(' '.repeat(gap))
					.trimEnd(),
			);
		})
		.join('\n');
}
