/**
 * The one interface every data loader implements (IDX, image folders, CSV/TSV, NumPy): a loader turns a path into a
 * LoadedDataset — samples as uint8 bytes, channels-last, one sample after another, with the descriptor that says what
 * they are — or throws an InputError naming the file (and line, column or field) and what was expected. Nothing
 * half-loaded leaves a loader. `toSharedDataset` then puts it into the shared memory the workers read.
 *
 * Tables are quantized to uint8 at load (standardised values mapped onto 0..255), so the engine, the split and the
 * workers treat every kind the same way; the descriptor's kind says how to draw and augment a sample.
 */
import {unlabeledMark, type DatasetInfo} from '../core/dataset-info.js';
import type {ImagePreparation} from '../core/image-preparation.js';
import type {TableScaling} from './formats/quantize.js';

/** Re-exported for loaders: the label byte of a training sample without a label (core decides it, the split reads it). */
export {unlabeledMark};

export interface SampleSet {
	/** count × inputSize(info) bytes. */
	samples: Uint8Array;
	/** One class index per sample; `unlabeledMark` where the sample has none (training set, real mode only). */
	labels: Uint8Array;
	count: number;
	/** Where each sample came from (a file path relative to the data, or "row N"), for exports and error lines. */
	sources?: string[];
}

export interface LoadedDataset {
	info: DatasetInfo;
	/** Every training sample: labeled ones, and in real mode the unlabeled ones too (label `unlabeledMark`). */
	train: SampleSet;
	/** The held-out labeled samples the race scores on (a test split of the data, or carved from labeled samples). */
	test: SampleSet;
	/** Plain sentences the dashboard and headless output show once, e.g. "features standardised from all training rows". */
	notes: string[];
	/** Tables: the standardisation applied at load, for exporting a model that prepares new rows the same way. */
	tableScaling?: TableScaling;
	/** Images: how files or arrays became the samples (fit, channels, flip, pixel range), for the same reason. */
	imagePreparation?: ImagePreparation;
}

/** Options every loader may read; each ignores those that do not apply to its format. */
export interface LoadOptions {
	/**
	 * Images: the side of the square every image is fitted to (image folders: 28 when absent; IDX, NumPy and pixel
	 * CSVs keep their own size when absent).
	 */
	imageSize?: number;
	fit?: 'pad' | 'crop' | 'stretch';
	channels?: 'auto' | 1 | 3;
	invert?: boolean;
	/** Tables: the label column, by name or 0-based index. */
	label?: string;
	/** Tables: the label text that marks an unlabeled row, overriding the defaults. */
	unlabeledValue?: string;
	/** Tables: columns to leave out. */
	drop?: string[];
	/** Real mode without a test split: the share of labeled samples kept for testing, and the seed of that split. */
	testFraction?: number;
	seed?: number;
}

export interface DatasetSource {
	/** The `--format` name. */
	format: string;
	/** True when `path` looks like this format (extension or folder layout); used when `--format` is not given. */
	detect(path: string): Promise<boolean>;
	/** A name rather than a path (the built-in demo): detected before the path is required to exist. */
	virtual?: boolean;
	load(path: string, options: LoadOptions): Promise<LoadedDataset>;
}
