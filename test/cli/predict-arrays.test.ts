// `predict` on IDX, NumPy and pixel-CSV input prepares each sample exactly as the loader prepared the training data —
// same bytes — because the model's manifest records what the loader did (--image-size/--fit, --channels, --invert,
// the pixel range of float arrays); a manifest of version 1 (before that record) still loads, as letterboxed images.
// The loaders and predict run on files the test writes; one real CLI run checks the labels against the forward pass.
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {predictSamples} from '../../source/cli/commands/predict-samples.js';
import {isInputError} from '../../source/core/input-error.js';
import {createRandom} from '../../source/core/random.js';
import {loadData} from '../../source/data/load-data.js';
import type {LoadedDataset} from '../../source/data/dataset-source.js';
import {checkManifest, encodeModel, manifestName, weightsName, type ModelManifest} from '../../source/summary/model-file.js';
import {pngBytes, npyBytes, npzBytes, put} from '../data/formats/data-files.js';
import {forward} from '../fixtures/forward-pass.js';
import {writePatternDataset} from '../fixtures/idx-files.js';
import {runCli} from './run-cli.js';

const root = mkdtempSync(path.join(tmpdir(), 'pltui-predict-arrays-'));
let folders = 0;
const folder = () => {
	const made = path.join(root, `case${folders++}`);
	mkdirSync(made);
	return made;
};

const random = createRandom(11);
const hidden = {hidden1: 6, hidden2: 5};

/** A model of the loaded data's shape with random weights, its manifest as an export writes it (the weights do not matter here). */
function modelFor(loaded: LoadedDataset): {manifest: ModelManifest; bytes: Uint8Array; layers: Array<{values: Float32Array; rows: number; columns: number}>} {
	const input = loaded.info.height * loaded.info.width * loaded.info.channels;
	const classes = loaded.info.classNames.length;
	const shape = {input, ...hidden, classes};
	const draw = (rows: number, columns: number) => Float32Array.from({length: rows * columns}, () => (random() - 0.5) * 2);
	const weights = {p1: draw(shape.hidden1, input + 1), p2: draw(shape.hidden2, shape.hidden1 + 1), p3: draw(classes, shape.hidden2 + 1)};
	const {manifest, bytes} = encodeModel({
		contender: 'semi',
		method: 'pseudo-label',
		shape,
		dataset: loaded.info,
		...(loaded.tableScaling ? {tableScaling: loaded.tableScaling} : {}),
		...(loaded.imagePreparation ? {imagePreparation: loaded.imagePreparation} : {}),
		weights,
	});
	const layers = [
		{values: weights.p1, rows: shape.hidden1, columns: input + 1},
		{values: weights.p2, rows: shape.hidden2, columns: shape.hidden1 + 1},
		{values: weights.p3, rows: classes, columns: shape.hidden2 + 1},
	];
	// Through JSON and the checker, as predict reads it.
	return {manifest: checkManifest(JSON.parse(JSON.stringify(manifest)), 'model.json'), bytes, layers};
}

async function failure(run: () => Promise<unknown>): Promise<string> {
	try {
		await run();
	} catch (error) {
		if (!isInputError(error)) throw error;
		expect(error.message).not.toContain('\n');
		return error.message;
	}

	throw new Error('expected an InputError');
}

/** 9×9 images, two classes (0, 1) as bright bars, as floats in [−1, 3]: the loader maps that range onto 0..255. */
function floatImages(count: number, channels: 1 | 3): number[] {
	const values: number[] = [];
	for (let i = 0; i < count; i++) {
		for (let y = 0; y < 9; y++) for (let x = 0; x < 9; x++) for (let c = 0; c < channels; c++) values.push((i % 2 === 0 ? y : x) === 4 ? 3 : -1 + ((x * 7 + y * 3 + i + c) % 10) / 10);
	}

	return values;
}

describe('predict prepares IDX, NumPy and pixel-CSV input as the loader did', () => {
	it('an IDX test file: resized (--image-size 16 --fit crop), made grey (--channels 1) and inverted, byte for byte', async () => {
		const data = folder();
		writePatternDataset(data, {side: 12, labelValues: [3, 5], train: 40, test: 10, channels: 3});
		const loaded = await loadData(data, {imageSize: 16, fit: 'crop', channels: 1, invert: true});
		expect(loaded.info).toMatchObject({height: 16, width: 16, channels: 1});
		expect(loaded.imagePreparation).toEqual({fit: 'crop', channels: 1, invert: true});
		expect(loaded.notes.slice(0, 3)).toEqual(['images fitted to 16×16 (centre-cropped, area average)', 'RGB images converted to grey (luma)', 'images inverted']);
		const {manifest} = modelFor(loaded);
		expect(manifest.imagePreparation).toEqual({fit: 'crop', channels: 1, invert: true});
		const prepared = await predictSamples(path.join(data, 't10k-images-idx4-ubyte'), manifest);
		expect(Buffer.from(prepared.samples).equals(Buffer.from(loaded.test.samples))).toBe(true);
		expect(prepared.sources.slice(0, 2)).toEqual(['t10k-images-idx4-ubyte[0]', 't10k-images-idx4-ubyte[1]']);
	});

	it('IDX images kept at their own size: the same size predicts, another is one line naming it', async () => {
		const data = folder();
		writePatternDataset(data, {side: 10, labelValues: [0, 1], train: 30, test: 6});
		const loaded = await loadData(data, {});
		expect(loaded.imagePreparation).toEqual({fit: 'none', channels: 1, invert: false});
		const {manifest} = modelFor(loaded);
		expect(Buffer.from((await predictSamples(path.join(data, 't10k-images-idx3-ubyte'), manifest)).samples).equals(Buffer.from(loaded.test.samples))).toBe(true);
		const other = folder();
		writePatternDataset(other, {side: 14, labelValues: [0, 1], train: 4, test: 4});
		expect(await failure(() => predictSamples(path.join(other, 't10k-images-idx3-ubyte'), manifest))).toMatch(
			/t10k-images-idx3-ubyte: images of 14×14, expected 10×10 as the model's training images \(taken at their own size, grey\)/,
		);
		put(path.join(other, 'png', 'a.png'), pngBytes(14, 14, 1, () => [9]));
		expect(await failure(() => predictSamples(path.join(other, 'png'), manifest))).toMatch(/a\.png: images of 14×14, expected 10×10/);
	});

	it('NumPy float images through the training data\'s pixel range; an .npz labels each x… array, a .npy its rows', async () => {
		const data = folder();
		const file = put(
			path.join(data, 'floats.npz'),
			npzBytes({
				x_train: npyBytes(floatImages(20, 3), [20, 9, 9, 3]),
				y_train: npyBytes(Array.from({length: 20}, (_, i) => i % 2), [20], '<i8'),
				x_test: npyBytes(floatImages(6, 3), [6, 9, 9, 3]),
				y_test: npyBytes(Array.from({length: 6}, (_, i) => i % 2), [6], '<i8'),
			}),
		);
		const loaded = await loadData(file, {imageSize: 12, invert: true});
		expect(loaded.imagePreparation).toEqual({fit: 'pad', channels: 3, invert: true, pixelRange: [-1, 3]});
		const {manifest} = modelFor(loaded);
		const prepared = await predictSamples(file, manifest);
		expect(prepared.sources[0]).toBe('x_train[0]');
		expect(prepared.sources[20]).toBe('x_test[0]');
		const expected = new Uint8Array([...loaded.train.samples, ...loaded.test.samples]);
		expect(Buffer.from(prepared.samples).equals(Buffer.from(expected))).toBe(true);
		const single = put(path.join(data, 'new.npy'), npyBytes(floatImages(6, 3), [6, 9, 9, 3]));
		const fromNpy = await predictSamples(single, manifest);
		expect(fromNpy.sources.at(-1)).toBe('new.npy[5]');
		expect(Buffer.from(fromNpy.samples).equals(Buffer.from(loaded.test.samples))).toBe(true);
		const table = put(path.join(data, 'rows.npy'), npyBytes([1, 2, 3, 4], [2, 2]));
		expect(await failure(() => predictSamples(table, manifest))).toMatch(/rows\.npy has shape \(2, 2\), expected images \(N, H, W\) or \(N, H, W, C\)/);
	});

	it('a model trained on byte pixels refuses floats outside [0, 1] rather than guessing their range', async () => {
		const data = folder();
		writePatternDataset(data, {side: 9, labelValues: [0, 1], train: 20, test: 4});
		const {manifest} = modelFor(await loadData(data, {}));
		const floats = put(path.join(data, 'f.npy'), npyBytes(floatImages(2, 1), [2, 9, 9]));
		expect(await failure(() => predictSamples(floats, manifest))).toMatch(/f\.npy holds pixel values outside \[0, 1\] and the model was trained on 0\.\.255 bytes/);
		const unit = put(path.join(data, 'u.npy'), npyBytes(new Array(2 * 81).fill(0.5), [2, 9, 9], '<f4'));
		expect([...(await predictSamples(unit, manifest)).samples.subarray(0, 3)]).toEqual([128, 128, 128]);
	});

	it('a pixel CSV resized with --image-size and made RGB: test.csv predicts as its test rows loaded', async () => {
		const data = folder();
		const header = ['label', ...Array.from({length: 16}, (_, i) => `pixel${i}`)].join(',');
		const row = (i: number) => [i % 2 === 0 ? 'even' : 'odd', ...Array.from({length: 16}, (_, p) => ((p * 37 + i * 11) % 256))].join(',');
		put(path.join(data, 'train.csv'), `${header}\n${Array.from({length: 20}, (_, i) => row(i)).join('\n')}\n`);
		put(path.join(data, 'test.csv'), `${header}\n${Array.from({length: 5}, (_, i) => row(i + 20)).join('\n')}\n`);
		const loaded = await loadData(data, {imageSize: 8, fit: 'stretch', channels: 3});
		expect(loaded.imagePreparation).toEqual({fit: 'stretch', channels: 3, invert: false});
		const {manifest} = modelFor(loaded);
		const prepared = await predictSamples(path.join(data, 'test.csv'), manifest);
		expect(prepared.sources).toEqual(['test.csv:2', 'test.csv:3', 'test.csv:4', 'test.csv:5', 'test.csv:6']);
		expect(Buffer.from(prepared.samples).equals(Buffer.from(loaded.test.samples))).toBe(true);
		// The same rows with pixels counted from 1 (Kaggle's Fashion-MNIST): the same samples.
		const fromOne = put(path.join(data, 'from-one.csv'), `${['label', ...Array.from({length: 16}, (_, i) => `pixel${i + 1}`)].join(',')}\n${Array.from({length: 5}, (_, i) => row(i + 20)).join('\n')}\n`);
		expect(Buffer.from((await predictSamples(fromOne, manifest)).samples).equals(Buffer.from(loaded.test.samples))).toBe(true);
	});

	it('table rows from a .npy (N, D) and an .npz: standardised with the training statistics, NaN at the mean', async () => {
		const data = folder();
		const rows = Array.from({length: 30}, (_, i) => [i * 1.5, (i % 7) - 3, i % 5 === 0 ? Number.NaN : 10 - i / 3]).flat();
		const test = [1, 2, 3, Number.NaN, 0, 4];
		put(path.join(data, 'x_train.npy'), npyBytes(rows, [30, 3]));
		put(path.join(data, 'y_train.npy'), npyBytes(Array.from({length: 30}, (_, i) => (i < 20 ? i % 2 : -1)), [30], '<i8'));
		put(path.join(data, 'x_test.npy'), npyBytes(test, [2, 3]));
		put(path.join(data, 'y_test.npy'), npyBytes([0, 1], [2], '<i8'));
		const loaded = await loadData(data, {});
		expect(loaded.info.mode).toBe('real');
		expect(loaded.tableScaling?.mean).toHaveLength(3);
		const {manifest} = modelFor(loaded);
		const fromNpy = await predictSamples(path.join(data, 'x_test.npy'), manifest);
		expect([...fromNpy.samples]).toEqual([...loaded.test.samples]);
		const npz = put(path.join(data, 'new.npz'), npzBytes({x_new: npyBytes(test, [2, 3], '<f4')}));
		const fromNpz = await predictSamples(npz, manifest);
		expect(fromNpz.sources).toEqual(['x_new[0]', 'x_new[1]']);
		expect([...fromNpz.samples]).toEqual([...loaded.test.samples]);
		const wide = put(path.join(data, 'wide.npy'), npyBytes([1, 2, 3, 4], [1, 4]));
		expect(await failure(() => predictSamples(wide, manifest))).toMatch(/wide\.npy has shape \(1, 4\), expected \(N, 3\): rows of the model's 3 features/);
		const none = put(path.join(data, 'none.npz'), npzBytes({y_test: npyBytes([0], [1], '<i8')}));
		expect(await failure(() => predictSamples(none, manifest))).toMatch(/none\.npz has no x… array/);
	});
});

describe('the manifest records how images were prepared', () => {
	it('version 1 manifests (before the record) still load, as letterboxed and not flipped; a broken record is one line', async () => {
		const data = folder();
		writePatternDataset(data, {side: 8, labelValues: [0, 1], train: 20, test: 4});
		const {manifest} = modelFor(await loadData(data, {}));
		expect(manifest.version).toBe(2);
		const {imagePreparation: _, ...old} = {...manifest, version: 1};
		expect(checkManifest(JSON.parse(JSON.stringify(old)), 'old/model.json').imagePreparation).toEqual({fit: 'pad', channels: 1, invert: false});
		expect(() => checkManifest({...manifest, imagePreparation: {fit: 'zoom', channels: 1, invert: false}}, 'm/model.json')).toThrow(/m\/model\.json: field "imagePreparation": expected fit \(pad, crop, stretch or none\)/);
		expect(() => checkManifest({...manifest, imagePreparation: undefined}, 'm/model.json')).toThrow(/field "imagePreparation"/);
		expect(() => checkManifest({...manifest, version: 3}, 'm/model.json')).toThrow(/field "version": expected 1 or 2, got 3/);
	});

	it('the CLI labels an IDX file with an exported model: one row per image, the forward pass\'s label and confidence', async () => {
		const data = folder();
		writePatternDataset(data, {side: 8, labelValues: [4, 9], train: 30, test: 12});
		const loaded = await loadData(data, {invert: true});
		const {manifest, bytes, layers} = modelFor(loaded);
		const model = folder();
		writeFileSync(path.join(model, weightsName), bytes);
		writeFileSync(path.join(model, manifestName), JSON.stringify(manifest));
		const result = runCli(['predict', '--model', model, '--data', path.join(data, 't10k-images-idx3-ubyte')]);
		expect(result.status, result.stderr).toBe(0);
		const rows = result.stdout.trim().split('\n').slice(1).map(line => line.split(','));
		expect(rows).toHaveLength(12);
		for (const [i, [source, label, confidence]] of rows.entries()) {
			const probabilities = forward(layers, loaded.test.samples.subarray(i * 64, (i + 1) * 64));
			const best = probabilities.indexOf(Math.max(...probabilities));
			expect(source).toBe(`t10k-images-idx3-ubyte[${i}]`);
			expect(label).toBe(['4', '9'][best]);
			expect(Number(confidence)).toBeCloseTo(probabilities[best]!, 4);
		}

		const written = JSON.parse(readFileSync(path.join(model, manifestName), 'utf8')) as ModelManifest;
		expect(written.imagePreparation).toEqual({fit: 'none', channels: 1, invert: true});
	}, 60_000);
});
