// Detection: load-data picks the loader from the path (extension, then folder layout), --format forces one, and an
// unknown format or path is one clear line.
import {rmSync} from 'node:fs';
import {gzipSync} from 'node:zlib';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {inputSize} from '../../source/core/dataset-info.js';
import type {LoadedDataset} from '../../source/data/dataset-source.js';
import {detectSource, loadData} from '../../source/data/load-data.js';
import {mkdirSync} from 'node:fs';
import {writePatternDataset} from '../fixtures/idx-files.js';
import {classPattern, npyBytes, npzBytes, pngBytes, put, temporaryFolder} from './formats/data-files.js';

const root = temporaryFolder('detect');
afterAll(() => rmSync(root, {recursive: true, force: true}));

const csvText = 'a,label\n1,x\n2,y\n3,x\n4,y\n5,x\n';
const npz = npzBytes({x_train: npyBytes([1, 2, 3, 4, 5], [5, 1]), y_train: npyBytes([0, 1, 0, 1, 0], [5], '<i8')});

describe('choosing the loader', () => {
	it('an IDX folder (MNIST\'s file names) is read as IDX, not as a folder of class folders', async () => {
		const idx = path.join(root, 'idx');
		mkdirSync(idx);
		writePatternDataset(idx, {side: 6, labelValues: [2, 9], train: 20, test: 6});
		// A stray sub-folder would make it look like class folders too; IDX comes first.
		put(path.join(idx, 'extra', 'x.png'), pngBytes(4, 4, 1, classPattern(0, 4)));
		expect((await detectSource(idx)).format).toBe('idx');
		const loaded = await loadData(idx, {});
		expect(loaded.info).toMatchObject({height: 6, width: 6, classNames: ['2', '9'], mode: 'simulation'});
		expect(loaded.train.count).toBe(20);
	});

	it("an IDX folder whose images' .gz is cut short is still IDX, and loading it names the file", async () => {
		const idx = path.join(root, 'idx-cut');
		put(path.join(idx, 'train-images-idx3-ubyte.gz'), gzipSync(Uint8Array.from({length: 4000}, (_, i) => (i * 7919) % 251)).subarray(0, 300));
		put(path.join(idx, 'train-labels-idx1-ubyte'), new Uint8Array(8));
		expect((await detectSource(idx)).format).toBe('idx');
		await expect(loadData(idx, {})).rejects.toThrow(/^train-images-idx3-ubyte\.gz: corrupt gzip data \(.*\), expected a complete \.gz download$/);
	});

	it('by extension and folder layout', async () => {
		const images = path.join(root, 'images');
		put(path.join(images, 'a', '0.png'), pngBytes(4, 4, 1, classPattern(0, 4)));
		put(path.join(images, 'b', '0.png'), pngBytes(4, 4, 1, classPattern(1, 4)));
		put(path.join(images, 'a', '1.png'), pngBytes(4, 4, 1, classPattern(0, 4)));
		put(path.join(images, 'b', '1.jpg'), pngBytes(7, 3, 1, classPattern(1, 3)));
		put(path.join(root, 'tables', 'train.csv'), csvText);
		put(path.join(root, 'arrays', 'x_train.npy'), npyBytes([1, 2], [2, 1]));
		const detected = await Promise.all([
			detectSource(put(path.join(root, 'one.csv'), csvText)),
			detectSource(put(path.join(root, 'one.tsv'), csvText)),
			detectSource(put(path.join(root, 'one.npz'), npz)),
			detectSource(path.join(root, 'tables')),
			detectSource(path.join(root, 'arrays')),
			detectSource(images),
		]);
		expect(detected.map(source => source.format)).toEqual(['csv', 'csv', 'numpy', 'csv', 'numpy', 'images']);
		// Whatever the format, what leaves a loader has the byte count the shared dataset expects.
		const loaded: LoadedDataset[] = await Promise.all([path.join(root, 'one.csv'), path.join(root, 'one.npz'), images].map(target => loadData(target, {imageSize: 5})));
		for (const data of loaded) {
			for (const set of [data.train, data.test]) {
				expect(set.samples.length).toBe(set.count * inputSize(data.info));
				expect(set.labels.length).toBe(set.count);
				expect(set.sources?.length).toBe(set.count);
			}
		}
	});

	it('--format forces a loader, and names the formats when it is not one', async () => {
		// A CSV saved as .txt is not detected, but loads when forced.
		const file = put(path.join(root, 'table.txt'), csvText);
		await expect(detectSource(file)).rejects.toThrow(/is not a format this tool reads/);
		await expect(loadData(file, {format: 'csv'})).resolves.toMatchObject({info: {kind: 'table', classNames: ['x', 'y']}});
		await expect(loadData(file, {format: 'parquet'})).rejects.toThrow(/--format parquet is not a data format, expected one of: csv, numpy, idx, images/);
		await expect(loadData(path.join(root, 'nothing-here'), {})).rejects.toThrow(/does not exist/);
	});
});

describe('flags this data never reads', () => {
	it('are said once among its notes, and change nothing', async () => {
		const table = put(path.join(root, 'unused', 'table.csv'), csvText);
		const plain = await loadData(table, {});
		const flagged = await loadData(table, {imageSize: 64, fit: 'crop', channels: 3, invert: true});
		expect(flagged.notes).toEqual([...plain.notes, '--image-size, --fit, --channels, --invert do not apply to table, a table: left unused']);
		expect(flagged.train.samples).toEqual(plain.train.samples);
		expect((await loadData(table, {channels: 'auto', label: 'label', drop: []})).notes).toEqual(plain.notes);

		const folder = path.join(root, 'unused', 'photos');
		for (const [label, name] of [[0, 'a'], [1, 'b']] as const) {
			for (let i = 0; i < 3; i++) put(path.join(folder, name, `${i}.png`), pngBytes(4, 4, 1, classPattern(label, 4)));
		}

		const images = await loadData(folder, {label: 'kind', drop: ['id'], unlabeledValue: '?', imageSize: 8});
		expect(images.notes.at(-1)).toBe('--label, --drop, --unlabeled-value do not apply to photos, images: left unused');
	});

	it('--test-fraction beside a test split of the data\'s own', async () => {
		const folder = path.join(root, 'unused', 'split');
		put(path.join(folder, 'train.csv'), csvText);
		put(path.join(folder, 'test.csv'), 'a,label\n6,x\n7,y\n');
		const loaded = await loadData(folder, {testFraction: 0.5});
		expect(loaded.test.count).toBe(2);
		expect(loaded.notes).toContain('--test-fraction does not apply: the data has its own test split (2 samples), used as it is');
		expect((await loadData(folder, {})).notes.some(note => note.includes('--test-fraction'))).toBe(false);
	});
});
