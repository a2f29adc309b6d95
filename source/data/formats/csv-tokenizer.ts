/**
 * Splits delimited text (CSV, TSV) into rows of fields, calling back row by row so a 100 MB file never becomes a
 * hundred million strings at once. RFC 4180 quoting (a quoted field may hold the delimiter, "" for a quote and line
 * breaks), a leading byte-order mark, and CRLF or LF line ends. Lines without a quote take a fast path (one split, or
 * none: a span callback reads the cells from the text itself). Each row comes with the line it starts on, for error
 * messages; blank lines are skipped. `forEachFileRow` reads a file (or its gzip stream) in chunks, so the whole text is
 * never one string either.
 */
import {open} from 'node:fs/promises';
import {createReadStream} from 'node:fs';
import {StringDecoder} from 'node:string_decoder';
import {createGunzip} from 'node:zlib';
import {InputError} from '../../core/input-error.js';

/** Called with each row; returning false stops the reading (e.g. once the header is read). */
export type RowCallback = (fields: string[], line: number) => void | boolean;

/**
 * Called with each row as it was found: a line without quotes as its span of `text` (start to end, line break and CR
 * left out; its cells are what splitting that span at the delimiter would give), a line with quotes as its fields,
 * unquoted. Readers that parse numbers read the cells in place, making no string per cell.
 */
export type RowSpanCallback = (text: string, start: number, end: number, fields: string[] | undefined, line: number) => void | boolean;

/** Rows of `text`, whose first line is line `firstLine` of its file; says where the next line is and whether it stopped. */
export function forEachRow(text: string, delimiter: string, file: string, onRow: RowCallback, firstLine = 1): {line: number; stopped: boolean} {
	return forEachRowSpan(text, delimiter, file, (whole, start, end, fields, line) => onRow(fields ?? whole.slice(start, end).split(delimiter), line), firstLine);
}

/** forEachRow, with each quote-free line given as its span of `text` rather than split. */
export function forEachRowSpan(text: string, delimiter: string, file: string, onRow: RowSpanCallback, firstLine = 1): {line: number; stopped: boolean} {
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
			if (stop > position && onRow(text, position, stop, undefined, line) === false) return {line: line + 1, stopped: true};
			position = end + 1;
			line++;
			continue;
		}

		const parsed = quotedRow(text, position, delimiter, file, line);
		if (onRow(text, position, parsed.next, parsed.fields, line) === false) return {line: line + parsed.lines, stopped: true};
		line += parsed.lines;
		position = parsed.next;
	}

	return {line, stopped: false};
}

/**
 * Bytes read at a time. Small enough that each chunk's text is an ordinary young string, gone at the next scavenge:
 * strings over 128 KB live in V8's large-object space until a full collection, and a file read in chunks of a few MB
 * left tens of MB of them behind.
 */
const chunkBytes = 64 << 10;

/**
 * The file's bytes as they come, gunzipped when it is gzip (by name: `.gz`). A plain file is read into one buffer,
 * reused from chunk to chunk: each chunk is valid until the next is asked for.
 */
async function* fileChunks(file: string, chunk: number): AsyncGenerator<Uint8Array> {
	if (/\.gz$/i.test(file)) {
		const stream = createReadStream(file, {highWaterMark: chunk});
		const gunzip = createGunzip({chunkSize: Math.max(64, chunk)});
		stream.on('error', error => gunzip.destroy(error));
		try {
			yield* stream.pipe(gunzip);
		} finally {
			// Closing the gunzip stream closes the file too (it ends the pipe's source).
			gunzip.destroy();
			stream.destroy();
		}

		return;
	}

	const handle = await open(file, 'r');
	try {
		const buffer = Buffer.allocUnsafe(chunk);
		for (;;) {
			const {bytesRead} = await handle.read(buffer, 0, chunk, null);
			if (bytesRead === 0) return;
			yield buffer.subarray(0, bytesRead);
		}
	} finally {
		await handle.close();
	}
}

/** Reading errors as one line naming the file (a gzip stream's damage included). */
function readError(file: string, error: unknown): InputError {
	if (error instanceof InputError) return error;
	const code = (error as NodeJS.ErrnoException).code;
	if (code !== undefined && code.startsWith('Z_')) return new InputError(`${file} is not a readable gzip file (${(error as Error).message})`);
	return new InputError(`${file} could not be read (${code ?? String(error)})`);
}

/**
 * The rows of a file, read in chunks (UTF-8, gunzipped when the name ends in .gz): each chunk is cut after its last
 * complete row — a line break outside quotes — and the rest waits for the next chunk.
 */
export async function forEachFileRow(file: string, delimiter: string, onRow: RowCallback, chunk = chunkBytes): Promise<void> {
	await forEachFileRowSpan(file, delimiter, (text, start, end, fields, line) => onRow(fields ?? text.slice(start, end).split(delimiter), line), chunk);
}

/** forEachFileRow, with each quote-free line given as its span of the chunk's text rather than split. */
export async function forEachFileRowSpan(file: string, delimiter: string, onRow: RowSpanCallback, chunk = chunkBytes): Promise<void> {
	const decoder = new StringDecoder('utf8');
	let pending = '';
	let line = 1;
	try {
		for await (const bytes of fileChunks(file, chunk)) {
			const text = pending + decoder.write(bytes as Buffer);
			const cut = lastRowEnd(text, delimiter);
			if (cut > 0) {
				const result = forEachRowSpan(text.slice(0, cut), delimiter, file, onRow, line);
				if (result.stopped) return;
				line = result.line;
			}

			pending = text.slice(cut);
		}

		const rest = pending + decoder.end();
		if (rest !== '') forEachRowSpan(rest, delimiter, file, onRow, line);
	} catch (error) {
		throw readError(file, error);
	}
}

/** The first chunk of a file's text (gunzipped when .gz): enough to sniff its delimiter from the header. */
export async function readHead(file: string): Promise<string> {
	try {
		for await (const bytes of fileChunks(file, 4 << 20)) return new StringDecoder('utf8').write(bytes as Buffer);
		return '';
	} catch (error) {
		throw readError(file, error);
	}
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
