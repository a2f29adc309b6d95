// Tests the IDX DatasetSource on folders the test writes: any image size, idx4 colour, label values mapped to classes, an unlabeled-images file.
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {gzipSync} from 'node:zlib';
import {afterAll, describe, expect, it} from 'vitest';
import {InputError} from '../../source/core/input-error.js';
import {unlabeledMark} from '../../source/data/dataset-source.js';
import {idxSource, loadIdxFolder} from '../../source/data/formats/idx.js';
import {loadDataset} from '../../source/data/load-dataset.js';
import {toSharedDataset} from '../../source/data/to-shared-dataset.js';
import {idx} from '../fixtures/idx-files.js';

const created: string[] = [];
afterAll(async () => {
	await Promise.all(created.map(async dir => rm(dir, {recursive: true, force: true})));
});

async function folder(files: Record<string, Uint8Array>): Promise<string> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'pseudolabel-idx-source-'));
	created.push(dir);
	for (const [name, bytes] of Object.entries(files)) await writeFile(path.join(dir, name), bytes);
	return dir;
}

const pixels = (count: number, size: number, seed: number) => Uint8Array.from({length: count * size}, (_, i) => (i * seed) % 256);

async function inputErrorOf(promise: Promise<unknown>): Promise<string> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(InputError);
		expect((error as Error).message).not.toContain('\n');
		return (error as Error).message;
	}

	throw new Error('expected an InputError');
}

describe('idxSource', () => {
	it('reads 16×16 grey images with labels 3, 7 and 200 as three classes named by their values', async () => {
		const dir = await folder({
			'train-images-idx3-ubyte': idx(2051, [5, 16, 16], pixels(5, 256, 3)),
			'train-labels-idx1-ubyte': idx(2049, [5], Uint8Array.from([200, 3, 7, 3, 200])),
			't10k-images-idx3-ubyte.gz': gzipSync(idx(2051, [2, 16, 16], pixels(2, 256, 5))),
			't10k-labels-idx1-ubyte': idx(2049, [2], Uint8Array.from([7, 200])),
		});
		expect(await idxSource.detect(dir)).toBe(true);
		const loaded = await idxSource.load(dir, {});
		expect(loaded.info).toEqual({name: path.basename(dir), kind: 'image', height: 16, width: 16, channels: 1, classNames: ['3', '7', '200'], mode: 'simulation'});
		expect(Array.from(loaded.train.labels)).toEqual([2, 0, 1, 0, 2]);
		expect(Array.from(loaded.test.labels)).toEqual([1, 2]);
		expect(Array.from(loaded.train.samples)).toEqual(Array.from(pixels(5, 256, 3)));
	});

	it('without t10k files holds out a test share of the labeled images, as for any data without a split', async () => {
		const train = {
			'train-images-idx3-ubyte': idx(2051, [20, 4, 4], pixels(20, 16, 3)),
			'train-labels-idx1-ubyte': idx(2049, [20], Uint8Array.from({length: 20}, (_, i) => (i % 2 === 0 ? 1 : 8))),
		};
		const loaded = await idxSource.load(await folder(train), {testFraction: 0.2, seed: 1});
		expect(loaded.info).toMatchObject({classNames: ['1', '8'], mode: 'simulation'});
		expect([loaded.train.count, loaded.test.count]).toEqual([16, 4]);
		expect(loaded.notes.at(-2)).toMatch(/^no test split in the data: 4 labeled samples \(20 %, stratified, seed 1\) held out for testing$/);
		// Four test images: each a quarter of the accuracy, said.
		expect(loaded.notes.at(-1)).toBe('only 4 test samples: each is 25.0 points of accuracy, so a gap of a few points may be one sample');
		// Each kept image still names its place in the file (exports' row N once pointed past the held-out images):
		// its pixels are the file's image at that place.
		const places = loaded.train.sources!.map(source => Number(/^train-images-idx3-ubyte\[(\d+)\]$/.exec(source)![1]));
		expect(places).toHaveLength(16);
		expect(places.some((place, row) => place !== row)).toBe(true);
		const file = pixels(20, 16, 3);
		for (const [row, place] of places.entries()) expect(Array.from(loaded.train.samples.subarray(row * 16, row * 16 + 16))).toEqual(Array.from(file.subarray(place * 16, place * 16 + 16)));
		const half = await folder({...train, 't10k-labels-idx1-ubyte': idx(2049, [1], Uint8Array.from([1]))});
		expect(await inputErrorOf(idxSource.load(half, {}))).toBe(`${half}: has t10k-labels-idx1-ubyte but no t10k-images-idx3-ubyte (nor t10k-images-idx3-ubyte.gz), expected both test files or neither`);
	});

	it('reads idx4 RGB images channels-last and shares them with the descriptor', async () => {
		const dir = await folder({
			'train-images-idx4-ubyte': idx(2052, [4, 3, 5, 3], pixels(4, 45, 7)),
			'train-labels-idx1-ubyte': idx(2049, [4], Uint8Array.from([0, 1, 0, 1])),
			't10k-images-idx4-ubyte': idx(2052, [1, 3, 5, 3], pixels(1, 45, 2)),
			't10k-labels-idx1-ubyte': idx(2049, [1], Uint8Array.from([1])),
		});
		const shared = toSharedDataset(await loadIdxFolder(dir));
		expect(shared.info).toMatchObject({height: 3, width: 5, channels: 3, classNames: ['0', '1']});
		expect(shared.trainImages.byteLength).toBe(4 * 45);
		expect(shared.trainImages).toBeInstanceOf(SharedArrayBuffer);
		expect(Array.from(new Uint8Array(shared.testImages))).toEqual(Array.from(pixels(1, 45, 2)));
	});

	it('appends an unlabeled-images file to the training set, marked unlabeled: real mode', async () => {
		const dir = await folder({
			'train-images-idx3-ubyte': idx(2051, [2, 2, 2], pixels(2, 4, 1)),
			'train-labels-idx1-ubyte': idx(2049, [2], Uint8Array.from([4, 9])),
			't10k-images-idx3-ubyte': idx(2051, [1, 2, 2], pixels(1, 4, 1)),
			't10k-labels-idx1-ubyte': idx(2049, [1], Uint8Array.from([9])),
			'unlabeled-images-idx3-ubyte': idx(2051, [3, 2, 2], pixels(3, 4, 9)),
		});
		const loaded = await loadIdxFolder(dir);
		expect(loaded.info.mode).toBe('real');
		expect(loaded.train.count).toBe(5);
		expect(Array.from(loaded.train.labels)).toEqual([0, 1, unlabeledMark, unlabeledMark, unlabeledMark]);
		expect(loaded.notes[0]).toBe('unlabeled-images-idx3-ubyte: 3 training images without labels (real mode)');
		expect(loaded.notes.slice(1)).toEqual([expect.stringMatching(/^only \d+ test samples: each is/)]);
		expect(loaded.train.sources).toEqual(['train-images-idx3-ubyte[0]', 'train-images-idx3-ubyte[1]', 'unlabeled-images-idx3-ubyte[0]', 'unlabeled-images-idx3-ubyte[1]', 'unlabeled-images-idx3-ubyte[2]']);
		expect(loaded.test.sources).toEqual(['t10k-images-idx3-ubyte[0]']);
	});

	it('says in one line what is wrong: one class, a test label never trained on, sizes that differ', async () => {
		const base = {
			'train-images-idx3-ubyte': idx(2051, [3, 2, 2], pixels(3, 4, 1)),
			'train-labels-idx1-ubyte': idx(2049, [3], Uint8Array.from([1, 2, 1])),
			't10k-images-idx3-ubyte': idx(2051, [1, 2, 2], pixels(1, 4, 1)),
			't10k-labels-idx1-ubyte': idx(2049, [1], Uint8Array.from([5])),
		};
		expect(await inputErrorOf(loadIdxFolder(await folder(base)))).toBe(
			't10k-labels-idx1-ubyte: label 5 at position 0 occurs in no training label, expected one of the training classes',
		);
		const oneClass = {...base, 'train-labels-idx1-ubyte': idx(2049, [3], Uint8Array.from([1, 1, 1]))};
		expect(await inputErrorOf(loadIdxFolder(await folder(oneClass)))).toBe('train-labels-idx1-ubyte: every label is 1, expected at least 2 classes to tell apart');
		const rgbTest = {...base, 't10k-images-idx3-ubyte': idx(2052, [1, 2, 2, 3], pixels(1, 12, 1))};
		expect(await inputErrorOf(loadIdxFolder(await folder(rgbTest)))).toBe(
			'train-images-idx3-ubyte has 2×2 images but t10k-images-idx3-ubyte has 2×2×3, expected the same size',
		);
	});

	it('does not claim a folder without IDX training images, or a file', async () => {
		const dir = await folder({'train.csv': new Uint8Array([0x61])});
		expect(await idxSource.detect(dir)).toBe(false);
		expect(await idxSource.detect(path.join(dir, 'train.csv'))).toBe(false);
	});

	it('refuses a loaded dataset whose byte count does not match its descriptor (a loader bug, before any worker sees it)', () => {
		const info = {name: 'x', kind: 'image' as const, height: 2, width: 2, channels: 3, classNames: ['a', 'b'], mode: 'simulation' as const};
		const set = {samples: new Uint8Array(4), labels: new Uint8Array(1), count: 1};
		expect(() => toSharedDataset({info, train: set, test: set, notes: []})).toThrow('toSharedDataset: training set of 1 samples has 4 bytes and 1 labels, expected 12 and 1');
	});

	it('keeps the embedded MNIST as it was: 28×28 grey, classes 0…9, simulation', async () => {
		const mnist = await loadDataset();
		expect(mnist.info).toEqual({name: 'MNIST', kind: 'image', height: 28, width: 28, channels: 1, classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], mode: 'simulation'});
	});
});
