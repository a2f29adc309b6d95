/** Word wrapping and fitting of plain text to a column width, so panels know their height before rendering. */

/** Code points a terminal draws two columns wide: East Asian wide/fullwidth ranges and emoji shown as pictures. */
const wide = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]|\p{Emoji_Presentation}/u;
/** Code points that take no column of their own: combining marks, joiners, variation selectors, format characters. */
const zeroWidth = /[\p{Mn}\p{Me}\p{Cf}]/u;

/**
 * Below U+0300 (where combining marks start; wide ranges start at U+1100) every code point takes one column but the
 * soft hyphen, a format character. The dashboard measures its text per render: two regular expressions per character
 * made word wrapping most of the main thread's work while the help was open.
 */
const narrowBelow = 0x300;
const softHyphen = 0xad;

/** Columns one code point takes in a terminal: 0, 1 or 2. */
function charWidth(char: string): number {
	const code = char.codePointAt(0)!;
	if (code < narrowBelow) return code === softHyphen ? 0 : 1;
	if (zeroWidth.test(char)) return 0;
	return wide.test(char) ? 2 : 1;
}

/** Columns `text` takes in a terminal (CJK and emoji count two, combining marks none); no escape codes expected. */
export function displayWidth(text: string): number {
	let width = 0;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < narrowBelow && code !== softHyphen) {
			width++;
			continue;
		}

		// From the first other character on, code point by code point (a surrogate pair is one).
		for (const char of text.slice(i)) width += charWidth(char);
		return width;
	}

	return width;
}

/** Cuts `text` to `width` columns, ending in "…" when something was cut. */
export function truncate(text: string, width: number): string {
	if (displayWidth(text) <= width) {
		return text;
	}

	if (width <= 0) return '';
	let kept = '';
	let used = 0;
	for (const char of text) {
		const columns = charWidth(char);
		if (used + columns > width - 1) break;
		kept += char;
		used += columns;
	}

	return `${kept}…`;
}

/** What wrapping does with a word wider than the line: cut it with "…" (panels), or keep it whole (printed text). */
export type LongWords = 'cut' | 'keep';

/**
 * Splits a paragraph into lines of at most `width` columns at spaces; continuation lines start with `indent`. A word
 * longer than a line is cut (`longWords: 'cut'`, for panels whose layout breaks on overflow) or kept whole on a line
 * of its own (`'keep'`, for printed text: a path, an ID or a URL must stay copyable; the terminal folds it).
 */
export function wrapText(text: string, width: number, indent = '', longWords: LongWords = 'cut'): string[] {
	const lines: string[] = [];
	let line = '';
	// The line's width kept as it grows (widths add up per code point): measuring the whole line again for every word
	// made a paragraph's wrapping quadratic.
	let lineWidth = 0;
	const indentWidth = displayWidth(indent);
	const fit = (word: string, limit: number) => (longWords === 'cut' ? truncate(word, limit) : word);
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const wordWidth = displayWidth(word);
		const candidateWidth = line === '' ? wordWidth : lineWidth + 1 + wordWidth;
		const limit = lines.length === 0 ? width : width - indentWidth;
		if (candidateWidth <= limit || line === '') {
			const candidate = line === '' ? word : `${line} ${word}`;
			line = fit(candidate, limit);
			lineWidth = line === candidate ? candidateWidth : displayWidth(line);
		} else {
			lines.push(line);
			line = fit(word, width - indentWidth);
			lineWidth = line === word ? wordWidth : displayWidth(line);
		}
	}

	if (line !== '') {
		lines.push(line);
	}

	return lines.map((text, index) => (index === 0 ? text : indent + text));
}

const glue = '\uE000';

/** A usage term wrapped so that an optional group ("[--jobs N]", nested ones too) never breaks inside. */
function wrapTerm(term: string, width: number, hang: string): string[] {
	let depth = 0;
	let glued = '';
	for (const char of term) {
		if (char === '[') depth++;
		if (char === ']') depth = Math.max(0, depth - 1);
		glued += depth > 0 && char === ' ' ? glue : char;
	}

	const lines = wrapText(glued, width, hang, 'keep').map(line => line.replaceAll(glue, ' '));
	// A group wider than the room left (a narrow terminal) may break after all: a line that fits beats a whole group.
	return lines.every(line => displayWidth(line) <= width) ? lines : wrapText(term, width, hang, 'keep');
}

/** Options of {@link hangingRows}. */
export interface HangingRowsOptions {
	/** Spaces before the first column. */
	indent?: number;
	/** Columns the first column takes (its widest cell when absent); a longer cell puts its text on the next line. */
	termWidth?: number;
	/** Spaces between the columns. */
	gap?: number;
	/** Continuation indent of a term that wraps (a long usage line), relative to the term's start; 2 by default. */
	termIndent?: number;
	/** Below this many columns for the text, each row is stacked: term on its line, text under it indented by 4. */
	minTextWidth?: number;
}

/**
 * Rows of [term, text] (a flag and what it does, a command and its job) laid out in two columns within `width`: the
 * text wraps at spaces and hangs under its column. A term too long for its column gets a line of its own (wrapped
 * outside its [optional] groups, and one line per newline it holds), the text starting under the column on the next
 * line. Long words are kept whole. Too narrow for two columns (see `minTextWidth`), the rows are stacked.
 */
export function hangingRows(rows: Array<[string, string]>, width: number, options: HangingRowsOptions = {}): string[] {
	const indent = ' '.repeat(options.indent ?? 2);
	const gap = options.gap ?? 2;
	const termWidth = options.termWidth ?? Math.max(0, ...rows.map(([term]) => displayWidth(term)));
	const textColumn = indent.length + termWidth + gap;
	const textWidth = width - textColumn;
	// A deep continuation indent only while it leaves a usable line (40 columns); else a shallow one.
	const termIndent = options.termIndent ?? 2;
	const termHang = ' '.repeat(width - indent.length - termIndent >= 40 ? termIndent : Math.min(termIndent, 4));
	const lines: string[] = [];
	if (textWidth < (options.minTextWidth ?? 24)) {
		// Too narrow for two columns: stacked, the text indented under its term.
		const under = `${indent}    `;
		for (const [term, text] of rows) {
			lines.push(...term.split('\n').flatMap(part => wrapTerm(part, width - indent.length, termHang).map(line => indent + line)));
			if (text !== '') lines.push(...wrapText(text, width - under.length, '', 'keep').map(line => under + line));
		}

		return lines;
	}

	const hang = ' '.repeat(textColumn);
	for (const [term, text] of rows) {
		const termLines = term.split('\n');
		const wrapped = text === '' ? [] : wrapText(text, textWidth, '', 'keep');
		const last = termLines.at(-1)!;
		const ownLine = termLines.length > 1 || displayWidth(last) > termWidth;
		for (const part of ownLine ? termLines : termLines.slice(0, -1)) {
			lines.push(...wrapTerm(part, width - indent.length, termHang).map(line => indent + line));
		}

		const [first, ...rest] = wrapped;
		if (ownLine) {
			if (first !== undefined) lines.push(hang + first);
		} else {
			lines.push(`${indent}${last}${' '.repeat(termWidth - displayWidth(last) + gap)}${first ?? ''}`.trimEnd());
		}

		lines.push(...rest.map(line => hang + line));
	}

	return lines;
}

/** Every paragraph of `text` (separated by newlines) wrapped to `width`, long words kept: prose for printed output. */
export function wrapParagraphs(text: string, width: number, indent = ''): string[] {
	return text.split('\n').flatMap(paragraph => (paragraph.trim() === '' ? [''] : wrapText(paragraph, width, indent, 'keep')));
}

/** The first of `variants` (most detailed first) that fits `width`, or the last one cut to fit. */
export function firstThatFits(variants: string[], width: number): string {
	return variants.find(variant => displayWidth(variant) <= width) ?? truncate(variants.at(-1) ?? '', width);
}

/**
 * A printed line that starts with a name (a contender's id, "start", "done") wrapped to `width`: continuation lines
 * hang under the text after the name and its padding, so the name column stays clear (at most `maxHang` columns in,
 * so a long name cannot leave the text no room). Each newline-separated line is wrapped on its own.
 */
export function wrapUnderName(text: string, width: number, maxHang = 20): string[] {
	return text.split('\n').flatMap(line => {
		if (displayWidth(line) <= width) return [line];
		const lead = /^\s*\S+\s+/.exec(line)?.[0] ?? '';
		const hang = ' '.repeat(Math.min(displayWidth(lead), maxHang, Math.max(0, width - 20)));
		// Spaces inside a line are kept as written (they align columns: "epoch   3  test"); a break drops the run of spaces.
		const lines: string[] = [];
		let current = '';
		for (const [, spaces = '', word = ''] of line.matchAll(/(\s*)(\S+)/g)) {
			const candidate = current + spaces + word;
			if (displayWidth(candidate) <= width || current.trim() === '') {
				current = candidate;
			} else {
				lines.push(current);
				current = hang + word;
			}
		}

		return [...lines, current];
	});
}
