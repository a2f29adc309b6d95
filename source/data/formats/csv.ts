/**
 * CSV and TSV tables as a dataset. A file, or a folder holding train.csv (or .tsv) with optional test.csv and
 * unlabeled.csv (no label column needed there). A header row names the columns; the label column is `label` (a name
 * or a 0-based index), else the first column called label/target/class/y, else the last. A training row is unlabeled
 * when its label is empty, ?, NA, NaN, null or -1 (unless -1 is a real class: the labels are ±1, or other negatives
 * occur); `unlabeledValue` (comma-separated) replaces that list. Features must be numbers; missing ones are imputed.
 * A pixel CSV (label + pixel0…pixelN, N+1 a square, as Kaggle's digits) loads as images instead of a table. A file
 * whose line 1 is data with a text label (UCI's iris.data, csv-headerless.ts) is read without a header.
 * Here the load as a whole; its files and columns are csv-files.ts's, its rows csv-rows.ts's, its labels csv-labels.ts's.
 */
import {stat} from 'node:fs/promises';
import path from 'node:path';
import {unlabeledMark, type DatasetInfo} from '../../core/dataset-info.js';
import type {ImagePreparation} from '../../core/image-preparation.js';
import {InputError} from '../../core/input-error.js';
import type {DatasetSource, LoadedDataset, LoadOptions, SampleSet} from '../dataset-source.js';
import {findFiles, firstRows, openTable, pixelCsvSide, sklearnHeader, trainColumns} from './csv-files.js';
import {headerlessTable} from './csv-headerless.js';
import {labelClasses, labelCodes} from './csv-labels.js';
import {columnWord, parseRows, scanRows, type ParsedRows, type RowPlacement} from './csv-rows.js';
import {finishDataset, planHoldOut, type HoldOut} from './finish-dataset.js';
import {fitWords, prepareStack} from './fit-image.js';
import {standardise, standardiseNotes, type TableScaling} from './quantize.js';
import {readFolder} from './walk-folder.js';

export const csvSource: DatasetSource = {
	format: 'csv',
	// UCI's repository names its comma-separated files .data (iris.data, wine.data).
	async detect(target) {
		const info = await stat(target).catch(() => undefined);
		if (info?.isFile()) return /\.(csv|tsv|tab|data)(\.gz)?$/i.test(target);
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
	const headerless = sklearn ? undefined : await headerlessTable(files.train, delimiter, rawHeader);
	const columns = {...trainColumns(files.train, sklearn?.header ?? headerless?.header ?? rawHeader, options), ...(headerless ? {headerless: true} : {})};
	const featureNames = columns.features.map(index => columns.header[index]!);
	const pixelSide = pixelCsvSide(featureNames);
	const name = files.folder ? path.basename(path.resolve(target)) : path.basename(target).replace(/(\.[^.]+)?(\.gz)?$/i, '');
	if (headerless) {
		const last = headerless.header.length - 2;
		notes.push(`no header: line 1 is data (${JSON.stringify(headerless.text)} in column ${headerless.label} recurs below as a label), its columns named ${last > 0 ? `f0…f${last}` : 'f0'} and target`);
	}

	notes.push(`label column: ${columns.header[columns.label]} (the ${ordinal(columns.label + 1)} column)`);

	// Every file is read twice: a first pass counts its rows and reads the training labels, so each buffer is made at
	// its final size and, when the test share is held out here, each pixel row is parsed straight to its side.
	const featureCount = featureNames.length;
	const trainScan = await scanRows(files.train, columns.label, columns.header.length, headerless !== undefined);
	const unlabeledScan = files.unlabeled ? await scanRows(files.unlabeled, -1, 0, headerless !== undefined) : undefined;
	const testScan = files.test ? await scanRows(files.test, -1, 0, headerless !== undefined) : undefined;
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
		// A headerless training file's folder: the other files have no header either, their columns where its are.
		if (headerless) return parseRows(file, fileDelimiter, columns, pixelSide, into);
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
	// A measurement or an id read as the label: nearly every row its own class. Classes have rows: at least 20 values
	// and more than half as many as the labeled rows is a column to regress on or to drop, not one to classify by.
	const labeledRows = train.labels.filter(label => !markers.has(label.toLowerCase())).length;
	if (classNames.length >= 20 && classNames.length * 2 > labeledRows) {
		const given = options.label === undefined ? ', the last: no --label given' : '';
		throw new InputError(`${files.train}: label column ${columnWord(columns.header[columns.label]!)} (the ${ordinal(columns.label + 1)} column${given}) has ${classNames.length} different values in ${labeledRows} labeled rows, expected classes of several rows each (a measurement or an id is no class); name the label column with --label`);
	}

	// A measurement taken for the label (the last column, no --label given, when the classes stand first): "893 classes"
	// said nothing of which column was read as the label.
	if (classNames.length >= unlabeledMark) {
		const given = options.label === undefined ? ', the last: no --label given' : '';
		throw new InputError(`${files.train}: label column ${columnWord(columns.header[columns.label]!)} (the ${ordinal(columns.label + 1)} column${given}) has ${classNames.length} different values, expected at most ${unlabeledMark - 1} classes; name the label column with --label`);
	}

	// Files are read as UTF-8; a Latin-1 or Windows-1252 export turns its accents into U+FFFD in names and classes.
	const garbled = [...columns.header, ...classNames].filter(text => text.includes('\uFFFD'));
	if (garbled.length > 0) notes.push(`${files.train} is not UTF-8: ${garbled.slice(0, 3).map(text => JSON.stringify(text)).join(', ')} lost characters (shown as \uFFFD); save it as UTF-8 to keep them`);
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
		notes.push(...standardiseNotes(table, columnWord));
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

/** "1st", "2nd", "3rd", "11th", "22nd": columns counted from 1, as a reader counts them ("column 6" read as the 7th's index). */
function ordinal(n: number): string {
	const teen = n % 100 >= 11 && n % 100 <= 13;
	const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
	return `${n}${suffix}`;
}
