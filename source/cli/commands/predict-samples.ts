/**
 * The samples `predict` labels, prepared as the model's manifest says (summary/model-file.ts). Images: see
 * predict-images.ts (PNG/JPEG, IDX, NumPy and pixel CSV inputs, prepared as the training images were). Table rows: a
 * CSV/TSV with a header naming the model's features (in any order; other columns, such as a label, ignored; its
 * delimiter sniffed as the race's loader does), headerless rows for a model trained on a headerless table (its features
 * f0, f1, … are the numeric columns in order, a text label column left out), or a
 * .npy of shape (N, D) / an .npz whose x… arrays are (N, D), D the model's features in its order — standardised with
 * the training rows' statistics and quantized as the loaders do (a missing value, empty or NaN, takes the mean).
 */
import {readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {InputError} from '../../core/input-error.js';
import {openTable} from '../../data/formats/csv-files.js';
import {textCells} from '../../data/formats/csv-headerless.js';
import {forEachRow} from '../../data/formats/csv-tokenizer.js';
import type {NpyArray} from '../../data/formats/npy.js';
import {parseNpy} from '../../data/formats/npy.js';
import {readNpzMembers, readNumpyBytes} from '../../data/formats/numpy.js';
import {scaleRow} from '../../data/formats/quantize.js';
import type {ModelManifest} from '../../summary/model-file.js';
import {idxImageFile, imageSamples} from './predict-images.js';

export interface PreparedSamples {
	/** count × input bytes. */
	samples: Uint8Array;
	/** Each sample's file (relative to the folder), `file:line`, or `array[i]`. */
	sources: string[];
}

/** Table files as the race reads them (UCI names its CSVs .data). */
const tableExtensions = /\.(csv|tsv|data)$/i;
const arrayExtensions = /\.(npy|npz)$/i;
const missing = new Set(['', '?', 'na', 'nan', 'null']);

export async function predictSamples(target: string, manifest: ModelManifest): Promise<PreparedSamples> {
	const info = await stat(target).catch(() => undefined);
	const kind = manifest.dataset.kind;
	if (!info) throw new InputError(`--data ${target} does not exist, expected ${kind === 'image' ? 'a folder of images, an image, an IDX image file, a .npy/.npz or a pixel CSV' : 'a CSV/TSV file or a .npy/.npz of rows'}`);
	if (kind === 'table') {
		if (info.isFile() && tableExtensions.test(target)) return tableSamples(target, manifest);
		if (info.isFile() && arrayExtensions.test(target)) return arrayRowSamples(target, manifest);
		throw new InputError(`--data ${target}: the model labels table rows, expected a .csv, .tsv, .npy or .npz file`);
	}

	if (info.isFile() && !tableExtensions.test(target) && !arrayExtensions.test(target) && !idxImageFile.test(target) && !/\.(png|jpe?g)$/i.test(target)) {
		throw new InputError(`--data ${target}: not a file predict reads, expected a PNG or JPEG image, an IDX image file (…-ubyte[.gz]), a .npy, an .npz or a pixel CSV`);
	}

	return imageSamples(target, info.isDirectory(), manifest);
}

/** Rows of a .npy (N, D) or of every x… array of an .npz, D the model's features in its order. */
async function arrayRowSamples(file: string, manifest: ModelManifest): Promise<PreparedSamples> {
	const arrays: Array<{array: NpyArray; name: string; what: string}> = /\.npz$/i.test(file)
		? (await readNpzMembers(file, name => /^x/i.test(name))).map(member => ({...member, what: `${file}:${member.name}`}))
		: [{array: parseNpy(await readNumpyBytes(file), file), name: path.basename(file), what: file}];
	if (arrays.length === 0) throw new InputError(`--data ${file} has no x… array (x_test, x_unlabeled, …), expected the rows to label`);
	const features = manifest.dataset.featureNames!.length;
	const rows = arrays.reduce((sum, {array}) => sum + (array.shape[0] ?? 0), 0);
	const samples = new Uint8Array(rows * features);
	const sources: string[] = [];
	for (const {array, name, what} of arrays) {
		if (array.shape.length !== 2 || array.shape[1] !== features) {
			throw new InputError(`${what} has shape (${array.shape.join(', ')}), expected (N, ${features}): rows of the model's ${features} features`);
		}

		const values = array.values;
		for (let r = 0; r < array.shape[0]!; r++) {
			const row = values.subarray(r * features, (r + 1) * features);
			const bad = Array.prototype.findIndex.call(row, (value: number) => value === Infinity || value === -Infinity);
			if (bad >= 0) throw new InputError(`${what} [${r}, ${bad}] is ${row[bad]}, expected finite numbers (NaN for missing)`);
			scaleRow(row, manifest.tableScaling!, samples, sources.length * features);
			sources.push(`${name}[${r}]`);
		}
	}

	return {samples, sources};
}

async function tableSamples(file: string, manifest: ModelManifest): Promise<PreparedSamples> {
	const features = manifest.dataset.featureNames!;
	const scaling = manifest.tableScaling!;
	// The race read semicolons and tabs in a header without commas: so does predict, or a file the race trained on fails.
	const delimiter = await openTable(file);
	const text = await readFile(file, 'utf8');
	const rows: number[][] = [];
	const sources: string[] = [];
	let columns: number[] | undefined;
	// A headerless table's features were named f0, f1, … by the loader (csv-headerless.ts): no header to find them in.
	const headerless = features.every((feature, index) => feature === `f${index}`);
	const readRow = (fields: string[], line: number) => {
		rows.push(
			columns!.map((at, f) => {
				const cell = (fields[at] ?? '').trim();
				if (missing.has(cell.toLowerCase())) return Number.NaN;
				const value = Number(cell);
				if (!Number.isFinite(value)) throw new InputError(`${file} line ${line}, column "${features[f]}": ${JSON.stringify(cell)}, expected a number`);
				return value;
			}),
		);
		sources.push(`${path.basename(file)}:${line}`);
	};

	forEachRow(text, delimiter, file, (fields, line) => {
		if (columns) {
			readRow(fields, line);
			return;
		}

		const header = fields.map(field => field.trim());
		if (headerless && !features.every(feature => header.includes(feature))) {
			// The numeric columns, as the loader found the headerless table's features (its text column is the label).
			const texts = new Set(textCells(header));
			const numeric = header.flatMap((_, index) => (texts.has(index) ? [] : [index]));
			if (numeric.length !== features.length) {
				throw new InputError(`${file} line ${line}: ${numeric.length} numeric columns, expected the model's ${features.length} features (f0 to f${features.length - 1}) in a row without a header`);
			}

			columns = numeric;
			readRow(fields, line);
			return;
		}

		columns = features.map(feature => {
			const at = header.indexOf(feature);
			if (at < 0) throw new InputError(`${file} line ${line}: no column "${feature}", expected the model's features: ${features.slice(0, 10).join(', ')}${features.length > 10 ? ', …' : ''}`);
			return at;
		});
	});
	if (rows.length === 0) throw new InputError(`${file}: no rows under the header, expected the rows to label`);
	const samples = new Uint8Array(rows.length * features.length);
	for (const [index, row] of rows.entries()) scaleRow(row, scaling, samples, index * features.length);
	return {samples, sources};
}
