/**
 * NumPy arrays as a dataset: an .npz with Keras's keys (x_train, y_train, optional x_test + y_test, plus our
 * x_unlabeled), or a folder of .npy files with the same names (x_train.npy, y_train.npy, …). y == -1 marks an
 * unlabeled training sample (scikit-learn's marker) unless -1 is a class, and `unlabeledValue` overrides: the CSV
 * loader's rule (csv-labels.ts), so the same labels read the same in either format. x of shape (N, H, W) or
 * (N, H, W, C) with C = 1 or 3 is images — uint8 as is, floats in [0, 1] × 255, anything else min-max scaled from
 * x_train — and (N, D) is a table.
 */
import {readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {unzipSync} from 'fflate';
import {formatCount} from '../../text/format.js';
import type {DatasetInfo} from '../../core/dataset-info.js';
import {InputError} from '../../core/input-error.js';
import type {DatasetSource, LoadedDataset, LoadOptions, SampleSet} from '../dataset-source.js';
import {labelClasses, labelCodes} from './csv-labels.js';
import {finishDataset} from './finish-dataset.js';
import {fitWords, prepareStack} from './fit-image.js';
import type {ImagePreparation} from '../../core/image-preparation.js';
import {requireFitsInMemory} from './memory-limit.js';
import {parseNpy, type NpyArray} from './npy.js';
import {standardise, standardiseNotes, type TableScaling} from './quantize.js';
import {readFolder} from './walk-folder.js';
import {concatBytes} from './concat-bytes.js';

const arrayNames = ['x_train', 'y_train', 'x_test', 'y_test', 'x_unlabeled', 'x_unlabelled'] as const;
type ArrayName = (typeof arrayNames)[number];
type Named = {array: NpyArray; file: string};

export const numpySource: DatasetSource = {
	format: 'numpy',
	async detect(target) {
		const info = await stat(target).catch(() => undefined);
		if (info?.isFile()) return /\.(npz|npy)$/i.test(target);
		if (!info?.isDirectory()) return false;
		return (await readFolder(target)).files.includes('x_train.npy');
	},
	load: loadNumpy,
};

export async function loadNumpy(target: string, options: LoadOptions): Promise<LoadedDataset> {
	const info = await stat(target).catch(() => undefined);
	if (!info) throw new InputError(`${target} does not exist, expected an .npz file or a folder with x_train.npy and y_train.npy`);
	const arrays = info.isFile() && /\.npz$/i.test(target) ? await readNpz(target) : await readNpyFolder(info.isFile() ? path.dirname(target) : target);
	const name = path.basename(path.resolve(target)).replace(/\.npz$/i, '');
	const xTrain = required(arrays, 'x_train', target);
	const yTrain = required(arrays, 'y_train', target);
	const xUnlabeled = arrays.get('x_unlabeled') ?? arrays.get('x_unlabelled');
	const xTest = arrays.get('x_test');
	const yTest = arrays.get('y_test');
	if ((xTest === undefined) !== (yTest === undefined)) {
		throw new InputError(`${target} has ${xTest ? 'x_test' : 'y_test'} without ${xTest ? 'y_test' : 'x_test'}, expected both or neither`);
	}

	const sampleShape = xTrain.array.shape.slice(1);
	if (xTrain.array.shape.length < 2 || xTrain.array.shape.length > 4) {
		throw new InputError(`${xTrain.file} has shape (${xTrain.array.shape.join(', ')}), expected (N, D) for a table or (N, H, W[, C]) for images`);
	}

	for (const other of [xTest, xUnlabeled]) {
		if (other && other.array.shape.slice(1).join() !== sampleShape.join()) {
			throw new InputError(`${other.file} has samples of shape (${other.array.shape.slice(1).join(', ')}), expected (${sampleShape.join(', ')}) as in x_train`);
		}
	}

	const notes: string[] = [];
	// Labels as the texts a CSV cell would hold, so -1 (and --unlabeled-value) is read by the CSV loader's rule.
	const trainValues = labelValues(yTrain, xTrain).map(String);
	const testValues = yTest && xTest ? labelValues(yTest, xTest).map(String) : undefined;
	const {markers, classValues: classNames, index} = labelClasses(trainValues, options, notes, 'samples');
	const labels = labelCodes(trainValues, markers, index, xUnlabeled ? xUnlabeled.array.shape[0]! : 0);
	const testLabels = testValues?.map((value, i) => {
		// -1 that is no class of y_train is the usual marker misplaced, said as such rather than as an unknown class.
		if (markers.has(value.toLowerCase()) || (Number(value) === -1 && index.get(value) === undefined)) throw new InputError(`${yTest!.file} [${i}] is ${value} (no label), expected every test sample to have a label`);
		const label = index.get(value);
		if (label === undefined) throw new InputError(`${yTest!.file} [${i}]: label ${value} is not a class of y_train, expected one of: ${classNames.slice(0, 20).join(', ')}`);
		return label;
	});

	const unlabeledCount = labels.length - trainValues.length;
	const trainCount = labels.length;
	let datasetInfo: Omit<DatasetInfo, 'mode'>;
	let trainSamples: Uint8Array;
	let testSamples: Uint8Array | undefined;
	let imagePreparation: ImagePreparation | undefined;
	let tableScaling: TableScaling | undefined;
	if (sampleShape.length === 1) {
		const features = sampleShape[0]!;
		const featureNames = Array.from({length: features}, (_, f) => `x${f}`);
		const table = standardise(
			tableValues([xTrain, ...(xUnlabeled ? [xUnlabeled] : [])]),
			xTest ? tableValues([xTest]) : new Float32Array(0),
			featureNames,
		);
		notes.push(...standardiseNotes(table));
		tableScaling = table.scaling;
		trainSamples = table.train;
		testSamples = xTest ? table.test : undefined;
		datasetInfo = {name, kind: 'table', height: 1, width: features, channels: 1, classNames, featureNames};
	} else {
		const [height, width, stored = 1] = sampleShape as [number, number, number?];
		if (stored !== 1 && stored !== 3) throw new InputError(`${xTrain.file} has ${stored} channels, expected 1 (grey) or 3 (RGB)`);
		const channels: 1 | 3 = options.channels === 1 || options.channels === 3 ? options.channels : stored;
		const scaling = pixelScaling(xTrain, notes);
		// Arrays keep their own size unless --image-size asks for another (then fitted as image folders are).
		const size = options.imageSize !== undefined && (options.imageSize !== height || options.imageSize !== width) ? options.imageSize : undefined;
		const fit = options.fit ?? 'pad';
		const toBytes = (named: Named) =>
			prepareStack(imageBytes(named, scaling), named.array.shape[0]!, {height, width, channels: stored}, {...(size === undefined ? {} : {size}), fit, channels, invert: options.invert === true});

		if (size !== undefined) notes.push(`images ${fitWords(size, fit)}`);
		if (channels !== stored) notes.push(stored === 3 ? 'RGB images converted to grey (luma)' : 'grey images repeated to 3 channels');
		if (options.invert) notes.push('images inverted');
		trainSamples = concatBytes(toBytes(xTrain), xUnlabeled ? toBytes(xUnlabeled) : undefined);
		testSamples = xTest ? toBytes(xTest) : undefined;
		datasetInfo = {name, kind: 'image', height: size ?? height, width: size ?? width, channels, classNames};
		imagePreparation = {
			fit: size === undefined ? 'none' : fit,
			channels,
			invert: options.invert === true,
			...(scaling.kind === 'unit' ? {pixelRange: [0, 1] as [number, number]} : scaling.kind === 'range' ? {pixelRange: [scaling.min, scaling.max] as [number, number]} : {}),
		};
	}

	if (unlabeledCount > 0) notes.push(`${formatCount(unlabeledCount)} samples in x_unlabeled have no label`);
	const sources = Array.from({length: trainCount}, (_, i) => (i < trainValues.length ? `x_train[${i}]` : `x_unlabeled[${i - trainValues.length}]`));
	const train: SampleSet = {samples: trainSamples, labels, count: trainCount, sources};
	const test: SampleSet | undefined =
		testSamples && testLabels ? {samples: testSamples, labels: Uint8Array.from(testLabels), count: testLabels.length, sources: testLabels.map((_, i) => `x_test[${i}]`)} : undefined;
	const finished = finishDataset({source: target, info: datasetInfo, train, ...(test ? {test} : {}), notes, ...(imagePreparation ? {imagePreparation} : {})}, options);
	// Tables: the standardisation goes with the data, so an exported model prepares new rows the same way.
	return tableScaling ? {...finished, tableScaling} : finished;
}

/**
 * The .npy members of an .npz whose names (without .npy) `keep` accepts, in the zip's order; their sizes are read
 * from the zip directory and checked against memory before anything is inflated.
 */
export async function readNpzMembers(file: string, keep: (name: string) => boolean): Promise<Array<{name: string; array: NpyArray}>> {
	const bytes = await readNumpyBytes(file);
	let members: Record<string, Uint8Array>;
	const wanted = (member: {name: string}) => member.name.endsWith('.npy') && keep(member.name.slice(0, -4));
	try {
		// A first pass reads only the directory: the sizes, checked before anything is inflated.
		let size = 0;
		unzipSync(bytes, {
			filter(member) {
				if (wanted(member)) size += member.originalSize;
				return false;
			},
		});
		requireFitsInMemory(size * 3, file);
		members = unzipSync(bytes, {filter: wanted});
	} catch (error) {
		if (error instanceof InputError) throw error;
		throw new InputError(`${file} is not a readable .npz (zip) file (${error instanceof Error ? error.message : String(error)})`);
	}

	return Object.entries(members).map(([member, data]) => ({name: member.slice(0, -4), array: parseNpy(data, `${file}:${member.slice(0, -4)}`)}));
}

async function readNpz(file: string): Promise<Map<ArrayName, Named>> {
	const members = await readNpzMembers(file, name => (arrayNames as readonly string[]).includes(name));
	const arrays = new Map<ArrayName, Named>();
	for (const name of arrayNames) {
		const member = members.find(entry => entry.name === name);
		if (member) arrays.set(name, {array: member.array, file: `${file}:${name}`});
	}

	if (arrays.size === 0) throw new InputError(`${file} has none of the arrays ${arrayNames.slice(0, 5).join(', ')}, expected at least x_train and y_train (Keras's names)`);
	return arrays;
}

async function readNpyFolder(folder: string): Promise<Map<ArrayName, Named>> {
	const {files} = await readFolder(folder);
	const arrays = new Map<ArrayName, Named>();
	let size = 0;
	for (const name of arrayNames) if (files.includes(`${name}.npy`)) size += (await stat(path.join(folder, `${name}.npy`))).size;
	requireFitsInMemory(size * 3, folder);
	for (const name of arrayNames) {
		if (!files.includes(`${name}.npy`)) continue;
		const file = path.join(folder, `${name}.npy`);
		arrays.set(name, {array: parseNpy(await readNumpyBytes(file), file), file});
	}

	return arrays;
}

export async function readNumpyBytes(file: string): Promise<Uint8Array> {
	const size = await stat(file).then(info => info.size).catch(() => 0);
	requireFitsInMemory(size, file);
	try {
		const bytes = await readFile(file);
		if (bytes.length === 0) throw new InputError(`${file} is empty, expected NumPy data`);
		return bytes;
	} catch (error) {
		if (error instanceof InputError) throw error;
		throw new InputError(`${file} could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
	}
}

function required(arrays: Map<ArrayName, Named>, name: ArrayName, target: string): Named {
	const found = arrays.get(name);
	if (found) return found;
	// A lone .npy of another name: the folder is what is read, so say so rather than "has no x_train".
	if (/\.npy$/i.test(target) && !arrayNames.some(known => path.basename(target) === `${known}.npy`)) {
		throw new InputError(`${target}: a .npy is read with its folder's x_train.npy and y_train.npy, and there is no ${name}.npy beside it; name the arrays x_train.npy, y_train.npy (optionally x_test.npy, y_test.npy, x_unlabeled.npy)`);
	}

	throw new InputError(`${target} has no ${name}, expected x_train and y_train (and optionally x_test, y_test, x_unlabeled)`);
}

/** Whole-number labels, one per sample of `x` (which of them mark "no label" is labelClasses's to say). */
function labelValues(y: Named, x: Named): number[] {
	const {shape, values} = y.array;
	if (!(shape.length === 1 || (shape.length === 2 && shape[1] === 1))) throw new InputError(`${y.file} has shape (${shape.join(', ')}), expected (N,) labels`);
	if (shape[0] !== x.array.shape[0]) throw new InputError(`${y.file} has ${shape[0]} labels but ${x.file} has ${x.array.shape[0]} samples, expected one label per sample`);
	return Array.from(values, (value, i) => {
		if (!Number.isInteger(value)) throw new InputError(`${y.file} [${i}] is ${value}, expected a whole-number class label`);
		return value;
	});
}

/** A bool array (`|b1`): its values are 0 and 1. */
export const isBoolArray = (array: NpyArray) => /^[<>|=]?b1$/.test(array.dtype);

type Scaling = {kind: 'bytes'} | {kind: 'unit'} | {kind: 'range'; min: number; max: number};

function pixelScaling(x: Named, notes: string[]): Scaling {
	// Bool masks are 0 and 1, not bytes: read as bytes they were two shades of black, and the model barely learned.
	if (isBoolArray(x.array)) {
		notes.push('bool pixels read as 0 (false) and 255 (true)');
		return {kind: 'unit'};
	}

	if (x.array.values instanceof Uint8Array) return {kind: 'bytes'};
	let min = Infinity;
	let max = -Infinity;
	x.array.values.forEach((value, i) => {
		if (!Number.isFinite(value)) throw new InputError(`${x.file} [${i}] is ${value}, expected finite pixel values`);
		if (value < min) min = value;
		if (value > max) max = value;
	});
	if (min >= 0 && max <= 1) {
		notes.push('float pixels in [0, 1] scaled by 255');
		return {kind: 'unit'};
	}

	notes.push(`pixels min-max scaled from x_train's range [${min}, ${max}] to 0..255`);
	return {kind: 'range', min, max};
}

function imageBytes(x: Named, scaling: Scaling): Uint8Array {
	const {values} = x.array;
	if (scaling.kind === 'bytes' && values instanceof Uint8Array) return values;
	return mapPixels(values, scaling.kind === 'unit' ? [0, 1] : scaling.kind === 'range' ? [scaling.min, scaling.max] : [0, 255], x.file);
}

/** Pixel values from [min, max] onto 0..255 (rounded, clipped): what the loader did to pixels that were not bytes. */
export function mapPixels(values: ArrayLike<number>, [min, max]: readonly [number, number], file: string): Uint8Array {
	const out = new Uint8Array(values.length);
	const factor = 255 / (max - min || 1);
	for (let i = 0; i < values.length; i++) {
		const value = values[i]!;
		if (!Number.isFinite(value)) throw new InputError(`${file} [${i}] is ${value}, expected finite pixel values`);
		out[i] = Math.min(255, Math.max(0, Math.round((value - min) * factor)));
	}

	return out;
}

/** Rows × features as floats; NaN stays (imputed), ±Infinity is bad input. */
function tableValues(parts: Named[]): Float32Array {
	const out = new Float32Array(parts.reduce((sum, part) => sum + part.array.values.length, 0));
	let at = 0;
	for (const part of parts) {
		const features = part.array.shape[1]!;
		part.array.values.forEach((value, i) => {
			if (value === Infinity || value === -Infinity) throw new InputError(`${part.file} [${Math.floor(i / features)}, ${i % features}] is ${value}, expected finite numbers (NaN for missing)`);
			out[at] = value;
			// Finite in float64, infinite in the float32 a feature is (1e308): its column's mean and scale were NaN.
			if (out[at] === Infinity || out[at] === -Infinity) throw new InputError(`${part.file} [${Math.floor(i / features)}, ${i % features}] is ${value}, too large: expected values within ±3.4e38 (features are float32)`);
			at++;
		});
	}

	return out;
}

