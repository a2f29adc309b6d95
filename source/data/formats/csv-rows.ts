/**
 * A table file's data rows (csv.ts reads them twice): a first pass that counts them and reads the label cells, then
 * the parse of every feature cell straight into its place in the training or test buffer, with one clear line for a
 * row or cell that is not what a table needs.
 */
import {InputError} from '../../core/input-error.js';
import {openTable, type Columns} from './csv-files.js';
import {defaultMarkers} from './csv-labels.js';
import {forEachFileRowSpan} from './csv-tokenizer.js';

export interface ParsedRows {
	file: string;
	count: number;
	/** The label cell's text, trimmed ('' without a label column). */
	labels: string[];
	lines: number[];
}

/**
 * Where a file's parsed rows go: row r to `sides[0]` at row `first + r`; with `place`, to place[r] of side 0 when it is
 * 0 or more, else to −1 − place[r] of side 1. `rows` is how many the first pass counted (room for no more).
 */
export interface RowPlacement {
	/** Pixel bytes (pixel CSVs) or feature values (tables), rows × features each. */
	sides: Array<Uint8Array | Float32Array>;
	first: number;
	rows: number;
	place?: Int32Array;
}

/** The first pass over a table file: its data rows, and each one's label text when `label` is a column. */
export interface RowScan {
	count: number;
	labels: string[];
	/** False when reading stopped at a problem, which the parse will then meet and report in its place. */
	complete: boolean;
}

/**
 * Counts a file's data rows and reads the label cell of each, without parsing the rest. It never throws: whatever
 * stops it stops the parse that follows too, which says so with the loader's other errors in their usual order.
 */
export async function scanRows(file: string, label: number, width: number, headerless = false): Promise<RowScan> {
	const scan: RowScan = {count: 0, labels: [], complete: false};
	try {
		const delimiter = await openTable(file);
		let header = !headerless;
		await forEachFileRowSpan(file, delimiter, (text, start, end, fields) => {
			if (header) {
				header = false;
				return;
			}

			scan.count++;
			if (label >= 0) scan.labels.push((fields ? (fields[label] ?? '') : cellAt(text, start, end, delimiter, label, width)).trim());
		});
		scan.complete = true;
	} catch {
		// Reported by the parse.
	}

	return scan;
}

/**
 * Cell `column` of a quote-free line of `width` cells, found by its delimiters (from the end when nearer there). A row
 * with another number of cells may give the wrong cell: the parse refuses that row anyway.
 */
function cellAt(text: string, start: number, end: number, delimiter: string, column: number, width: number): string {
	let from = start;
	let to = end;
	if (column < width / 2) {
		for (let i = 0; i < column && from <= end; i++) from = text.indexOf(delimiter, from) + 1 || end + 1;
		to = Math.min(end, (text.indexOf(delimiter, from) + 1 || end + 1) - 1);
	} else {
		for (let i = width - 1; i > column && to >= start; i--) to = text.lastIndexOf(delimiter, to - 1);
		from = Math.max(start, text.lastIndexOf(delimiter, to - 1) + 1);
	}

	return from <= to && from >= start && to <= end ? text.slice(from, to) : '';
}

export async function parseRows(file: string, delimiter: string, columns: Columns, pixelSide: number, into: RowPlacement): Promise<ParsedRows> {
	const width = columns.header.length;
	const features = columns.features;
	const featureCount = features.length;
	const labels: string[] = [];
	const lines: number[] = [];
	// A quote-free line's cells, read in place: where each starts and ends, and its value when it is plain digits.
	const cells = new CellSpans(width, delimiter);
	let count = columns.headerless ? 0 : -1;
	await forEachFileRowSpan(file, delimiter, (text, start, end, fields, line) => {
		if (count++ < 0) return;
		const found = fields ? fields.length : cells.read(text, start, end);
		if (found !== width) {
			throw new InputError(`${file} line ${line} has ${found} fields, expected ${width} (as in ${columns.headerless ? 'line 1 of the training file' : 'the header'})`);
		}

		if (count > into.rows) throw new InputError(`${file} changed while it was being read, expected it to stay the same until loaded`);
		labels.push(columns.label < 0 ? '' : (fields ? fields[columns.label]! : cells.text(text, columns.label)).trim());
		lines.push(line);
		const row = count - 1;
		const place = into.place ? into.place[row]! : into.first + row;
		const out = into.sides[place < 0 ? 1 : 0]!;
		const base = (place < 0 ? -1 - place : place) * featureCount;
		for (let f = 0; f < featureCount; f++) {
			const column = features[f]!;
			let value = fields ? Number.NaN : cells.numbers[column]!;
			let cell: string | undefined;
			if (!(value >= 0)) {
				cell = fields ? fields[column]! : cells.text(text, column);
				value = +cell;
				if (value !== value || value === Infinity || value === -Infinity || (value === 0 && cell.trim() === '')) {
					value = oddCell(cell, file, line, columns.header[column]!, column, pixelSide > 0);
				} else if (value > largestFeature || value < -largestFeature) {
					// Features are float32: 1e308 became Infinity there, and its column's mean and scale NaN.
					throw new InputError(`${file} line ${line} column ${columns.header[column]}: ${cell.trim()} is too large, expected a value within ±3.4e38 (features are float32)`);
				}
			}

			if (pixelSide > 0) {
				// The plain-digits path reads a value without its cell's text: take the text here, for the message only.
				if (!(value >= 0 && value <= 255)) throw new InputError(`${file} line ${line} column ${columns.header[column]}: ${(cell ?? cells.text(text, column)).trim()}, expected a pixel value from 0 to 255`);
				out[base + f] = Math.round(value);
			} else {
				out[base + f] = value;
			}
		}
	});
	if (count <= 0) throw new InputError(`${file} has a header but no data rows`);
	return {file, count, labels, lines};
}

/**
 * The cells of one quote-free line, found in one pass over its characters: each one's span, and its value when it is
 * 1 to 15 plain digits (exactly what `+cell` gives then). Anything else is left to `+cell` and its checks. Splitting
 * every line into strings and converting each took most of a large CSV's loading time.
 */
class CellSpans {
	readonly numbers: Float64Array;
	private readonly starts: Int32Array;
	private readonly ends: Int32Array;
	private readonly delimiter: number;

	constructor(private readonly width: number, delimiter: string) {
		this.numbers = new Float64Array(width);
		this.starts = new Int32Array(width);
		this.ends = new Int32Array(width);
		this.delimiter = delimiter.charCodeAt(0);
	}

	/** Reads the line from start to end; returns its number of cells (only the first `width` are kept). */
	read(text: string, start: number, end: number): number {
		let cell = 0;
		let cellStart = start;
		let value = 0;
		let digits = 0;
		let plain = true;
		for (let i = start; i <= end; i++) {
			const code = i < end ? text.charCodeAt(i) : this.delimiter;
			if (code === this.delimiter) {
				if (cell < this.width) {
					this.starts[cell] = cellStart;
					this.ends[cell] = i;
					this.numbers[cell] = plain && digits > 0 && digits <= 15 ? value : -1;
				}

				cell++;
				cellStart = i + 1;
				value = 0;
				digits = 0;
				plain = true;
			} else if (code >= 48 && code <= 57) {
				value = value * 10 + (code - 48);
				digits++;
			} else {
				plain = false;
			}
		}

		return cell;
	}

	/** Cell `index`'s text, as splitting the line would give it. */
	text(text: string, index: number): string {
		return text.slice(this.starts[index], this.ends[index]);
	}
}

/** The largest float32: a feature beyond it would be infinite. */
const largestFeature = 3.4028234663852886e38;

/** A cell that is not a plain finite number: a missing value (NaN, imputed later) or one clear error. */
function oddCell(cell: string, file: string, line: number, column: string, index: number, pixels: boolean): number {
	const text = cell.trim();
	if (defaultMarkers.includes(text.toLowerCase())) {
		if (pixels) throw new InputError(`${file} line ${line} column ${column}: missing pixel value, expected a number from 0 to 255`);
		return Number.NaN;
	}

	if (/^[+-]?(inf|infinity)$/i.test(text) || Number(text) === Infinity || Number(text) === -Infinity) {
		throw new InputError(`${file} line ${line} column ${column}: ${text} is not a finite number, expected a finite number`);
	}

	// "1,5" from a spreadsheet set to a European locale (its fields split by semicolons): not a column to drop.
	if (/^[+-]?\d*,\d+$/.test(text)) {
		throw new InputError(`${file} line ${line} column ${column}: ${JSON.stringify(text)} has a decimal comma, expected a decimal point (export the table with "." as its decimal separator)`);
	}

	const drop = columnWord(dropWord(column, index));
	throw new InputError(`${file} line ${line} column ${column}: ${JSON.stringify(text)} is not a number, expected numeric features only (leave the column out with --drop ${drop}, or read it as the label with --label ${drop})`);
}

/** A column's name as one shell word in a suggested flag: quoted where it holds a space or a shell character. */
export function columnWord(name: string): string {
	return /^[\w@%+=:,./-]+$/.test(name) ? name : `"${name.replaceAll(/(["\\$`])/g, '\\$1')}"`;
}

/** How --drop names a column: by name, or by index where the name has a comma (--drop splits on commas) or is blank. */
export function dropWord(name: string, index: number): string {
	return name.includes(',') || name.trim() === '' ? String(index) : name;
}
