/**
 * `--data PATH`: picks the loader for a file or folder — forced with `--format`, else the first whose detect() accepts
 * the path (extension, then folder layout) — and loads it into a LoadedDataset. A path no loader recognises is one
 * clear line listing the formats.
 */
import {stat} from 'node:fs/promises';
import {InputError} from '../core/input-error.js';
import type {DatasetSource, LoadedDataset, LoadOptions} from './dataset-source.js';
import {csvSource} from './formats/csv.js';
import {idxSource} from './formats/idx.js';
import {imageFolderSource} from './formats/image-folder.js';
import {numpySource} from './formats/numpy.js';
import {syntheticSource} from './formats/synthetic.js';
import {requireModelInput} from './model-input-limit.js';
import {unusedOptionsNote} from './unused-options.js';

/**
 * Detection order matters: files by extension first (CSV, NumPy), and image folders last, because their test
 * ("a folder with sub-folders") is the loosest; an IDX folder (MNIST's file names) is recognised before it.
 */
export const dataSources: readonly DatasetSource[] = [csvSource, numpySource, idxSource, imageFolderSource, syntheticSource];

export const dataFormats = dataSources.map(source => source.format);

export function sourceFor(format: string): DatasetSource {
	const source = dataSources.find(candidate => candidate.format === format);
	if (!source) throw new InputError(`--format ${format} is not a data format, expected one of: ${dataFormats.join(', ')}`);
	return source;
}

export async function detectSource(target: string): Promise<DatasetSource> {
	const info = await stat(target).catch(() => undefined);
	if (!info) {
		for (const source of dataSources.filter(candidate => candidate.virtual)) if (await source.detect(target)) return source;
		throw new InputError(`--data ${target} does not exist, expected a file or a folder (or "synthetic", the built-in table demo)`);
	}

	for (const source of dataSources) if (await source.detect(target)) return source;
	throw new InputError(
		`--data ${target} is not a format this tool reads, expected a .csv/.tsv (or UCI's .data) file, an .npz, a folder with train.csv, x_train.npy or MNIST's IDX files, or a folder of class folders of images (or --format ${dataFormats.join('|')})`,
	);
}

export async function loadData(target: string, options: LoadOptions & {format?: string}): Promise<LoadedDataset> {
	const source = options.format === undefined ? await detectSource(target) : sourceFor(options.format);
	const loaded = await source.load(target, options);
	requireModelInput(target, loaded.info);
	const unused = unusedOptionsNote(loaded.info.name, source.format, loaded.info.kind, options);
	return unused === undefined ? loaded : {...loaded, notes: [...loaded.notes, unused]};
}
