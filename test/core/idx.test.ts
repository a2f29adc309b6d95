// Tests the IDX parser on hand-built byte arrays: good files, and each way a file can be wrong.
import {describe, expect, it} from 'vitest';
import {parseIdxImages, parseIdxLabels} from '../../source/core/idx.js';
import {InputError} from '../../source/core/input-error.js';

function idxImages(count: number, rows: number, cols: number, body = count * rows * cols, magic = 2051): Uint8Array {
	const bytes = new Uint8Array(16 + body);
	const view = new DataView(bytes.buffer);
	view.setUint32(0, magic);
	view.setUint32(4, count);
	view.setUint32(8, rows);
	view.setUint32(12, cols);
	for (let i = 0; i < body; i++) bytes[16 + i] = (i * 7) % 256;
	return bytes;
}

function idxLabels(labels: number[], magic = 2049, declared = labels.length): Uint8Array {
	const bytes = new Uint8Array(8 + labels.length);
	const view = new DataView(bytes.buffer);
	view.setUint32(0, magic);
	view.setUint32(4, declared);
	bytes.set(labels, 8);
	return bytes;
}

function errorOf(action: () => unknown): Error {
	try {
		action();
	} catch (error) {
		return error as Error;
	}

	throw new Error('expected a throw');
}

describe('parseIdxImages', () => {
	it('reads the big-endian header and the pixels', () => {
		const images = parseIdxImages(idxImages(3, 4, 5), 'a.idx');
		expect(images).toMatchObject({count: 3, rows: 4, cols: 5});
		expect(images.pixels.length).toBe(60);
		expect(images.pixels[0]).toBe(0);
		expect(images.pixels[59]).toBe((59 * 7) % 256);
	});

	it('reads a header whose count needs more than one byte', () => {
		const images = parseIdxImages(idxImages(300, 1, 2), 'a.idx');
		expect(images.count).toBe(300);
	});

	it('ignores bytes past the declared body', () => {
		const images = parseIdxImages(idxImages(2, 2, 2, 12), 'a.idx');
		expect(images.pixels.length).toBe(8);
	});

	it('rejects a label file given as images, naming the file and the expected magic', () => {
		const error = errorOf(() => parseIdxImages(idxLabels([1, 2]), 'train-images-idx3-ubyte'));
		expect(error).toBeInstanceOf(InputError);
		expect(error.message).toContain('train-images-idx3-ubyte');
		expect(error.message).toContain('2051');
		expect(error.message).toContain('label file');
		expect(error.message).not.toContain('\n');
	});

	it('rejects a truncated header', () => {
		const error = errorOf(() => parseIdxImages(idxImages(1, 2, 2).subarray(0, 10), 'x-images'));
		expect(error).toBeInstanceOf(InputError);
		expect(error.message).toMatch(/x-images: truncated .*16-byte header/);
	});

	it('rejects a body shorter than the header says', () => {
		const error = errorOf(() => parseIdxImages(idxImages(10, 28, 28, 784 * 9 + 5), 'x-images'));
		expect(error).toBeInstanceOf(InputError);
		expect(error.message).toContain('x-images');
		expect(error.message).toContain('10 images of 28×28');
		expect(error.message).toContain(`${784 * 9 + 5} bytes follow`);
	});

	it('hints at gzip when the bytes are gzipped', () => {
		const bytes = idxImages(1, 1, 1);
		bytes.set([0x1f, 0x8b, 8, 0]);
		expect(errorOf(() => parseIdxImages(bytes, 'x')).message).toContain('gzipped');
	});

	it('names the element type of an IDX file of floats or integers, which it does not read', () => {
		const floats = new Uint8Array(16 + 4 * 4);
		floats.set([0, 0, 0x0d, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2]);
		expect(errorOf(() => parseIdxImages(floats, 'train-images-idx3-float')).message).toBe(
			'train-images-idx3-float: magic number 3331, expected 2051 or 2052 for an IDX image file (idx3-ubyte or idx4-ubyte) (this IDX file holds 32-bit floats; only unsigned bytes, type 0x08, are read: convert it, or save it as NumPy)',
		);
		floats[2] = 0x0c;
		expect(errorOf(() => parseIdxImages(floats, 'x')).message).toContain('holds 32-bit integers');
	});
});

describe('parseIdxLabels', () => {
	it('reads labels', () => {
		expect(Array.from(parseIdxLabels(idxLabels([3, 1, 4, 1, 5, 9]), 'l'))).toEqual([3, 1, 4, 1, 5, 9]);
	});

	it('rejects an image file given as labels', () => {
		const error = errorOf(() => parseIdxLabels(idxImages(1, 2, 2), 'train-labels-idx1-ubyte'));
		expect(error).toBeInstanceOf(InputError);
		expect(error.message).toMatch(/train-labels-idx1-ubyte: magic number 2051, expected 2049/);
	});

	it('rejects a truncated header and a short body', () => {
		expect(errorOf(() => parseIdxLabels(idxLabels([1]).subarray(0, 5), 'l')).message).toMatch(/l: truncated .*8-byte header/);
		expect(errorOf(() => parseIdxLabels(new Uint8Array(2), 'l')).message).toMatch(/l: truncated, 2 bytes/);
		const short = errorOf(() => parseIdxLabels(idxLabels([1, 2, 3], 2049, 4), 'l'));
		expect(short).toBeInstanceOf(InputError);
		expect(short.message).toContain('header says 4 labels but only 3 bytes follow');
	});

	it('keeps any label value: the loader maps them to classes 0..K−1', () => {
		expect(Array.from(parseIdxLabels(idxLabels([0, 9, 10, 200]), 'l'))).toEqual([0, 9, 10, 200]);
	});
});

describe('parseIdxImages (idx4: channels-last)', () => {
	function idx4(count: number, rows: number, cols: number, channels: number, body = count * rows * cols * channels): Uint8Array {
		const bytes = new Uint8Array(20 + body);
		const view = new DataView(bytes.buffer);
		[2052, count, rows, cols, channels].forEach((value, i) => view.setUint32(4 * i, value));
		for (let i = 0; i < body; i++) bytes[20 + i] = (i * 11) % 256;
		return bytes;
	}

	it('reads N × H × W × 3 RGB images after a 20-byte header', () => {
		const images = parseIdxImages(idx4(2, 3, 5, 3), 'rgb-images-idx4-ubyte');
		expect(images).toMatchObject({count: 2, rows: 3, cols: 5, channels: 3});
		expect(images.pixels.length).toBe(2 * 3 * 5 * 3);
		expect(images.pixels[0]).toBe(0);
		expect(images.pixels[1]).toBe(11);
	});

	it('reads a grey idx4 (C = 1) like an idx3', () => {
		expect(parseIdxImages(idx4(1, 2, 2, 1), 'g')).toMatchObject({count: 1, rows: 2, cols: 2, channels: 1});
	});

	it('rejects a channel count other than 1 or 3, and a short body, naming the file', () => {
		expect(errorOf(() => parseIdxImages(idx4(1, 2, 2, 4), 'x4')).message).toBe('x4: IDX image file declares 4 channels per pixel, expected 1 (grey) or 3 (RGB)');
		const short = errorOf(() => parseIdxImages(idx4(2, 2, 2, 3, 20), 'x4'));
		expect(short).toBeInstanceOf(InputError);
		expect(short.message).toContain('2 images of 2×2×3 (24 bytes) but only 20 bytes follow');
	});
});
