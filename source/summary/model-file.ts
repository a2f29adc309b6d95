/**
 * The exported model's format, written by a race's export (summary/export-race.ts) and read by `predict`: a folder
 * with `model.json` (the manifest) and `weights.bin`. Plain data only (no tfjs), so the main process can write it.
 *
 * weights.bin: the three layers' augmented matrices p1, p2, p3 one after another, float32 little-endian, each
 * row-major outputs × (inputs + 1): row o is output unit o's incoming weights followed by its bias. A forward pass is
 * x = bytes / 255; h1 = relu(p1 · [x, 1]); h2 = relu(p2 · [h1, 1]); p = softmax(p3 · [h2, 1]) (dropout is off at
 * inference). In tfjs terms each Dense kernel is the transpose of the matrix without its last column, the bias that
 * column. The manifest's sha256 covers weights.bin, so a corrupt file is refused rather than predicting nonsense.
 *
 * Version 2 adds `imagePreparation` for image models: how the loader fitted, converted, flipped and scaled the training
 * images, so `predict` prepares new ones the same way. A version 1 manifest (before it) still loads: its images were
 * letterboxed, never flipped, which is what predict then assumes.
 */
import {createHash} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import {stat} from 'node:fs/promises';
import path from 'node:path';
import {InputError} from '../core/input-error.js';
import {parseJson} from '../core/byte-order-mark.js';
import type {DatasetInfo} from '../core/dataset-info.js';
import {letterboxed, type ImagePreparation} from '../core/image-preparation.js';

export const modelFormat = 'pseudolabel-tui-mlp';
export const modelFormatVersion = 2;
/** Versions `predict` reads: 1 (no imagePreparation) and 2. */
const readableVersions = [1, 2];
export const manifestName = 'model.json';
export const weightsName = 'weights.bin';

export interface ModelShape {
	input: number;
	hidden1: number;
	hidden2: number;
	classes: number;
}

export interface ModelWeights {
	p1: Float32Array;
	p2: Float32Array;
	p3: Float32Array;
}

/** A table model's input preparation (the loader's, data/formats/quantize.ts): byte = quantize((value − mean) · scale). */
export interface TableScaling {
	mean: number[];
	scale: number[];
	zRange: number;
}

export interface ModelManifest {
	format: typeof modelFormat;
	/** 2 when written now; 1 in models exported before imagePreparation was recorded (checkManifest fills it in). */
	version: 1 | 2;
	/** The contender and method that trained it, and the race's summary id. */
	contender: string;
	method: string;
	run?: string;
	shape: ModelShape;
	/** Index = output unit. */
	classNames: string[];
	/** The descriptor of the data it was trained on: kind, height × width × channels (channels-last), class names. */
	dataset: DatasetInfo;
	/** How a sample becomes the model's input: its uint8 bytes (channels-last), divided by 255. */
	input: {bytes: 'uint8, channels-last, one sample after another'; scale: 255};
	/**
	 * Tables: how a row's features (in dataset.featureNames order) become its bytes: missing → mean, z = (value − mean) ·
	 * scale, byte = round((clip(z, ±zRange) + zRange) / (2 · zRange) · 255).
	 */
	tableScaling?: TableScaling;
	/**
	 * Images: how the training images were prepared (core/image-preparation.ts): `fit` (pad, crop, stretch, or none:
	 * taken at their own size), `channels`, `invert`, and `pixelRange` for NumPy pixels that were not bytes.
	 */
	imagePreparation?: ImagePreparation;
	weights: {
		file: typeof weightsName;
		dtype: 'float32';
		endian: 'little';
		sha256: string;
		layers: Array<{name: 'p1' | 'p2' | 'p3'; rows: number; columns: number; offset: number}>;
	};
}

function layerTable(shape: ModelShape): Array<{name: 'p1' | 'p2' | 'p3'; rows: number; columns: number; offset: number}> {
	const sizes = [
		['p1', shape.hidden1, shape.input + 1],
		['p2', shape.hidden2, shape.hidden1 + 1],
		['p3', shape.classes, shape.hidden2 + 1],
	] as const;
	let offset = 0;
	return sizes.map(([name, rows, columns]) => {
		const layer = {name, rows, columns, offset};
		offset += rows * columns * 4;
		return layer;
	});
}

/** The weights as weights.bin's bytes (little-endian whatever the machine). */
export function encodeWeights(weights: ModelWeights): Uint8Array {
	const total = weights.p1.length + weights.p2.length + weights.p3.length;
	const bytes = new Uint8Array(total * 4);
	const view = new DataView(bytes.buffer);
	let at = 0;
	for (const layer of [weights.p1, weights.p2, weights.p3]) {
		for (const value of layer) {
			view.setFloat32(at, value, true);
			at += 4;
		}
	}

	return bytes;
}

export function sha256(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/** The manifest and the weights' bytes for a trained model. */
export function encodeModel(options: {
	contender: string;
	method: string;
	run?: string;
	shape: ModelShape;
	dataset: DatasetInfo;
	tableScaling?: TableScaling;
	imagePreparation?: ImagePreparation;
	weights: ModelWeights;
}): {
	manifest: ModelManifest;
	bytes: Uint8Array;
} {
	const bytes = encodeWeights(options.weights);
	const manifest: ModelManifest = {
		format: modelFormat,
		version: modelFormatVersion,
		contender: options.contender,
		method: options.method,
		...(options.run === undefined ? {} : {run: options.run}),
		shape: options.shape,
		classNames: options.dataset.classNames,
		dataset: options.dataset,
		input: {bytes: 'uint8, channels-last, one sample after another', scale: 255},
		...(options.tableScaling === undefined ? {} : {tableScaling: options.tableScaling}),
		...(options.dataset.kind === 'image' ? {imagePreparation: options.imagePreparation ?? letterboxed(options.dataset.channels === 3 ? 3 : 1)} : {}),
		weights: {file: weightsName, dtype: 'float32', endian: 'little', sha256: sha256(bytes), layers: layerTable(options.shape)},
	};
	return {manifest, bytes};
}

const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) > 0;

/** Checks a parsed manifest; every problem is one line naming the file and the field. */
export function checkManifest(value: unknown, file: string): ModelManifest {
	const fail = (what: string) => new InputError(`${file}: ${what}`);
	if (typeof value !== 'object' || value === null) throw fail('expected a JSON object, the model manifest');
	const manifest = value as Partial<ModelManifest>;
	if (manifest.format !== modelFormat) throw fail(`field "format": expected "${modelFormat}", got ${JSON.stringify(manifest.format)}`);
	if (!readableVersions.includes(manifest.version as number)) throw fail(`field "version": expected ${readableVersions.join(' or ')}, got ${JSON.stringify(manifest.version)}`);
	const shape = manifest.shape;
	if (!shape || !isCount(shape.input) || !isCount(shape.hidden1) || !isCount(shape.hidden2) || !isCount(shape.classes)) {
		throw fail('field "shape": expected positive whole numbers input, hidden1, hidden2, classes');
	}

	if (!Array.isArray(manifest.classNames) || manifest.classNames.length !== shape.classes || !manifest.classNames.every(name => typeof name === 'string')) {
		throw fail(`field "classNames": expected ${shape.classes} names`);
	}

	const dataset = manifest.dataset;
	if (!dataset || (dataset.kind !== 'image' && dataset.kind !== 'table') || !isCount(dataset.height) || !isCount(dataset.width) || !isCount(dataset.channels)) {
		throw fail('field "dataset": expected the data descriptor (kind, height, width, channels)');
	}

	if (dataset.height * dataset.width * dataset.channels !== shape.input) {
		throw fail(`field "dataset": ${dataset.height}×${dataset.width}×${dataset.channels} does not match the model's ${shape.input} inputs`);
	}

	if (dataset.kind === 'table') {
		const features = dataset.featureNames?.length ?? -1;
		const scaling = manifest.tableScaling;
		if (features !== shape.input) throw fail(`field "dataset.featureNames": expected the model's ${shape.input} feature names`);
		if (!scaling || !Array.isArray(scaling.mean) || scaling.mean.length !== features || !Array.isArray(scaling.scale) || scaling.scale.length !== features || !(scaling.zRange > 0)) {
			throw fail(`field "tableScaling": expected ${features} means and scales and a zRange, how the table's rows were prepared`);
		}
	}

	if (typeof manifest.weights?.sha256 !== 'string') throw fail('field "weights.sha256": expected the weights file\'s checksum');
	if (dataset.kind === 'image') {
		if (manifest.version === 1) return {...(manifest as ModelManifest), imagePreparation: letterboxed(dataset.channels === 3 ? 3 : 1)};
		checkPreparation(manifest.imagePreparation, dataset.channels, fail);
	}

	return manifest as ModelManifest;
}

function checkPreparation(value: unknown, channels: number, fail: (what: string) => InputError): void {
	const preparation = value as Partial<ImagePreparation> | undefined;
	const range = preparation?.pixelRange;
	if (
		!preparation ||
		!['pad', 'crop', 'stretch', 'none'].includes(preparation.fit as string) ||
		preparation.channels !== channels ||
		typeof preparation.invert !== 'boolean' ||
		(range !== undefined && !(Array.isArray(range) && range.length === 2 && range.every(Number.isFinite) && range[1]! >= range[0]!))
	) {
		throw fail(`field "imagePreparation": expected fit (pad, crop, stretch or none), channels ${channels}, invert (true or false) and an optional pixelRange [min, max]`);
	}
}

/** `--model DIR` (holding model.json) or `--model DIR/model.json`: the manifest and the weights, checked. */
export async function readModel(target: string): Promise<{manifest: ModelManifest; weights: ModelWeights; file: string}> {
	const info = await stat(target).catch(() => undefined);
	if (!info) throw new InputError(`--model ${target} does not exist, expected an exported model folder or its ${manifestName}`);
	// A file other than a manifest (data given as the model): say what --model takes, not that it is not JSON.
	if (!info.isDirectory() && path.basename(target) !== manifestName) {
		throw new InputError(`--model ${target} is a file, expected an exported model folder (a race's <run>.<contender>.model/) or its ${manifestName}`);
	}

	const file = info.isDirectory() ? path.join(target, manifestName) : target;
	const text = await readFile(file, 'utf8').catch(() => undefined);
	if (text === undefined) throw new InputError(`--model ${target}: no ${manifestName} there, expected an exported model folder (a race's export)`);
	let parsed: unknown;
	try {
		parsed = parseJson(text);
	} catch {
		throw new InputError(`${file}: not valid JSON, expected the model manifest`);
	}

	const manifest = checkManifest(parsed, file);
	const weightsFile = path.join(path.dirname(file), weightsName);
	const bytes = await readFile(weightsFile).catch(() => undefined);
	if (bytes === undefined) throw new InputError(`${weightsFile}: missing, expected the model's weights beside ${manifestName}`);
	return {manifest, weights: decodeWeights(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), manifest, weightsFile), file};
}

/** weights.bin's bytes back into the three matrices; a wrong size or checksum is one line naming the file. */
export function decodeWeights(bytes: Uint8Array, manifest: ModelManifest, file: string): ModelWeights {
	const layers = layerTable(manifest.shape);
	const expected = layers.reduce((total, layer) => total + layer.rows * layer.columns * 4, 0);
	if (bytes.length !== expected) throw new InputError(`${file}: holds ${bytes.length} bytes, expected ${expected} (float32 weights of a ${describeShape(manifest.shape)} model)`);
	if (sha256(bytes) !== manifest.weights.sha256) throw new InputError(`${file}: corrupt, its sha256 does not match the manifest's`);
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const read = (layer: (typeof layers)[number]) => {
		const values = new Float32Array(layer.rows * layer.columns);
		for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(layer.offset + i * 4, true);
		return values;
	};

	return {p1: read(layers[0]!), p2: read(layers[1]!), p3: read(layers[2]!)};
}

export function describeShape(shape: ModelShape): string {
	return `${shape.input}-${shape.hidden1}-${shape.hidden2}-${shape.classes}`;
}
