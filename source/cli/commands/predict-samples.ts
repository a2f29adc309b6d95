/**
 * The samples `predict` labels, prepared as the model's manifest says (summary/model-file.ts): images (a folder of
 * PNG/JPEG files at any depth, or one file) fitted to the model's square size, letterboxed, in its channel count, as
 * the image-folder loader prepares them; table rows (a CSV/TSV with a header naming the model's features, any label
 * column ignored) standardised with the training rows' statistics and quantized as the CSV loader does.
 */
import {readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {InputError} from '../../core/input-error.js';
import {forEachRow} from '../../data/formats/csv-tokenizer.js';
import {decodeImage} from '../../data/formats/decode-image.js';
import {convertChannels, fitImage} from '../../data/formats/fit-image.js';
import {scaleRow} from '../../data/formats/quantize.js';
import {filesUnder} from '../../data/formats/walk-folder.js';
import type {ModelManifest} from '../../summary/model-file.js';

export interface PreparedSamples {
	/** count × input bytes. */
	samples: Uint8Array;
	/** Each sample's file (relative to the folder) or `file:line`. */
	sources: string[];
}

const imageExtensions = /\.(png|jpe?g)$/i;
const tableExtensions = /\.(csv|tsv)$/i;
const missing = new Set(['', '?', 'na', 'nan', 'null']);

export async function predictSamples(target: string, manifest: ModelManifest): Promise<PreparedSamples> {
	const info = await stat(target).catch(() => undefined);
	if (!info) throw new InputError(`--data ${target} does not exist, expected ${manifest.dataset.kind === 'image' ? 'a folder of images or an image' : 'a CSV or TSV file'}`);
	if (manifest.dataset.kind === 'table') {
		if (!info.isFile() || !tableExtensions.test(target)) throw new InputError(`--data ${target}: the model labels table rows, expected a .csv or .tsv file`);
		return tableSamples(target, manifest);
	}

	if (info.isFile() && tableExtensions.test(target)) throw new InputError(`--data ${target}: a table, but the model labels ${manifest.dataset.height}×${manifest.dataset.width} images`);
	return imageSamples(target, info.isDirectory(), manifest);
}

async function imageSamples(target: string, isFolder: boolean, manifest: ModelManifest): Promise<PreparedSamples> {
	const {height, width, channels} = manifest.dataset;
	if (height !== width) throw new InputError(`--model: a ${height}×${width} image model, expected square inputs (as the loaders make them)`);
	const files = isFolder ? (await filesUnder(target)).filter(file => imageExtensions.test(file)) : [path.basename(target)];
	const root = isFolder ? target : path.dirname(target);
	if (files.length === 0) throw new InputError(`--data ${target}: no PNG or JPEG images in it, expected the images to label`);
	const size = height * width * channels;
	const samples = new Uint8Array(files.length * size);
	for (const [index, file] of files.entries()) {
		const full = path.join(root, file);
		const image = decodeImage(new Uint8Array(await readFile(full)), full);
		samples.set(convertChannels(fitImage(image, height, 'pad'), image.channels, channels as 1 | 3), index * size);
	}

	return {samples, sources: files};
}

async function tableSamples(file: string, manifest: ModelManifest): Promise<PreparedSamples> {
	const features = manifest.dataset.featureNames!;
	const scaling = manifest.tableScaling!;
	const text = await readFile(file, 'utf8');
	const rows: number[][] = [];
	const sources: string[] = [];
	let columns: number[] | undefined;
	forEachRow(text, /\.tsv$/i.test(file) ? '\t' : ',', file, (fields, line) => {
		if (!columns) {
			const header = fields.map(field => field.trim());
			columns = features.map(feature => {
				const at = header.indexOf(feature);
				if (at < 0) throw new InputError(`${file} line ${line}: no column "${feature}", expected the model's features: ${features.slice(0, 10).join(', ')}${features.length > 10 ? ', …' : ''}`);
				return at;
			});
			return;
		}

		rows.push(
			columns.map((at, f) => {
				const cell = (fields[at] ?? '').trim();
				if (missing.has(cell.toLowerCase())) return Number.NaN;
				const value = Number(cell);
				if (!Number.isFinite(value)) throw new InputError(`${file} line ${line}, column "${features[f]}": ${JSON.stringify(cell)}, expected a number`);
				return value;
			}),
		);
		sources.push(`${path.basename(file)}:${line}`);
	});
	if (rows.length === 0) throw new InputError(`${file}: no rows under the header, expected the rows to label`);
	const samples = new Uint8Array(rows.length * features.length);
	for (const [index, row] of rows.entries()) scaleRow(row, scaling, samples, index * features.length);
	return {samples, sources};
}
