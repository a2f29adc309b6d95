// The image-folder loader on folders the test writes: class folders of mixed sizes, RGB and grey, PNG and JPEG, the
// train/test/unlabeled layout and the flat one, classes.txt, and the fitting of any aspect to the dataset's square.
import {rmSync, symlinkSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {unlabeledMark} from '../../../source/data/dataset-source.js';
import {decodeImage} from '../../../source/data/formats/decode-image.js';
import {encode as encodePng} from 'fast-png';
import {fitImage} from '../../../source/data/formats/fit-image.js';
import {loadImageFolder} from '../../../source/data/formats/image-folder.js';
import {classPattern, jpegBytes, pngBytes, put, temporaryFolder} from './data-files.js';

const roots: string[] = [];
function folder(prefix: string): string {
	const root = temporaryFolder(prefix);
	roots.push(root);
	return root;
}

afterAll(() => {
	for (const root of roots) rmSync(root, {recursive: true, force: true});
});

/** Mean of every byte of sample `index` (size × size × channels bytes each). */
function sampleMean(samples: Uint8Array, index: number, bytes: number): number {
	let sum = 0;
	for (let i = 0; i < bytes; i++) sum += samples[index * bytes + i]!;
	return sum / bytes;
}

describe('image folders', () => {
	it('train/test/unlabeled with mixed sizes, RGB and grey: classes, counts, real mode, channels and sources', async () => {
		const root = folder('images');
		for (let i = 0; i < 6; i++) {
			put(path.join(root, 'train', 'cat', `c${i}.png`), pngBytes(20 + i * 7, 30, 1, classPattern(0, 20)));
			put(path.join(root, 'train', 'dog', `d${i}.jpg`), jpegBytes(40, 25 + i, (x, y) => [200, 40 + x, 10 + y]));
		}

		put(path.join(root, 'test', 'cat', 'tc.png'), pngBytes(28, 28, 3, () => [200, 200, 200]));
		put(path.join(root, 'test', 'dog', 'td.png'), pngBytes(64, 32, 4, () => [250, 20, 20, 255]));
		put(path.join(root, 'unlabeled', 'deep', 'er', 'u1.png'), pngBytes(16, 16, 2, () => [90, 255]));
		put(path.join(root, 'unlabeled', 'u2.jpeg'), jpegBytes(33, 17, () => [0, 100, 250]));
		put(path.join(root, 'train', 'dog', 'notes.txt'), 'not an image');

		const data = await loadImageFolder(root, {imageSize: 12});
		expect(data.info).toMatchObject({kind: 'image', height: 12, width: 12, channels: 3, classNames: ['cat', 'dog'], mode: 'real'});
		expect(data.train.count).toBe(14);
		expect(data.train.samples.length).toBe(14 * 12 * 12 * 3);
		expect([...data.train.labels].filter(label => label === unlabeledMark)).toHaveLength(2);
		expect([...data.train.labels].filter(label => label === 0)).toHaveLength(6);
		expect(data.test.count).toBe(2);
		expect([...data.test.labels]).toEqual([0, 1]);
		expect(data.train.sources).toContain(path.join('unlabeled', 'deep', 'er', 'u1.png'));
		expect(data.notes.join('\n')).toMatch(/8 grey images repeated to 3 channels \(8 are colour\)/);
		expect(data.notes.join('\n')).toMatch(/1 file that is not \.png, \.jpg or \.jpeg ignored/);
		// The red test image stays red: R well above G and B in its first pixel.
		const dog = data.test.samples.subarray(12 * 12 * 3);
		expect(dog[0]! - dog[1]!).toBeGreaterThan(150);
	});

	it('a flat <class>/ folder of grey images: 1 channel, simulation mode, a stratified seeded test share', async () => {
		const root = folder('flat');
		for (const [label, name] of ['a', 'b', 'c'].entries()) {
			for (let i = 0; i < 10; i++) put(path.join(root, name, `sub${i % 2}`, `${i}.png`), pngBytes(28, 28, 1, classPattern(label % 2, 28)));
		}

		const data = await loadImageFolder(root, {testFraction: 0.2, seed: 5});
		expect(data.info).toMatchObject({channels: 1, height: 28, classNames: ['a', 'b', 'c'], mode: 'simulation'});
		expect(data.test.count).toBe(6);
		expect([...data.test.labels].sort()).toEqual([0, 0, 1, 1, 2, 2]);
		expect(data.train.count).toBe(24);
		const again = await loadImageFolder(root, {testFraction: 0.2, seed: 5});
		expect(again.test.sources).toEqual(data.test.sources);
		const other = await loadImageFolder(root, {testFraction: 0.2, seed: 6});
		expect(other.test.sources).not.toEqual(data.test.sources);
	});

	it('classes.txt orders and renames classes; --channels 1 turns colour grey; invert flips polarity', async () => {
		const root = folder('classes');
		put(path.join(root, 'classes.txt'), '\uFEFFzebra = Striped\r\napple\n');
		for (let i = 0; i < 3; i++) {
			put(path.join(root, 'train', 'apple', `${i}.png`), pngBytes(8, 8, 3, () => [250, 0, 0]));
			put(path.join(root, 'train', 'zebra', `${i}.png`), pngBytes(8, 8, 1, () => [30]));
		}

		put(path.join(root, 'validation', 'apple', 'v.png'), pngBytes(8, 8, 3, () => [250, 0, 0]));
		put(path.join(root, 'validation', 'zebra', 'v.png'), pngBytes(8, 8, 1, () => [30]));
		const data = await loadImageFolder(root, {imageSize: 8, channels: 1, invert: true});
		expect(data.info.classNames).toEqual(['Striped', 'apple']);
		expect(data.info.channels).toBe(1);
		expect([...data.test.labels]).toEqual([1, 0]);
		// Red (250, 0, 0) has luma 75; inverted 180. Grey 30 inverted is 225.
		expect(data.test.samples[0]).toBe(255 - Math.round(0.299 * 250));
		expect(data.test.samples[64]).toBe(225);
		expect(data.notes.join('\n')).toMatch(/3 colour images converted to grey|4 colour images converted to grey/);
	});

	it('real mode without a test split: the held-out test share is labeled images only; every unlabeled image stays in training', async () => {
		const root = folder('real');
		for (let i = 0; i < 10; i++) {
			put(path.join(root, 'train', 'x', `${i}.png`), pngBytes(6, 6, 1, classPattern(0, 6)));
			put(path.join(root, 'train', 'y', `${i}.png`), pngBytes(6, 6, 1, classPattern(1, 6)));
		}

		for (let i = 0; i < 7; i++) put(path.join(root, 'train', 'unlabelled', `u${i}.png`), pngBytes(9, 5, 1, classPattern(0, 5)));
		const data = await loadImageFolder(root, {imageSize: 6, testFraction: 0.3});
		expect(data.info.mode).toBe('real');
		expect(data.test.count).toBe(6);
		expect([...data.test.labels].includes(unlabeledMark)).toBe(false);
		expect([...data.train.labels].filter(label => label === unlabeledMark)).toHaveLength(7);
		expect(data.train.count).toBe(21);
		expect(data.info.classNames).toEqual(['x', 'y']);
	});

	it('a symbolic link back up the tree is a loop, named in one line', async () => {
		const root = folder('loop');
		put(path.join(root, 'a', '0.png'), pngBytes(4, 4, 1, () => [1]));
		put(path.join(root, 'b', '0.png'), pngBytes(4, 4, 1, () => [2]));
		symlinkSync(root, path.join(root, 'a', 'again'));
		await expect(loadImageFolder(root, {})).rejects.toThrow(/symbolic link loop/);
	});
});

describe('fitting any size to the square', () => {
	const thirds = (x: number) => (x < 28 || x >= 56 ? 50 : 200);
	const wide = {width: 84, height: 28, channels: 1 as const, data: Uint8Array.from({length: 84 * 28}, (_, i) => thirds(i % 84))};

	it('crop keeps the centre third, stretch squeezes all three, pad letterboxes in the border colour', () => {
		expect(new Set(fitImage(wide, 28, 'crop'))).toEqual(new Set([200]));
		const stretched = fitImage(wide, 28, 'stretch');
		expect(stretched[0]).toBe(50);
		expect(stretched[14]).toBe(200);
		expect(stretched[27]).toBe(50);
		const padded = fitImage(wide, 28, 'pad');
		// The ring of the source: top and bottom rows (a third 200, two thirds 50) and the 50 side columns.
		const ring = Math.round((2 * (56 * 50 + 28 * 200) + 2 * 26 * 50) / (2 * 84 + 2 * 26));
		expect(padded[0]).toBe(ring);
		expect(padded[27 * 28 + 27]).toBe(ring);
		const middle = 14 * 28;
		expect([padded[middle], padded[middle + 14], padded[middle + 27]]).toEqual([50, 200, 50]);
	});

	it('area average: a one-pixel checkerboard halved is flat mid-grey, not aliased', () => {
		const checker = {width: 56, height: 56, channels: 1 as const, data: Uint8Array.from({length: 56 * 56}, (_, i) => ((i % 56) + Math.floor(i / 56)) % 2 ? 255 : 0)};
		expect(new Set(fitImage(checker, 28, 'pad'))).toEqual(new Set([128]));
	});

	it('EXIF orientation 6 turns a JPEG upright: stored left half ends on top', () => {
		const stored = jpegBytes(16, 8, x => (x < 8 ? [0, 0, 0] : [255, 255, 255]), 6);
		const image = decodeImage(stored, 'turned.jpg');
		expect([image.width, image.height, image.channels]).toEqual([8, 16, 1]);
		expect(image.data[2 * 8 + 4]).toBeLessThan(40);
		expect(image.data[13 * 8 + 4]).toBeGreaterThan(215);
		const plain = decodeImage(jpegBytes(16, 8, x => (x < 8 ? [0, 0, 0] : [255, 255, 255])), 'plain.jpg');
		expect([plain.width, plain.height]).toEqual([16, 8]);
	});

	it('16-bit grey, 1-bit grey and palette PNGs come out as 8-bit grey or RGB', () => {
		const sixteen = decodeImage(encodePng({width: 2, height: 1, channels: 1, depth: 16, data: Uint16Array.from([65535, 257 * 100])}), 'deep.png');
		expect([...sixteen.data]).toEqual([255, 100]);
		// 1 bit a pixel, rows padded to a byte: 10100000 → on, off, on.
		const bits = decodeImage(encodePng({width: 3, height: 1, channels: 1, depth: 1, data: Uint8Array.from([0b1010_0000])}), 'bits.png');
		expect([...bits.data]).toEqual([255, 0, 255]);
		const palette = decodeImage(encodePng({width: 2, height: 1, channels: 1, depth: 8, data: Uint8Array.from([1, 0]), palette: [[0, 0, 255], [255, 0, 0]]}), 'palette.png');
		expect([palette.channels, ...palette.data]).toEqual([3, 255, 0, 0, 0, 0, 255]);
	});

	it('a grey+alpha PNG composites onto black', () => {
		const image = decodeImage(pngBytes(2, 1, 2, x => [200, x === 0 ? 255 : 0]), 'alpha.png');
		expect([...image.data]).toEqual([200, 0]);
		expect(sampleMean(image.data, 0, 2)).toBe(100);
	});
});
