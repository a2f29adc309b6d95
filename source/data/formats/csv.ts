/**
 * CSV and TSV tables as a dataset. A file, or a folder holding train.csv (or .tsv) with optional test.csv and
 * unlabeled.csv (no label column needed there). A header row names the columns; the label column is `label` (a name
 * or a 0-based index), else the first column called label/target/class/y, else the last. A training row is unlabeled
 * when its label is empty, ?, NA, NaN, null or -1 (unless -1 is a real class: the labels are ±1, or other negatives
 * occur); `unlabeledValue` (comma-separated) replaces that list. Features must be numbers; missing ones are imputed.
 * A pixel CSV (label + pixel0…pixelN, N+1 a square, as Kaggle's digits) loads as images instead of a table.
 */
import {open, stat, type FileHandle} from 'node:fs/promises';
import path from 'node:path';
import type {DatasetInfo} from '../../core/dataset-info.js';
import {InputError} from '../../core/input-error.js';
import {unlabeledMark, type DatasetSource, type LoadedDataset, type LoadOptions, type SampleSet} from '../dataset-source.js';
import {classIndex, sortClassValues} from './class-names.js';
import {forEachFileRow, forEachFileRowSpan, readHead} from './csv-tokenizer.js';
import {finishDataset, planHoldOut, type HoldOut} from './finish-dataset.js';
import {fitWords, prepareStack} from './fit-image.js';
import type {ImagePreparation} from '../../core/image-preparation.js';
import {requireFitsInMemory} from './memory-limit.js';
import {standardise, standardiseNotes, type TableScaling} from './quantize.js';
import {readFolder} from './walk-folder.js';

const tableExtensions = /\.(csv|tsv|tab|txt)(\.gz)?$/i;
const labelNames = ['label', 'target', 'class', 'y'];
const defaultMarkers = ['', '?', 'na', 'n/a', 'nan', 'null', 'none'];

interface Columns {
	header: string[];
	/** Index of the label column, or −1 (unlabeled.csv may have none). */
	label: number;
	/** Index of each feature column, in the training file's feature order. */
	features: number[];
}

interface ParsedRows {
	file: string;
	count: number;
	/** The label cell's text, trimmed ('' without a label column). */
	labels: string[];
	lines: number[];
}

export const csvSource: DatasetSource = {
	format: 'csv',
	async detect(target) {
		const info = await stat(target).catch(() => undefined);
		if (info?.isFile()) return /\.(csv|tsv|tab)(\.gz)?$/i.test(target);
		if (!info?.isDirectory()) return false;
		const {files} = await readFolder(target);
		return files.some(file => /^train\.(csv|tsv)(\.gz)?$/i.test(file));
	},
	load: loadCsv,
};

export async function loadCsv(target: string, options: LoadOptions): Promise<LoadedDataset> {
	const files = await findFiles(target);
	const notes: string[] = [];
	const delimiter = await openTable(files.train);
	const [rawHeader = [], secondRow] = await firstRows(files.train, delimiter, 2);
	const sklearn = sklearnHeader(rawHeader, secondRow);
	const columns = trainColumns(files.train, sklearn?.header ?? rawHeader, options);
	const featureNames = columns.features.map(index => columns.header[index]!);
	const pixelSide = pixelCsvSide(featureNames);
	const name = files.folder ? path.basename(path.resolve(target)) : path.basename(target).replace(/(\.[^.]+)?(\.gz)?$/i, '');
	notes.push(`label column: ${columns.header[columns.label]} (column ${columns.label})`);

	// Every file is read twice: a first pass counts its rows and reads the training labels, so each buffer is made at
	// its final size and, when the test share is held out here, each pixel row is parsed straight to its side.
	const featureCount = featureNames.length;
	const trainScan = await scanRows(files.train, columns.label, columns.header.length);
	const unlabeledScan = files.unlabeled ? await scanRows(files.unlabeled, -1, 0) : undefined;
	const testScan = files.test ? await scanRows(files.test, -1, 0) : undefined;
	const trainRows = trainScan.count + (unlabeledScan?.count ?? 0);
	const plan = pixelSide > 0 && !files.test && trainScan.complete && unlabeledScan?.complete !== false ? planSplit(trainScan.labels, unlabeledScan?.count ?? 0, options) : undefined;
	const sideRows = plan ? [plan.kept.length, plan.held.length] : [trainRows, testScan?.count ?? 0];
	const sides = sideRows.map(rows => (pixelSide > 0 ? new Uint8Array(new SharedArrayBuffer(rows * featureCount)) : new Float32Array(rows * featureCount)));
	const trainSide = {sides, first: 0, rows: trainScan.count, ...(plan ? {place: placement(plan, trainScan.count)} : {})};
	const train = await parseRows(files.train, delimiter, columns, pixelSide, trainSide);
	if (trainScan.complete && (train.count !== trainScan.count || train.labels.some((label, i) => label !== trainScan.labels[i]))) {
		throw new InputError(`${files.train} changed while it was being read, expected it to stay the same until loaded`);
	}

	const alignTo = async (file: string, needLabel: boolean, into: RowPlacement): Promise<ParsedRows> => {
		const fileDelimiter = await openTable(file);
		const header = (await firstRows(file, fileDelimiter, 1))[0]!.map(cell => cell.trim());
		const label = header.indexOf(columns.header[columns.label]!);
		if (needLabel && label < 0) throw new InputError(`${file} has no column ${JSON.stringify(columns.header[columns.label])}, expected the same label column as ${files.train}`);
		const features = featureNames.map(feature => {
			const index = header.indexOf(feature);
			if (index < 0) throw new InputError(`${file} has no column ${JSON.stringify(feature)}, expected the same feature columns as ${files.train}`);
			return index;
		});
		return parseRows(file, fileDelimiter, {header, label, features}, pixelSide, into);
	};

	// Unlabeled rows follow the training file's rows in the training buffer (with a plan, they are the last kept rows).
	const unlabeledFirst = plan ? plan.kept.length - (unlabeledScan?.count ?? 0) : trainScan.count;
	const unlabeledRows = files.unlabeled ? await alignTo(files.unlabeled, false, {sides, first: unlabeledFirst, rows: unlabeledScan!.count}) : undefined;
	const testRows = files.test ? await alignTo(files.test, true, {sides: [sides[1]!], first: 0, rows: testScan!.count}) : undefined;

	const {markers, classValues, index} = labelClasses(train.labels, options, notes);
	// scikit-learn's CSVs name the classes 0…K−1 in their first row.
	const named = sklearn && sklearn.names.length === classValues.length && classValues.every((value, i) => value === String(i));
	const classNames = named ? sklearn.names : classValues;
	if (sklearn) notes.push(`scikit-learn CSV: first row read as ${rawHeader[0]} samples × ${rawHeader[1]} features${named ? `, classes ${classNames.join(', ')}` : ''}`);
	const trainLabels = labelCodes(train.labels, markers, index, unlabeledRows?.count ?? 0);
	if (unlabeledRows) {
		unlabeledRows.labels.forEach((label, i) => {
			if (!markers.has(label.toLowerCase())) {
				throw new InputError(`${unlabeledRows.file} line ${unlabeledRows.lines[i]}: label ${JSON.stringify(label)}, expected none in the unlabeled file`);
			}
		});
	}

	const testLabels = testRows ? new Uint8Array(testRows.count) : undefined;
	testRows?.labels.forEach((label, i) => {
		if (markers.has(label.toLowerCase())) throw new InputError(`${testRows.file} line ${testRows.lines[i]}: no label (${JSON.stringify(label)}), expected every test row to have one`);
		const value = index.get(label);
		if (value === undefined) throw new InputError(`${testRows.file} line ${testRows.lines[i]}: label ${JSON.stringify(label)} is not a class of ${files.train}, expected one of: ${classValues.slice(0, 20).join(', ')}`);
		testLabels![i] = value;
	});

	// Rows parsed: fewer than counted only when a file shrank between the passes (the buffers are then cut to them).
	const parsedTrain = (train.count + (unlabeledRows?.count ?? 0)) * featureCount;
	const sources = [...train.lines.map(line => `${path.basename(files.train)}:${line}`), ...(unlabeledRows?.lines.map(line => `${path.basename(unlabeledRows.file)}:${line}`) ?? [])];
	let trainSamples: Uint8Array;
	let testSamples: Uint8Array | undefined;
	let split: {plan: HoldOut; kept: Uint8Array; held: Uint8Array} | undefined;
	let info: Omit<DatasetInfo, 'mode'>;
	let tableScaling: TableScaling | undefined;
	let imagePreparation: ImagePreparation | undefined;
	if (pixelSide > 0) {
		// Kept at their own size unless --image-size asks for another; then fitted as image folders are.
		const size = options.imageSize !== undefined && options.imageSize !== pixelSide ? options.imageSize : undefined;
		const fit = options.fit ?? 'pad';
		const channels = options.channels === 3 ? 3 : 1;
		const prepare = (pixels: Uint8Array) =>
			prepareStack(pixels, pixels.length / (pixelSide * pixelSide), {height: pixelSide, width: pixelSide, channels: 1}, {...(size === undefined ? {} : {size}), fit, channels, invert: options.invert === true});
		const [trainPixels, testPixels] = sides as Uint8Array[];
		if (plan) {
			// Written to their sides already: the training set handed on has its labels and sources, and no samples.
			split = {plan, kept: prepare(trainPixels!), held: prepare(testPixels!)};
			trainSamples = new Uint8Array(0);
		} else {
			trainSamples = prepare(trainPixels!.subarray(0, parsedTrain));
			testSamples = testRows ? prepare(testPixels!.subarray(0, testRows.count * featureCount)) : undefined;
		}

		notes.push(`pixel CSV: ${featureNames.length} pixel columns read as ${pixelSide}×${pixelSide} grey images${size === undefined ? '' : `, ${fitWords(size, fit)}`}${channels === 3 ? ', repeated to 3 channels' : ''}${options.invert ? ', inverted' : ''}`);
		info = {name, kind: 'image', height: size ?? pixelSide, width: size ?? pixelSide, channels, classNames};
		imagePreparation = {fit: size === undefined ? 'none' : fit, channels, invert: options.invert === true};
	} else {
		const [trainValues, testValues] = sides as Float32Array[];
		const table = standardise(trainValues!.subarray(0, parsedTrain), testRows ? testValues!.subarray(0, testRows.count * featureCount) : new Float32Array(0), featureNames);
		trainSamples = table.train;
		testSamples = testRows ? table.test : undefined;
		notes.push(...standardiseNotes(table));
		tableScaling = table.scaling;
		info = {name, kind: 'table', height: 1, width: featureNames.length, channels: 1, classNames, featureNames};
	}

	const trainSet: SampleSet = {samples: trainSamples, labels: trainLabels, count: trainLabels.length, sources};
	const test: SampleSet | undefined =
		testRows && testSamples && testLabels
			? {samples: testSamples, labels: testLabels, count: testRows.count, sources: testRows.lines.map(line => `${path.basename(testRows.file)}:${line}`)}
			: undefined;
	const result = {source: files.train, info, train: trainSet, notes, ...(test ? {test} : {}), ...(split ? {split} : {}), ...(imagePreparation ? {imagePreparation} : {})};
	const finished = finishDataset(result, options);
	return tableScaling ? {...finished, tableScaling} : finished;
}

/**
 * The test share finishDataset will hold out of a pixel CSV with no test file, planned from the training file's labels
 * (the unlabeled file's rows, all unlabeled, follow them); undefined when finishDataset will refuse the labels instead.
 */
function planSplit(labels: readonly string[], unlabeledRows: number, options: LoadOptions): HoldOut | undefined {
	const {markers, classValues, index} = labelClasses(labels, options, []);
	return planHoldOut(labelCodes(labels, markers, index, unlabeledRows), classValues.length, options);
}

/** Row r of the training file goes to place[r]: a kept row's place in the training buffer, or −1 − its place in the test buffer. */
function placement(plan: HoldOut, rows: number): Int32Array {
	const place = new Int32Array(rows);
	plan.kept.forEach((row, i) => {
		if (row < rows) place[row] = i;
	});
	plan.held.forEach((row, i) => {
		place[row] = -1 - i;
	});
	return place;
}

/** The unlabeled markers, the class values (sorted) and each one's index, from the training file's label texts. */
function labelClasses(labels: readonly string[], options: LoadOptions, notes: string[]): {markers: Set<string>; classValues: string[]; index: Map<string, number>} {
	const markers = unlabeledMarkers(labels, options, notes);
	const classValues = sortClassValues(labels.filter(label => !markers.has(label.toLowerCase())));
	return {markers, classValues, index: classIndex(classValues)};
}

/** Each training row's class index (unlabeledMark for a marker), then `unlabeledRows` more rows without a label. */
function labelCodes(labels: readonly string[], markers: Set<string>, index: Map<string, number>, unlabeledRows: number): Uint8Array {
	const codes = new Uint8Array(labels.length + unlabeledRows).fill(unlabeledMark);
	labels.forEach((label, i) => {
		if (!markers.has(label.toLowerCase())) codes[i] = index.get(label)!;
	});
	return codes;
}

async function findFiles(target: string): Promise<{train: string; test?: string; unlabeled?: string; folder: boolean}> {
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
async function openTable(file: string): Promise<string> {
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
async function firstRows(file: string, delimiter: string, count: number): Promise<string[][]> {
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
function sklearnHeader(header: string[], next: string[] | undefined): {header: string[]; names: string[]} | undefined {
	const [samples, features] = header.map(cell => cell.trim());
	if (!/^\d+$/.test(samples ?? '') || !/^\d+$/.test(features ?? '')) return undefined;
	const count = Number(features);
	if (next?.length !== count + 1) return undefined;
	return {header: [...Array.from({length: count}, (_, i) => `f${i}`), 'target'], names: header.slice(2).map(cell => cell.trim()).filter(cell => cell !== '')};
}

function trainColumns(file: string, rawHeader: string[], options: LoadOptions): Columns {
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
		if (label < 0) throw new InputError(`${file} has no label column ${JSON.stringify(wanted)}, expected a column name or index among: ${header.join(', ')}`);
	} else {
		label = header.findIndex(cell => labelNames.includes(cell.toLowerCase()));
		if (label < 0) label = header.length - 1;
	}

	const drop = new Set<number>();
	for (const name of options.drop ?? []) {
		const index = header.indexOf(name.trim());
		if (index < 0) throw new InputError(`${file} has no column ${JSON.stringify(name)} to drop, expected one of: ${header.join(', ')}`);
		if (index === label) throw new InputError(`--drop ${name} is the label column of ${file}, expected a feature column`);
		drop.add(index);
	}

	const features = header.map((_, index) => index).filter(index => index !== label && !drop.has(index));
	if (features.length === 0) throw new InputError(`${file} has no feature columns left besides the label ${header[label]}`);
	const duplicate = header.find((cell, index) => header.indexOf(cell) !== index);
	if (duplicate !== undefined) throw new InputError(`${file} line 1 names the column ${JSON.stringify(duplicate)} twice, expected unique column names`);
	return {header, label, features};
}

/** The side of a pixel CSV's square images, or 0 when the features are not pixel0…pixelN with N+1 a square. */
function pixelCsvSide(featureNames: readonly string[]): number {
	const side = Math.round(Math.sqrt(featureNames.length));
	if (side < 2 || side * side !== featureNames.length) return 0;
	return featureNames.every((name, index) => name.toLowerCase() === `pixel${index}`) ? side : 0;
}

/**
 * Where a file's parsed rows go: row r to `sides[0]` at row `first + r`; with `place`, to place[r] of side 0 when it is
 * 0 or more, else to −1 − place[r] of side 1. `rows` is how many the first pass counted (room for no more).
 */
interface RowPlacement {
	/** Pixel bytes (pixel CSVs) or feature values (tables), rows × features each. */
	sides: Array<Uint8Array | Float32Array>;
	first: number;
	rows: number;
	place?: Int32Array;
}

/** The first pass over a table file: its data rows, and each one's label text when `label` is a column. */
interface RowScan {
	count: number;
	labels: string[];
	/** False when reading stopped at a problem, which the parse will then meet and report in its place. */
	complete: boolean;
}

/**
 * Counts a file's data rows and reads the label cell of each, without parsing the rest. It never throws: whatever
 * stops it stops the parse that follows too, which says so with the loader's other errors in their usual order.
 */
async function scanRows(file: string, label: number, width: number): Promise<RowScan> {
	const scan: RowScan = {count: 0, labels: [], complete: false};
	try {
		const delimiter = await openTable(file);
		let header = true;
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

async function parseRows(file: string, delimiter: string, columns: Columns, pixelSide: number, into: RowPlacement): Promise<ParsedRows> {
	const width = columns.header.length;
	const features = columns.features;
	const featureCount = features.length;
	const labels: string[] = [];
	const lines: number[] = [];
	// A quote-free line's cells, read in place: where each starts and ends, and its value when it is plain digits.
	const cells = new CellSpans(width, delimiter);
	let count = -1;
	await forEachFileRowSpan(file, delimiter, (text, start, end, fields, line) => {
		if (count++ < 0) return;
		const found = fields ? fields.length : cells.read(text, start, end);
		if (found !== width) {
			throw new InputError(`${file} line ${line} has ${found} fields, expected ${width} (as in the header)`);
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
					value = oddCell(cell, file, line, columns.header[column]!, pixelSide > 0);
				}
			}

			if (pixelSide > 0) {
				if (!(value >= 0 && value <= 255)) throw new InputError(`${file} line ${line} column ${columns.header[column]}: ${cell!.trim()}, expected a pixel value from 0 to 255`);
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

/** A cell that is not a plain finite number: a missing value (NaN, imputed later) or one clear error. */
function oddCell(cell: string, file: string, line: number, column: string, pixels: boolean): number {
	const text = cell.trim();
	if (defaultMarkers.includes(text.toLowerCase())) {
		if (pixels) throw new InputError(`${file} line ${line} column ${column}: missing pixel value, expected a number from 0 to 255`);
		return Number.NaN;
	}

	if (/^[+-]?(inf|infinity)$/i.test(text) || Number(text) === Infinity || Number(text) === -Infinity) {
		throw new InputError(`${file} line ${line} column ${column}: ${text} is not a finite number, expected a finite number`);
	}

	throw new InputError(`${file} line ${line} column ${column}: ${JSON.stringify(text)} is not a number, expected numeric features only (leave the column out with --drop ${column})`);
}

/** The label texts (lower case) that mark an unlabeled row, and a note saying which reading of -1 was used. */
function unlabeledMarkers(labels: readonly string[], options: LoadOptions, notes: string[]): Set<string> {
	if (options.unlabeledValue !== undefined) {
		const values = options.unlabeledValue.split(',').map(value => value.trim().toLowerCase());
		notes.push(`unlabeled rows: label empty or ${values.map(value => JSON.stringify(value)).join(' or ')} (--unlabeled-value)`);
		return new Set(['', ...values]);
	}

	const markers = new Set(defaultMarkers);
	const distinct = new Set(labels.map(label => label.toLowerCase()));
	const minusOne = [...distinct].filter(label => label !== '' && Number(label) === -1);
	if (minusOne.length > 0) {
		const others = [...distinct].filter(label => !markers.has(label) && !minusOne.includes(label));
		const numeric = others.every(label => Number.isFinite(Number(label)));
		const plusMinusOne = numeric && others.length > 0 && others.every(label => Number(label) === 1);
		const otherNegatives = numeric && others.some(label => Number(label) < 0);
		if (plusMinusOne || otherNegatives) {
			notes.push(`label -1 read as a class (${plusMinusOne ? 'the labels are -1 and 1' : 'other negative labels occur'}); --unlabeled-value -1 to read it as unlabeled`);
		} else {
			for (const label of minusOne) markers.add(label);
			const count = labels.filter(label => minusOne.includes(label.toLowerCase())).length;
			notes.push(`label -1 read as unlabeled (scikit-learn's marker): ${count} rows; --unlabeled-value to choose another marker`);
		}
	}

	return markers;
}


