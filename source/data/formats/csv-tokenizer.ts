/**
 * Splits delimited text (CSV, TSV) into rows of fields, calling back row by row so a 100 MB file never becomes a
 * hundred million strings at once. RFC 4180 quoting (a quoted field may hold the delimiter, "" for a quote and line
 * breaks), a leading byte-order mark, and CRLF or LF line ends. Lines without a quote take a fast path (one split).
 * Each row comes with the line it starts on, for error messages; blank lines are skipped. `forEachFileRow` reads a
 * file (or its gzip stream) in chunks, so the whole text is never one string either.
 */
import {createReadStream} from 'node:fs';
import {StringDecoder} from 'node:string_decoder';
import {createGunzip} from 'node:zlib';
import {InputError} from '../../core/input-error.js';

/** Called with each row; returning false stops the reading (e.g. once the header is read). */
export type RowCallback = (fields: string[], line: number) => void | boolean;

/** Rows of `text`, whose first line is line `firstLine` of its file; says where the next line is and whether it stopped. */
export function forEachRow(text: string, delimiter: string, file: string, onRow: RowCallback, firstLine = 1): {line: number; stopped: boolean} {
	let position = text.charCodeAt(0) === 0xfeff ? 1 : 0;
	let line = firstLine;
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
			if (stop > position && onRow(text.slice(position, stop).split(delimiter), line) === false) return {line: line + 1, stopped: true};
			position = end + 1;
			line++;
			continue;
		}

		const parsed = quotedRow(text, position, delimiter, file, line);
		if (onRow(parsed.fields, line) === false) return {line: line + parsed.lines, stopped: true};
		line += parsed.lines;
		position = parsed.next;
	}

	return {line, stopped: false};
}

/** Bytes read at a time: a few MB, so memory holds a chunk of the text, never all of it. */
const chunkBytes = 4 << 20;

/** The file's bytes as they come, gunzipped when it is gzip (by name: `.gz`). */
function byteStream(file: string, chunk = chunkBytes): AsyncIterable<Buffer> & {destroy(): void} {
	const stream = createReadStream(file, {highWaterMark: chunk});
	if (!/\.gz$/i.test(file)) return stream;
	const gunzip = createGunzip({chunkSize: Math.max(64, chunk)});
	stream.on('error', error => gunzip.destroy(error));
	// Closing the gunzip stream closes the file too (it ends the pipe's source).
	gunzip.on('close', () => stream.destroy());
	return stream.pipe(gunzip);
}

/** Reading errors as one line naming the file (a gzip stream's damage included). */
function readError(file: string, error: unknown): InputError {
	if (error instanceof InputError) return error;
	const code = (error as NodeJS.ErrnoException).code;
	if (code !== undefined && code.startsWith('Z_')) return new InputError(`${file} is not a readable gzip file (${(error as Error).message})`);
	return new InputError(`${file} could not be read (${code ?? String(error)})`);
}

/**
 * The rows of a file, read in chunks of a few MB (UTF-8, gunzipped when the name ends in .gz): each chunk is cut after
 * its last complete row — a line break outside quotes — and the rest waits for the next chunk.
 */
export async function forEachFileRow(file: string, delimiter: string, onRow: RowCallback, chunk = chunkBytes): Promise<void> {
	const stream = byteStream(file, chunk);
	const decoder = new StringDecoder('utf8');
	let pending = '';
	let line = 1;
	try {
		for await (const chunk of stream) {
			const text = pending + decoder.write(chunk);
			const cut = lastRowEnd(text, delimiter);
			if (cut > 0) {
				const result = forEachRow(text.slice(0, cut), delimiter, file, onRow, line);
				if (result.stopped) return;
				line = result.line;
			}

			pending = text.slice(cut);
		}

		const rest = pending + decoder.end();
		if (rest !== '') forEachRow(rest, delimiter, file, onRow, line);
	} catch (error) {
		throw readError(file, error);
	} finally {
		stream.destroy();
	}
}

/** The first chunk of a file's text (gunzipped when .gz): enough to sniff its delimiter from the header. */
export async function readHead(file: string): Promise<string> {
	const stream = byteStream(file);
	try {
		for await (const chunk of stream) return new StringDecoder('utf8').write(chunk);
		return '';
	} catch (error) {
		throw readError(file, error);
	} finally {
		stream.destroy();
	}
}

/** Line breaks (byte 10) in a file (gunzipped when .gz), counted chunk by chunk: an upper bound on its rows. */
export async function countLineBreaks(file: string): Promise<number> {
	const stream = byteStream(file);
	let count = 0;
	try {
		for await (const chunk of stream) {
			for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) count++;
		}
	} catch (error) {
		throw readError(file, error);
	} finally {
		stream.destroy();
	}

	return count;
}

/**
 * Where the last complete row of `text` ends (just after its line break), 0 when none does: without quotes the last
 * line break; with quotes, the last one outside a quoted field, by the tokenizer's own rule (a quote opens a field
 * only at its start; "" inside is a quote).
 */
function lastRowEnd(text: string, delimiter: string): number {
	if (!text.includes('"')) return text.lastIndexOf('\n') + 1;
	let quoted = false;
	let fieldStart = true;
	let last = 0;
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		if (quoted) {
			if (char === '"') {
				if (text[i + 1] === '"') i++;
				else quoted = false;
			}
		} else if (char === '"' && fieldStart) {
			quoted = true;
			fieldStart = false;
		} else if (char === delimiter) {
			fieldStart = true;
		} else if (char === '\n') {
			last = i + 1;
			fieldStart = true;
		} else {
			fieldStart = false;
		}
	}

	return last;
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
