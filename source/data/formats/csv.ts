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
import {countLineBreaks, forEachFileRow, readHead} from './csv-tokenizer.js';
import {finishDataset} from './finish-dataset.js';
import {fitWords, prepareStack} from './fit-image.js';
import type {ImagePreparation} from '../../core/image-preparation.js';
import {requireFitsInMemory} from './memory-limit.js';
import {standardise, standardiseNotes, type TableScaling} from './quantize.js';
import {readFolder} from './walk-folder.js';
import {concatBytes} from './concat-bytes.js';

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
	/** rows × features; NaN for a missing cell (tables) — pixel CSVs fill `pixels` instead. */
	values: Float32Array;
	pixels: Uint8Array;
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

	const train = await parseRows(files.train, delimiter, columns, pixelSide);
	const alignTo = async (file: string, needLabel: boolean): Promise<ParsedRows> => {
		const fileDelimiter = await openTable(file);
		const header = (await firstRows(file, fileDelimiter, 1))[0]!.map(cell => cell.trim());
		const label = header.indexOf(columns.header[columns.label]!);
		if (needLabel && label < 0) throw new InputError(`${file} has no column ${JSON.stringify(columns.header[columns.label])}, expected the same label column as ${files.train}`);
		const features = featureNames.map(feature => {
			const index = header.indexOf(feature);
			if (index < 0) throw new InputError(`${file} has no column ${JSON.stringify(feature)}, expected the same feature columns as ${files.train}`);
			return index;
		});
		return parseRows(file, fileDelimiter, {header, label, features}, pixelSide);
	};

	const unlabeledRows = files.unlabeled ? await alignTo(files.unlabeled, false) : undefined;
	const testRows = files.test ? await alignTo(files.test, true) : undefined;

	const markers = unlabeledMarkers(train.labels, options, notes);
	const classValues = sortClassValues(train.labels.filter(label => !markers.has(label.toLowerCase())));
	const index = classIndex(classValues);
	// scikit-learn's CSVs name the classes 0…K−1 in their first row.
	const named = sklearn && sklearn.names.length === classValues.length && classValues.every((value, i) => value === String(i));
	const classNames = named ? sklearn.names : classValues;
	if (sklearn) notes.push(`scikit-learn CSV: first row read as ${rawHeader[0]} samples × ${rawHeader[1]} features${named ? `, classes ${classNames.join(', ')}` : ''}`);
	const trainLabels = new Uint8Array(train.count + (unlabeledRows?.count ?? 0)).fill(unlabeledMark);
	train.labels.forEach((label, i) => {
		if (!markers.has(label.toLowerCase())) trainLabels[i] = index.get(label)!;
	});
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

	const sources = [...train.lines.map(line => `${path.basename(files.train)}:${line}`), ...(unlabeledRows?.lines.map(line => `${path.basename(unlabeledRows.file)}:${line}`) ?? [])];
	let trainSamples: Uint8Array;
	let testSamples: Uint8Array | undefined;
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
		trainSamples = prepare(concatBytes(train.pixels, unlabeledRows?.pixels));
		testSamples = testRows ? prepare(testRows.pixels) : undefined;
		notes.push(`pixel CSV: ${featureNames.length} pixel columns read as ${pixelSide}×${pixelSide} grey images${size === undefined ? '' : `, ${fitWords(size, fit)}`}${channels === 3 ? ', repeated to 3 channels' : ''}${options.invert ? ', inverted' : ''}`);
		info = {name, kind: 'image', height: size ?? pixelSide, width: size ?? pixelSide, channels, classNames};
		imagePreparation = {fit: size === undefined ? 'none' : fit, channels, invert: options.invert === true};
	} else {
		const table = standardise(concatFloats(train.values, unlabeledRows?.values), testRows?.values ?? new Float32Array(0), featureNames);
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
	const finished = finishDataset({source: files.train, info, train: trainSet, ...(test ? {test} : {}), notes, ...(imagePreparation ? {imagePreparation} : {})}, options);
	return tableScaling ? {...finished, tableScaling} : finished;
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

async function parseRows(file: string, delimiter: string, columns: Columns, pixelSide: number): Promise<ParsedRows> {
	const width = columns.header.length;
	const features = columns.features;
	const featureCount = features.length;
	// Rows are at most the line count, counted first (a pass over the bytes, no parsing); the buffers are cut to the
	// rows found. Pixel rows go straight into shared memory, where the workers will read them.
	const capacity = (await countLineBreaks(file)) + 1;
	const values = new Float32Array(pixelSide > 0 ? 0 : capacity * featureCount);
	const pixels = new Uint8Array(new SharedArrayBuffer(pixelSide > 0 ? capacity * featureCount : 0));
	const labels: string[] = [];
	const lines: number[] = [];
	let count = -1;
	await forEachFileRow(file, delimiter, (fields, line) => {
		if (count++ < 0) return;
		if (fields.length !== width) {
			throw new InputError(`${file} line ${line} has ${fields.length} fields, expected ${width} (as in the header)`);
		}

		labels.push(columns.label >= 0 ? fields[columns.label]!.trim() : '');
		lines.push(line);
		const base = (count - 1) * featureCount;
		for (let f = 0; f < featureCount; f++) {
			const cell = fields[features[f]!]!;
			let value = +cell;
			if (value !== value || value === Infinity || value === -Infinity || (value === 0 && cell.trim() === '')) {
				value = oddCell(cell, file, line, columns.header[features[f]!]!, pixelSide > 0);
			}

			if (pixelSide > 0) {
				if (!(value >= 0 && value <= 255)) throw new InputError(`${file} line ${line} column ${columns.header[features[f]!]}: ${cell.trim()}, expected a pixel value from 0 to 255`);
				pixels[base + f] = Math.round(value);
			} else {
				values[base + f] = value;
			}
		}
	});
	if (count <= 0) throw new InputError(`${file} has a header but no data rows`);
	return {file, count, values: values.subarray(0, count * featureCount), pixels: pixels.subarray(0, count * featureCount), labels, lines};
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


function concatFloats(a: Float32Array, b: Float32Array | undefined): Float32Array {
	if (!b || b.length === 0) return a;
	const out = new Float32Array(a.length + b.length);
	out.set(a);
	out.set(b, a.length);
	return out;
}
