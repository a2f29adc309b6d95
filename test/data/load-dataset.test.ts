// Tests dataset loading: the embedded MNIST, and directories of raw, gzipped and broken IDX files written to a temp dir.
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {gzipSync} from 'node:zlib';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {InputError} from '../../source/core/input-error.js';
import {loadDataset} from '../../source/data/load-dataset.js';
import {datasetViews} from '../../source/training/dataset-views.js';
import type {SharedDataset} from '../../source/protocol/messages.js';

function imagesFile(count: number, rows: number, cols: number, seed = 1): Buffer {
	const bytes = Buffer.alloc(16 + count * rows * cols);
	bytes.writeUInt32BE(2051, 0);
	bytes.writeUInt32BE(count, 4);
	bytes.writeUInt32BE(rows, 8);
	bytes.writeUInt32BE(cols, 12);
	for (let i = 16; i < bytes.length; i++) bytes[i] = (i * seed) % 256;
	return bytes;
}

function labelsFile(labels: number[]): Buffer {
	const bytes = Buffer.alloc(8 + labels.length);
	bytes.writeUInt32BE(2049, 0);
	bytes.writeUInt32BE(labels.length, 4);
	bytes.set(labels, 8);
	return bytes;
}

const trainLabels = [5, 0, 4, 1, 9, 2, 7, 3, 6, 8];
const testLabels = [7, 2, 1];

/** A complete small dataset; `override` replaces or removes (null) single files by name. */
async function datasetDir(override: Record<string, Buffer | null> = {}): Promise<string> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'pseudolabel-idx-'));
	const files: Record<string, Buffer | null> = {
		'train-images-idx3-ubyte': imagesFile(10, 4, 3, 3),
		'train-labels-idx1-ubyte': labelsFile(trainLabels),
		't10k-images-idx3-ubyte': imagesFile(3, 4, 3, 5),
		't10k-labels-idx1-ubyte': labelsFile(testLabels),
		...override,
	};
	for (const [name, bytes] of Object.entries(files)) {
		if (bytes) await writeFile(path.join(dir, name), bytes);
	}

	created.push(dir);
	return dir;
}

const created: string[] = [];
afterAll(async () => {
	await Promise.all(created.map(async (dir) => rm(dir, {recursive: true, force: true})));
});

async function inputErrorOf(promise: Promise<unknown>): Promise<InputError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(InputError);
		expect((error as Error).message).not.toContain('\n');
		return error as InputError;
	}

	throw new Error('expected an InputError');
}

describe('loadDataset (embedded MNIST)', () => {
	let mnist: SharedDataset;
	beforeAll(async () => {
		mnist = await loadDataset();
	});

	it('loads 60000 training and 10000 test images of 28×28 into shared memory', () => {
		expect(mnist).toMatchObject({name: 'MNIST', rows: 28, cols: 28, trainCount: 60_000, testCount: 10_000});
		expect(mnist.trainImages).toBeInstanceOf(SharedArrayBuffer);
		expect(mnist.testLabels).toBeInstanceOf(SharedArrayBuffer);
		expect(mnist.trainImages.byteLength).toBe(60_000 * 784);
		expect(mnist.testImages.byteLength).toBe(10_000 * 784);
	});

	it('has the known MNIST class counts and first labels', () => {
		const counts = new Array<number>(10).fill(0);
		for (const label of datasetViews(mnist).trainLabels) counts[label]!++;
		expect(counts).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
		expect(Array.from(datasetViews(mnist).trainLabels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
		expect(Array.from(datasetViews(mnist).testLabels.subarray(0, 3))).toEqual([7, 2, 1]);
	});

	it('gives views on the shared pixels, not copies', () => {
		const images = datasetViews(mnist).testImages;
		expect(images.length).toBe(10_000 * 784);
		expect(images.buffer).toBe(mnist.testImages);
		expect(Math.max(...images.subarray(0, 784))).toBeGreaterThan(200);
	});
});

describe('loadDataset (directory)', () => {
	it('loads raw files, named after the directory', async () => {
		const dir = await datasetDir();
		const dataset = await loadDataset(dir);
		expect(dataset).toMatchObject({name: path.basename(dir), rows: 4, cols: 3, trainCount: 10, testCount: 3});
		expect(Array.from(datasetViews(dataset).trainLabels)).toEqual(trainLabels);
		expect(Array.from(datasetViews(dataset).testLabels)).toEqual(testLabels);
		expect(Buffer.from(datasetViews(dataset).trainImages).equals(imagesFile(10, 4, 3, 3).subarray(16))).toBe(true);
	});

	it('loads gzipped files, mixed with raw ones', async () => {
		const dir = await datasetDir({
			'train-images-idx3-ubyte': null,
			'train-images-idx3-ubyte.gz': gzipSync(imagesFile(10, 4, 3, 3)),
			't10k-labels-idx1-ubyte': null,
			't10k-labels-idx1-ubyte.gz': gzipSync(labelsFile(testLabels)),
		});
		const dataset = await loadDataset(dir);
		expect(Buffer.from(datasetViews(dataset).trainImages).equals(imagesFile(10, 4, 3, 3).subarray(16))).toBe(true);
		expect(Array.from(datasetViews(dataset).testLabels)).toEqual(testLabels);
	});

	it('gunzips a gzipped file even without the .gz name', async () => {
		const dir = await datasetDir({'train-labels-idx1-ubyte': gzipSync(labelsFile(trainLabels))});
		expect(Array.from(datasetViews(await loadDataset(dir)).trainLabels)).toEqual(trainLabels);
	});

	it('names a corrupt gzip file', async () => {
		const broken = gzipSync(imagesFile(10, 4, 3, 3));
		broken[broken.length - 6]! ^= 0xff; // damage the CRC trailer
		const dir = await datasetDir({'train-images-idx3-ubyte': null, 'train-images-idx3-ubyte.gz': broken});
		const error = await inputErrorOf(loadDataset(dir));
		expect(error.message).toContain('train-images-idx3-ubyte.gz');
		expect(error.message).toContain('corrupt gzip');
	});

	it('names a .gz file that is not gzip', async () => {
		const dir = await datasetDir({'t10k-images-idx3-ubyte': null, 't10k-images-idx3-ubyte.gz': imagesFile(3, 4, 3)});
		expect((await inputErrorOf(loadDataset(dir))).message).toMatch(/t10k-images-idx3-ubyte\.gz: not gzip/);
	});

	it('names a missing directory', async () => {
		const missing = path.join(os.tmpdir(), 'pseudolabel-no-such-dir-4711');
		expect((await inputErrorOf(loadDataset(missing))).message).toContain(`${missing} does not exist`);
	});

	it('names both names tried for a missing file', async () => {
		const dir = await datasetDir({'t10k-labels-idx1-ubyte': null});
		const error = await inputErrorOf(loadDataset(dir));
		expect(error.message).toContain('has t10k-images-idx3-ubyte but no t10k-labels-idx1-ubyte (nor t10k-labels-idx1-ubyte.gz)');
		const train = await inputErrorOf(loadDataset(await datasetDir({'train-labels-idx1-ubyte': null})));
		expect(train.message).toContain('missing train-labels-idx1-ubyte (also tried train-labels-idx1-ubyte.gz, train-labels.idx1-ubyte, train-labels.idx1-ubyte.gz)');
	});

	it('reads the files Kaggle names with a dot (train-images.idx3-ubyte) as the standard ones', async () => {
		const standard = await loadDataset(await datasetDir());
		const dotted = await datasetDir({
			'train-images-idx3-ubyte': null,
			'train-labels-idx1-ubyte': null,
			't10k-images-idx3-ubyte': null,
			't10k-labels-idx1-ubyte': null,
			'train-images.idx3-ubyte': imagesFile(10, 4, 3, 3),
			'train-labels.idx1-ubyte': labelsFile(trainLabels),
			't10k-images.idx3-ubyte': imagesFile(3, 4, 3, 5),
			't10k-labels.idx1-ubyte': labelsFile(testLabels),
		});
		const loaded = await loadDataset(dotted);
		expect(loaded.trainCount).toBe(standard.trainCount);
		expect(loaded.testCount).toBe(standard.testCount);
		expect(Buffer.from(new Uint8Array(loaded.trainImages)).equals(Buffer.from(new Uint8Array(standard.trainImages)))).toBe(true);
	});

	it('names both files and counts when images and labels disagree', async () => {
		const dir = await datasetDir({'train-labels-idx1-ubyte': labelsFile([1, 2, 3, 4, 5, 6, 7, 8, 9])});
		const error = await inputErrorOf(loadDataset(dir));
		expect(error.message).toBe(
			'train-images-idx3-ubyte has 10 images but train-labels-idx1-ubyte has 9 labels, expected the same count',
		);
	});

	it('rejects train and test images of different sizes', async () => {
		const dir = await datasetDir({'t10k-images-idx3-ubyte': imagesFile(3, 3, 4)});
		const error = await inputErrorOf(loadDataset(dir));
		expect(error.message).toContain('4×3');
		expect(error.message).toContain('3×4');
	});

	it('passes on the parser errors for wrong magic and truncation, naming the file', async () => {
		const swapped = await datasetDir({'train-images-idx3-ubyte': labelsFile(trainLabels)});
		expect((await inputErrorOf(loadDataset(swapped))).message).toMatch(/^train-images-idx3-ubyte: magic number 2049/);
		const truncated = await datasetDir({'t10k-images-idx3-ubyte': imagesFile(3, 4, 3).subarray(0, 30)});
		expect((await inputErrorOf(loadDataset(truncated))).message).toMatch(/^t10k-images-idx3-ubyte: truncated/);
		const truncatedGz = await datasetDir({
			't10k-images-idx3-ubyte': null,
			't10k-images-idx3-ubyte.gz': gzipSync(imagesFile(3, 4, 3).subarray(0, 30)),
		});
		expect((await inputErrorOf(loadDataset(truncatedGz))).message).toMatch(/^t10k-images-idx3-ubyte\.gz: truncated/);
	});
});
