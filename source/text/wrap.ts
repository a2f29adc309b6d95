/** Word wrapping and fitting of plain text to a column width, so panels know their height before rendering. */

/** Cuts `text` to `width` columns, ending in "…" when something was cut. */
export function truncate(text: string, width: number): string {
	const chars = [...text];
	if (chars.length <= width) {
		return text;
	}

	return width <= 0 ? '' : `${chars.slice(0, width - 1).join('')}…`;
}

/** Splits a paragraph into lines of at most `width` columns at spaces; words longer than a line are cut. */
export function wrapText(text: string, width: number, indent = ''): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const candidate = line === '' ? word : `${line} ${word}`;
		const limit = lines.length === 0 ? width : width - indent.length;
		if ([...candidate].length <= limit || line === '') {
			line = truncate(candidate, limit);
		} else {
			lines.push(line);
			line = truncate(word, width - indent.length);
		}
	}

	if (line !== '') {
		lines.push(line);
	}

	return lines.map((text, index) => (index === 0 ? text : indent + text));
}

/** The first of `variants` (most detailed first) that fits `width`, or the last one cut to fit. */
export function firstThatFits(variants: string[], width: number): string {
	return variants.find(variant => [...variant].length <= width) ?? truncate(variants.at(-1) ?? '', width);
}
