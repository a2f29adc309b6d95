/**
 * Splits delimited text (CSV, TSV) into rows of fields, calling back row by row so a 100 MB file never becomes a
 * hundred million strings at once. RFC 4180 quoting (a quoted field may hold the delimiter, "" for a quote and line
 * breaks), a leading byte-order mark, and CRLF or LF line ends. Lines without a quote take a fast path (one split).
 * Each row comes with the line it starts on, for error messages; blank lines are skipped.
 */
import {InputError} from '../../core/input-error.js';

export type RowCallback = (fields: string[], line: number) => void;

export function forEachRow(text: string, delimiter: string, file: string, onRow: RowCallback): void {
	let position = text.charCodeAt(0) === 0xfeff ? 1 : 0;
	let line = 1;
	const length = text.length;
	// The next quote, searched again only once passed: searching from every line would scan the rest of a quote-free
	// file once a line.
	let quote = text.indexOf('"', position);
	while (position < length) {
		let end = text.indexOf('\n', position);
		if (end < 0) end = length;
		if (quote >= 0 && quote < position) quote = text.indexOf('"', position);
		if (quote < 0 || quote >= end) {
			const stop = end > position && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
			if (stop > position) onRow(text.slice(position, stop).split(delimiter), line);
			position = end + 1;
			line++;
			continue;
		}

		const parsed = quotedRow(text, position, delimiter, file, line);
		onRow(parsed.fields, line);
		line += parsed.lines;
		position = parsed.next;
	}
}

/** One row that has quotes somewhere, character by character; returns where the next row starts. */
function quotedRow(text: string, start: number, delimiter: string, file: string, line: number): {fields: string[]; next: number; lines: number} {
	const fields: string[] = [];
	let field = '';
	let position = start;
	let lines = 1;
	let quoted = false;
	let fieldStart = true;
	while (position < text.length) {
		const char = text[position]!;
		if (quoted) {
			if (char === '"') {
				if (text[position + 1] === '"') {
					field += '"';
					position += 2;
					continue;
				}

				quoted = false;
			} else {
				if (char === '\n') lines++;
				field += char;
			}

			position++;
			continue;
		}

		if (char === '"' && fieldStart) {
			quoted = true;
			fieldStart = false;
			position++;
			continue;
		}

		if (char === delimiter) {
			fields.push(field);
			field = '';
			fieldStart = true;
			position++;
			continue;
		}

		if (char === '\n' || (char === '\r' && text[position + 1] === '\n')) {
			fields.push(field);
			return {fields, next: position + (char === '\r' ? 2 : 1), lines};
		}

		field += char;
		fieldStart = false;
		position++;
	}

	if (quoted) throw new InputError(`${file} line ${line}: a quoted field is never closed, expected a closing "`);
	fields.push(field);
	return {fields, next: position, lines};
}
