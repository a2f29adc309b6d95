// The NumPy loader on arrays the test writes: an .npz with Keras's keys plus x_unlabeled and y = -1, a folder of .npy
// files, image and table shapes, the three pixel scalings, Fortran order and big-endian floats.
import {rmSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {unlabeledMark} from '../../../source/data/dataset-source.js';
import {loadNumpy} from '../../../source/data/formats/numpy.js';
import {parseNpy} from '../../../source/data/formats/npy.js';
import {npyBytes, npzBytes, put, temporaryFolder} from './data-files.js';

const root = temporaryFolder('numpy');
afterAll(() => rmSync(root, {recursive: true, force: true}));

describe('NumPy arrays', () => {
	it('an .npz of uint8 images with x_test and x_unlabeled, y = -1 unlabeled: shapes, classes, real mode', async () => {
		const n = 12;
		const x = Uint8Array.from({length: n * 6 * 5}, (_, i) => i % 251);
		const y = Array.from({length: n}, (_, i) => (i === 3 ? -1 : [3, 7, 5][i % 3]!));
		const file = put(
			path.join(root, 'digits.npz'),
			npzBytes({
				x_train: npyBytes(x, [n, 6, 5], '|u1'),
				y_train: npyBytes(y, [n], '<i8'),
				x_test: npyBytes(x.subarray(0, 3 * 30), [3, 6, 5], '|u1'),
				y_test: npyBytes([7, 3, 5], [3], '<i8'),
				x_unlabeled: npyBytes(new Uint8Array(4 * 30).fill(9), [4, 6, 5], '|u1'),
			}),
		);
		const data = await loadNumpy(file, {});
		expect(data.info).toMatchObject({name: 'digits', kind: 'image', height: 6, width: 5, channels: 1, classNames: ['3', '5', '7'], mode: 'real'});
		expect(data.train.count).toBe(16);
		expect([...data.train.labels].filter(label => label === unlabeledMark)).toHaveLength(5);
		expect([...data.test.labels]).toEqual([2, 0, 1]);
		expect([...data.train.samples.subarray(0, 30)]).toEqual([...x.subarray(0, 30)]);
		expect(data.train.samples[12 * 30]).toBe(9);
	});

	it('float images in [0, 1] are scaled by 255, others min-max; RGB (N, H, W, 3) kept or made grey', async () => {
		const unit = put(path.join(root, 'unit.npz'), npzBytes({x_train: npyBytes([0, 0.5, 1, 0.25, 0, 1, 1, 0], [2, 2, 2, 1], '<f4'), y_train: npyBytes([0, 1], [2], '<f8'), x_test: npyBytes([1, 1, 1, 1], [1, 2, 2, 1], '<f4'), y_test: npyBytes([1], [1], '<f8')}));
		const scaled = await loadNumpy(unit, {});
		expect([...scaled.train.samples.subarray(0, 4)]).toEqual([0, 128, 255, 64]);
		const wide = put(path.join(root, 'wide.npz'), npzBytes({x_train: npyBytes([-10, 0, 10, 30, -10, -10], [2, 1, 1, 3], '<f8'), y_train: npyBytes([0, 1], [2], '<f8'), x_test: npyBytes([30, 30, 30], [1, 1, 1, 3], '<f8'), y_test: npyBytes([0], [1], '<f8')}));
		const rgb = await loadNumpy(wide, {});
		expect(rgb.info.channels).toBe(3);
		expect([...rgb.train.samples.subarray(0, 3)]).toEqual([0, Math.round(255 / 4), Math.round(510 / 4)]);
		const grey = await loadNumpy(wide, {channels: 1});
		expect(grey.info.channels).toBe(1);
		expect(grey.test.samples[0]).toBe(255);
	});

	it('a folder of .npy files with a (N, D) table: standardised, mean-imputed NaN, test share carved in simulation mode', async () => {
		const folder = path.join(root, 'pairs');
		const rows = 20;
		const x = Array.from({length: rows * 3}, (_, i) => (i === 4 ? Number.NaN : (i * 7) % 13));
		put(path.join(folder, 'x_train.npy'), npyBytes(x, [rows, 3], '<f8'));
		put(path.join(folder, 'y_train.npy'), npyBytes(Array.from({length: rows}, (_, i) => i % 2), [rows], '<i8'));
		const data = await loadNumpy(folder, {testFraction: 0.2});
		expect(data.info).toMatchObject({kind: 'table', width: 3, height: 1, featureNames: ['x0', 'x1', 'x2'], mode: 'simulation', classNames: ['0', '1']});
		expect(data.test.count).toBe(4);
		expect(data.train.count).toBe(16);
		expect(data.notes.join('\n')).toMatch(/1 missing feature values imputed/);
	});

	it('labels read by the CSV loader\'s rule: ±1 is two classes, -1 beside 0 and 1 is unlabeled, --unlabeled-value overrides; each with its note', async () => {
		const n = 20;
		const x = npyBytes(Array.from({length: n * 2}, (_, i) => (i * 5) % 11), [n, 2], '<f8');
		const labeled = (y: number[], name: string) => put(path.join(root, `${name}.npz`), npzBytes({x_train: x, y_train: npyBytes(y, [n], '<i8')}));
		// np.where(X[:, 0] > 0, 1, -1): the ±1 convention.
		const plusMinus = await loadNumpy(labeled(Array.from({length: n}, (_, i) => (i % 2 ? 1 : -1)), 'pm1'), {});
		expect(plusMinus.info).toMatchObject({classNames: ['-1', '1'], mode: 'simulation'});
		expect(plusMinus.notes.join('\n')).toMatch(/label -1 read as a class \(the labels are -1 and 1\); --unlabeled-value=-1 to read it as unlabeled/);
		const three = await loadNumpy(labeled(Array.from({length: n}, (_, i) => (i % 5) - 1), 'pm0'), {});
		expect(three.info).toMatchObject({classNames: ['0', '1', '2', '3'], mode: 'real'});
		expect([...three.train.labels, ...three.test.labels].filter(label => label === unlabeledMark)).toHaveLength(4);
		expect(three.notes.join('\n')).toMatch(/label -1 read as unlabeled \(scikit-learn's marker\): 4 samples/);
		const forced = await loadNumpy(labeled(Array.from({length: n}, (_, i) => i % 3), 'zero'), {unlabeledValue: '0'});
		expect(forced.info).toMatchObject({classNames: ['1', '2'], mode: 'real'});
		expect(forced.notes.join('\n')).toMatch(/unlabeled samples: label empty or "0" \(--unlabeled-value\)/);
		// A test label that is the marker, or -1 that is no class, is a test sample without a label.
		const withTest = (yTest: number[], name: string) =>
			put(path.join(root, `${name}.npz`), npzBytes({x_train: x, y_train: npyBytes(Array.from({length: n}, (_, i) => i % 3), [n], '<i8'), x_test: npyBytes([1, 2], [1, 2]), y_test: npyBytes(yTest, [1], '<i8')}));
		await expect(loadNumpy(withTest([0], 't0'), {unlabeledValue: '0'})).rejects.toThrow(/t0\.npz:y_test \[0\] is 0 \(no label\), expected every test sample to have a label/);
		await expect(loadNumpy(withTest([-1], 'tm'), {})).rejects.toThrow(/tm\.npz:y_test \[0\] is -1 \(no label\)/);
	});

	it('bool images are read as 0 and 255 (as bytes they were 0 and 1, two shades of black), with a note', async () => {
		const mask = [1, 0, 0, 1, 0, 1, 1, 0];
		const file = put(path.join(root, 'masks.npz'), npzBytes({x_train: npyBytes(mask, [2, 2, 2], '|b1'), y_train: npyBytes([0, 1], [2], '<i8'), x_test: npyBytes(mask.slice(0, 4), [1, 2, 2], '|b1'), y_test: npyBytes([1], [1], '<i8')}));
		const data = await loadNumpy(file, {});
		expect([...data.train.samples]).toEqual(mask.map(value => value * 255));
		expect([...data.test.samples]).toEqual([255, 0, 0, 255]);
		expect(data.notes).toContain('bool pixels read as 0 (false) and 255 (true)');
	});

	it('.npy in Fortran order and big-endian reads back in C order', () => {
		// C-order [[1, 2, 3], [4, 5, 6]] stored column by column.
		const fortran = parseNpy(npyBytes([1, 4, 2, 5, 3, 6], [2, 3], '<f8', true), 'f.npy');
		expect([...fortran.values]).toEqual([1, 2, 3, 4, 5, 6]);
		// Bytes in Fortran order, as a file's Buffer: reordered without Node's deprecated Buffer() constructor.
		const bytes = parseNpy(Buffer.from(npyBytes([1, 4, 2, 5, 3, 6], [2, 3], '|u1', true)), 'u.npy');
		expect([...bytes.values]).toEqual([1, 2, 3, 4, 5, 6]);
		expect(Buffer.isBuffer(bytes.values)).toBe(false);
		const big = parseNpy(npyBytes([1.5, -2], [2], '>f8'), 'b.npy');
		expect([...big.values]).toEqual([1.5, -2]);
	});
});
