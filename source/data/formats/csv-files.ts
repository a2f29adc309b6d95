/**
 * A CSV or TSV dataset's files and columns (csv.ts reads them): which files a folder holds, each file checked and its
 * delimiter sniffed before it is read, its first rows, and from the training file's header the label column and the
 * feature columns (scikit-learn's bundled CSVs and Kaggle-style pixel CSVs recognised).
 */
import {open, stat, type FileHandle} from 'node:fs/promises';
import path from 'node:path';
import {InputError} from '../../core/input-error.js';
import type {LoadOptions} from '../dataset-source.js';
import {forEachFileRow, readHead} from './csv-tokenizer.js';
import {requireFitsInMemory} from './memory-limit.js';
import {readFolder} from './walk-folder.js';

/** The extensions a folder's table files may have. */
const tableExtensions = /\.(csv|tsv|tab|txt)(\.gz)?$/i;
/** Label column names found without --label (the first such column), case aside. */
const labelNames = ['label', 'target', 'class', 'y'];

export interface Columns {
	header: string[];
	/** Index of the label column, or −1 (unlabeled.csv may have none). */
	label: number;
	/** Index of each feature column, in the training file's feature order. */
	features: number[];
	/** Line 1 is data, not names (csv-headerless.ts): no line is skipped as the header. */
	headerless?: boolean;
}

export async function findFiles(target: string): Promise<{train: string; test?: string; unlabeled?: string; folder: boolean}> {
	const info = await stat(target).catch(() => undefined);
	if (!info) throw new InputError(`${target} does not exist, expected a CSV/TSV file or a folder with train.csv`);
	if (info.isFile()) return {train: target, folder: false};
	const {files} = await readFolder(target);
	const named = (base: string) => files.find(file => file.toLowerCase().replace(tableExtensions, '') === base && tableExtensions.test(file));
	const train = named('train');
	if (train === undefined) throw new InputError(`${target} has no train.csv or train.tsv, expected one (with optional test.csv and unlabeled.csv)`);
	const test = named('test');
	const unlabeled = named('unlabeled') ?? named('unlabelled');
	return {
		train: path.join(target, train),
		folder: true,
		...(test ? {test: path.join(target, test)} : {}),
		...(unlabeled ? {unlabeled: path.join(target, unlabeled)} : {}),
	};
}

/**
 * Checks a table file before it is read: readable, not empty, within memory (a CSV is read in chunks, never whole; its
 * values take at most 4 bytes each for every 2 characters, "0,"; a gzip file by its trailer's size), and returns its
 * delimiter, sniffed from its first bytes.
 */
export async function openTable(file: string): Promise<string> {
	let handle: FileHandle | undefined;
	let head: Buffer;
	let size: number;
	try {
		handle = await open(file, 'r');
		size = (await handle.stat()).size;
		head = Buffer.alloc(Math.min(size, 1 << 16));
		await handle.read(head, 0, head.length, 0);
		if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b && size >= 18) {
			const tail = Buffer.alloc(4);
			await handle.read(tail, 0, 4, size - 4);
			size = tail.readUInt32LE(0);
		}
	} catch (error) {
		throw new InputError(`${file} could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
	} finally {
		await handle?.close();
	}

	requireFitsInMemory(size * 2, file);
	return delimiterOf(file, /\.gz$/i.test(file) ? await readHead(file) : head.toString('utf8'));
}

/** Tab for .tsv/.tab; else the comma, unless the header has none and has tabs or semicolons. */
function delimiterOf(file: string, text: string): string {
	if (/\.(tsv|tab)(\.gz)?$/i.test(file)) return '\t';
	const end = text.indexOf('\n');
	const header = end < 0 ? text : text.slice(0, end);
	if (header.includes(',')) return ',';
	if (header.includes('\t')) return '\t';
	if (header.includes(';')) return ';';
	return ',';
}

/** The first `count` rows (fewer when the file has fewer); an empty file is one line saying so. */
export async function firstRows(file: string, delimiter: string, count: number): Promise<string[][]> {
	const rows: string[][] = [];
	await forEachFileRow(file, delimiter, fields => {
		rows.push(fields);
		return rows.length < count;
	});
	if (rows.length === 0) throw new InputError(`${file} is empty, expected a header row and data rows`);
	return rows;
}

/**
 * scikit-learn's bundled CSVs (iris, wine, breast_cancer, digits) start with "n_samples,n_features,class names…" and
 * put the label last: recognised when the first two cells are whole numbers and the next row has n_features + 1
 * fields. The features are then named f0…, the label column target.
 */
export function sklearnHeader(header: string[], next: string[] | undefined): {header: string[]; names: string[]} | undefined {
	const [samples, features] = header.map(cell => cell.trim());
	if (!/^\d+$/.test(samples ?? '') || !/^\d+$/.test(features ?? '')) return undefined;
	const count = Number(features);
	if (next?.length !== count + 1) return undefined;
	return {header: [...Array.from({length: count}, (_, i) => `f${i}`), 'target'], names: header.slice(2).map(cell => cell.trim()).filter(cell => cell !== '')};
}

/** Column names for an error line: all of a table's, the first and last of a pixel CSV's 785 (one line stays one line). */
export function columnList(header: readonly string[]): string {
	const most = 12;
	if (header.length <= most) return header.join(', ');
	return `${header.slice(0, most - 2).join(', ')}, … (${header.length - most} more), ${header.slice(-2).join(', ')}`;
}

export function trainColumns(file: string, rawHeader: string[], options: LoadOptions): Columns {
	const header = rawHeader.map(cell => cell.trim());
	if (header.length < 2) throw new InputError(`${file} line 1 has ${header.length} column, expected a header with a label column and at least one feature (is the delimiter right?)`);
	if (header.every(cell => cell !== '' && Number.isFinite(Number(cell)))) {
		throw new InputError(`${file} line 1 is all numbers, expected a header row naming the columns`);
	}

	let label: number;
	if (options.label !== undefined) {
		const wanted = options.label.trim();
		const exact = header.indexOf(wanted);
		const loose = header.findIndex(cell => cell.toLowerCase() === wanted.toLowerCase());
		const asIndex = /^\d+$/.test(wanted) ? Number(wanted) : -1;
		label = exact >= 0 ? exact : loose >= 0 ? loose : asIndex >= 0 && asIndex < header.length ? asIndex : -1;
		if (label < 0) throw new InputError(`${file} has no label column ${JSON.stringify(wanted)}, expected a column name or index among: ${columnList(header)}`);
	} else {
		label = header.findIndex(cell => labelNames.includes(cell.toLowerCase()));
		if (label < 0) label = header.length - 1;
	}

	const drop = new Set<number>();
	for (const name of options.drop ?? []) {
		// A name first; else a 0-based index, as --label takes (a name with a comma cannot be given: --drop splits on commas).
		const wanted = name.trim();
		const named = header.indexOf(wanted);
		const index = named >= 0 ? named : /^\d+$/.test(wanted) && Number(wanted) < header.length ? Number(wanted) : -1;
		if (index < 0) throw new InputError(`${file} has no column ${JSON.stringify(name)} to drop, expected a column name or index among: ${columnList(header)}`);
		if (index === label) throw new InputError(`--drop ${name} is the label column of ${file}, expected a feature column`);
		drop.add(index);
	}

	const features = header.map((_, index) => index).filter(index => index !== label && !drop.has(index));
	if (features.length === 0) throw new InputError(`${file} has no feature columns left besides the label ${header[label]}`);
	const duplicate = header.find((cell, index) => header.indexOf(cell) !== index);
	if (duplicate !== undefined) throw new InputError(`${file} line 1 names the column ${JSON.stringify(duplicate)} twice, expected unique column names`);
	return {header, label, features};
}

/**
 * Where a header's pixel columns are, in order: pixel0, pixel1, … (Kaggle's MNIST) or, without a pixel0, pixel1, …
 * (its Fashion-MNIST, counted from 1) — `from` is the first one's number; the race's loader and `predict` read both.
 */
export function pixelColumns(header: readonly string[]): {columns: number[]; from: number} {
	const names = header.map(name => name.trim().toLowerCase());
	const from = names.includes('pixel0') ? 0 : 1;
	const columns: number[] = [];
	for (let at = names.indexOf(`pixel${from}`); at >= 0; at = names.indexOf(`pixel${columns.length + from}`)) columns.push(at);
	return {columns, from};
}

/** The side of a pixel CSV's square images, or 0 when the features are not only its pixel columns, in order, a square count. */
export function pixelCsvSide(featureNames: readonly string[]): number {
	const side = Math.round(Math.sqrt(featureNames.length));
	if (side < 2 || side * side !== featureNames.length) return 0;
	const {columns} = pixelColumns(featureNames);
	return columns.length === featureNames.length && columns.every((at, index) => at === index) ? side : 0;
}

