/** Plain-text tables for the terminal: columns padded to their widest cell, numbers right-aligned. */

/** Rows of cells → lines; `rightAligned[i]` right-aligns column i. Trailing spaces are trimmed. */
export function textTable(rows: string[][], rightAligned: boolean[] = []): string {
	const widths: number[] = [];
	for (const row of rows) {
		for (const [index, text] of row.entries()) {
			widths[index] = Math.max(widths[index] ?? 0, [...text].length);
		}
	}

	return rows
		.map(row =>
			row
				.map((text, index) => {
					const padding = ' '.repeat(widths[index] - [...text].length);
					return rightAligned[index] ? padding + text : text + padding;
				})
				.join('  ')
				.trimEnd(),
		)
		.join('\n');
}
