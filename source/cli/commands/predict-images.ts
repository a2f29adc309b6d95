/**
 * The images `predict` labels, prepared as the model's manifest says the training images were (its imagePreparation):
 * fitted to the model's size the same way (or refused at another size when the training images were taken at their
 * own), converted to its channel count, flipped when they were, and — for NumPy pixels that are not bytes — mapped from
 * the training data's pixel range. Inputs: PNG/JPEG files (a folder at any depth, or one file), an IDX image file
 * (idx3/idx4, raw or .gz), a .npy of shape (N, H, W[, C]), an .npz (each x… array), a pixel CSV (pixel0…pixelN).
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {parseIdxImages} from '../../core/idx.js';
import {preparationWords, type ImagePreparation} from '../../core/image-preparation.js';
import {InputError} from '../../core/input-error.js';
import {pixelColumns} from '../../data/formats/csv-files.js';
import {forEachRow} from '../../data/formats/csv-tokenizer.js';
import {decodeImage} from '../../data/formats/decode-image.js';
import {prepareStack} from '../../data/formats/fit-image.js';
import {readIdxFile} from '../../data/formats/idx.js';
import {parseNpy, type NpyArray} from '../../data/formats/npy.js';
import {isBoolArray, mapPixels, readNpzMembers, readNumpyBytes} from '../../data/formats/numpy.js';
import {filesUnder} from '../../data/formats/walk-folder.js';
import type {ModelManifest} from '../../summary/model-file.js';
import type {PreparedSamples} from './predict-samples.js';

const imageExtensions = /\.(png|jpe?g)$/i;
export const idxImageFile = /-ubyte(\.gz)?$/i;

/** Same-size images as they came (bytes, channels-last), with where each came from. */
interface Stack {
	pixels: Uint8Array;
	count: number;
	height: number;
	width: number;
	channels: 1 | 3;
	sources: string[];
	/** Names the input in errors. */
	what: string;
}

export async function imageSamples(target: string, isFolder: boolean, manifest: ModelManifest): Promise<PreparedSamples> {
	const stacks = isFolder || imageExtensions.test(target) ? await imageFiles(target, isFolder) : await arrayStacks(target, manifest);
	const size = manifest.dataset.height * manifest.dataset.width * manifest.dataset.channels;
	const count = stacks.reduce((sum, stack) => sum + stack.count, 0);
	if (count === 0) throw new InputError(`--data ${target}: no images in it, expected the images to label`);
	const samples = new Uint8Array(count * size);
	const sources: string[] = [];
	let at = 0;
	for (const stack of stacks) {
		samples.set(prepare(stack, manifest), at * size);
		sources.push(...stack.sources);
		at += stack.count;
	}

	return {samples, sources};
}

/** A stack as the model's images: every step the loader took, in the loader's order (fit, channels, flip). */
function prepare(stack: Stack, manifest: ModelManifest): Uint8Array {
	const {height, width} = manifest.dataset;
	const preparation = manifest.imagePreparation!;
	const sameSize = stack.height === height && stack.width === width;
	if (!sameSize && (preparation.fit === 'none' || height !== width)) {
		throw new InputError(
			`${stack.what}: images of ${stack.height}×${stack.width}, expected ${height}×${width} as the model's training images (${preparationWords(preparation)})`,
		);
	}

	const fit = preparation.fit === 'none' ? 'pad' : preparation.fit;
	return prepareStack(stack.pixels, stack.count, stack, {...(sameSize ? {} : {size: height}), fit, channels: preparation.channels, invert: preparation.invert});
}

async function imageFiles(target: string, isFolder: boolean): Promise<Stack[]> {
	const files = isFolder ? (await filesUnder(target)).filter(file => imageExtensions.test(file)) : [path.basename(target)];
	const root = isFolder ? target : path.dirname(target);
	if (files.length === 0) throw new InputError(`--data ${target}: no PNG or JPEG images in it, expected the images to label`);
	const stacks: Stack[] = [];
	for (const file of files) {
		const full = path.join(root, file);
		const image = decodeImage(new Uint8Array(await readFile(full)), full);
		stacks.push({pixels: image.data, count: 1, height: image.height, width: image.width, channels: image.channels, sources: [file], what: full});
	}

	return stacks;
}

/** IDX, NumPy and pixel CSV inputs: stacks of arrays, each sample named `file[i]` (`x_test[i]` inside an .npz). */
async function arrayStacks(target: string, manifest: ModelManifest): Promise<Stack[]> {
	const name = path.basename(target);
	const preparation = manifest.imagePreparation!;
	if (idxImageFile.test(target)) {
		const images = parseIdxImages((await readIdxFile(target, target))!, target);
		const channels = images.channels as 1 | 3;
		return [{pixels: images.pixels, count: images.count, height: images.rows, width: images.cols, channels, sources: indexed(name, images.count), what: target}];
	}

	if (/\.npy$/i.test(target)) return [npyStack(parseNpy(await readNumpyBytes(target), target), target, name, preparation)];
	if (/\.npz$/i.test(target)) {
		const members = await readNpzMembers(target, member => /^x/i.test(member));
		if (members.length === 0) throw new InputError(`--data ${target} has no x… array (x_test, x_unlabeled, …), expected the images to label`);
		return members.map(member => npyStack(member.array, `${target}:${member.name}`, member.name, preparation));
	}

	if (/\.(csv|tsv)$/i.test(target)) return [await pixelCsvStack(target, manifest)];
	throw new InputError(`--data ${target}: not images this model reads, expected PNG/JPEG files or a folder of them, an IDX image file, a .npy, an .npz or a pixel CSV`);
}

function indexed(name: string, count: number): string[] {
	return Array.from({length: count}, (_, i) => `${name}[${i}]`);
}

/**
 * A NumPy image array: bytes as they are; other values through the training data's pixel range (the manifest's),
 * or — when the model was trained on bytes — values in [0, 1] times 255, the loader's own rule for floats.
 */
function npyStack(array: NpyArray, what: string, name: string, preparation: ImagePreparation): Stack {
	const [count = 0, height = 0, width = 0, channels = 1, ...rest] = array.shape;
	if (array.shape.length < 3 || rest.length > 0 || (channels !== 1 && channels !== 3)) {
		throw new InputError(`${what} has shape (${array.shape.join(', ')}), expected images (N, H, W) or (N, H, W, C) with C = 1 or 3`);
	}

	let pixels: Uint8Array;
	// Bool pixels as the loader reads them: false 0, true 255.
	if (isBoolArray(array)) pixels = mapPixels(array.values, [0, 1], what);
	else if (array.values instanceof Uint8Array) pixels = array.values;
	else {
		const range = preparation.pixelRange ?? [0, 1];
		if (!preparation.pixelRange && array.values.some(value => value < 0 || value > 1)) {
			throw new InputError(`${what} holds pixel values outside [0, 1] and the model was trained on 0..255 bytes, expected uint8 pixels or floats in [0, 1]`);
		}

		pixels = mapPixels(array.values, range, what);
	}

	return {pixels, count, height, width, channels: channels as 1 | 3, sources: indexed(name, count), what};
}

/** A pixel CSV: `pixel0…pixelN` (or `pixel1…`) columns (any others ignored), their count the side squared, one grey image a row. */
async function pixelCsvStack(file: string, manifest: ModelManifest): Promise<Stack> {
	const text = await readFile(file, 'utf8');
	const rows: number[][] = [];
	const sources: string[] = [];
	let columns: number[] | undefined;
	let side = 0;
	let from = 0;
	forEachRow(text, /\.tsv$/i.test(file) ? '\t' : ',', file, (fields, line) => {
		if (!columns) {
			// Counted from 0 (Kaggle's MNIST) or from 1 (its Fashion-MNIST), as the race's loader reads them.
			({columns, from} = pixelColumns(fields));
			side = Math.round(Math.sqrt(columns.length));
			if (side < 2 || side * side !== columns.length) {
				throw new InputError(`${file} line ${line}: ${columns.length} columns pixel0…, expected a pixel CSV whose pixel columns make a square image (the model reads ${manifest.dataset.height}×${manifest.dataset.width} images)`);
			}

			return;
		}

		rows.push(
			columns.map(at => {
				const cell = (fields[at] ?? '').trim();
				const value = Number(cell);
				if (cell === '' || !(value >= 0 && value <= 255)) throw new InputError(`${file} line ${line} column pixel${columns!.indexOf(at) + from}: ${JSON.stringify(cell)}, expected a pixel value from 0 to 255`);
				return Math.round(value);
			}),
		);
		sources.push(`${path.basename(file)}:${line}`);
	});
	if (rows.length === 0) throw new InputError(`${file}: no rows under the header, expected the images to label`);
	return {pixels: Uint8Array.from(rows.flat()), count: rows.length, height: side, width: side, channels: 1, sources, what: file};
}
