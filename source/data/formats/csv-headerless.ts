/**
 * A table file without a header whose label column holds text, as UCI's iris.data ("5.1,3.5,1.4,0.2,Iris-setosa" on
 * line 1): read as if line 1 named the columns, it would lose a row and name a class as a column. Its line 1 is data
 * when every cell but one is a number (or a missing value) and that one text recurs in its column further down, as a
 * class does and a column name does not (pandas' "0,1,2,…,label" stays a header). csv.ts then reads it from line 1.
 */
import {defaultMarkers} from './csv-labels.js';
import {forEachFileRow} from './csv-tokenizer.js';

/**
 * Rows after line 1 searched for its text: a class that is not rare shows again within them, and a file whose line 1
 * is a real header (the usual case) is not read through for nothing.
 */
const lookAhead = 1000;

export interface Headerless {
	/** Names as scikit-learn's headerless CSVs get them (csv-files.ts): features f0… in order, the label target. */
	header: string[];
	/** The label column, and its text on line 1 (for the note). */
	label: number;
	text: string;
}

const isNumber = (cell: string) => cell !== '' && Number.isFinite(Number(cell));

/** The cells of a row that hold text: neither a number nor a missing value's marker (`predict` reads the others). */
export function textCells(row: readonly string[]): number[] {
	return row.flatMap((cell, index) => (isNumber(cell.trim()) || defaultMarkers.includes(cell.trim().toLowerCase()) ? [] : [index]));
}

/** The names to read a headerless file by, or undefined when its line 1 (`first`) is a header after all. */
export async function headerlessTable(file: string, delimiter: string, first: readonly string[]): Promise<Headerless | undefined> {
	const cells = first.map(cell => cell.trim());
	const texts = textCells(cells);
	if (texts.length !== 1 || !cells.some(isNumber)) return undefined;
	const label = texts[0]!;
	const text = cells[label]!;
	let rows = 0;
	let recurs = false;
	await forEachFileRow(file, delimiter, fields => {
		if (rows++ === 0) return true;
		recurs = (fields[label] ?? '').trim() === text;
		return !recurs && rows <= lookAhead;
	});
	if (!recurs) return undefined;
	let feature = 0;
	return {header: cells.map((_, index) => (index === label ? 'target' : `f${feature++}`)), label, text};
}
