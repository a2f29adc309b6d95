// The node:zlib PNG path gives exactly fast-png's samples for the plain PNGs it takes (every row filter, 1 to 4
// channels, IDAT split in pieces), and leaves every other PNG — palette, 16-bit, interlaced, bad CRC, cut short,
// unknown filter — to fast-png by answering undefined.
import {crc32, deflateSync} from 'node:zlib';
import {decode, encode} from 'fast-png';
import {describe, expect, it} from 'vitest';
import {decodePlainPng} from '../../../source/data/formats/png-plain.js';

function chunk(type: string, data: Uint8Array): Uint8Array {
	const out = new Uint8Array(12 + data.length);
	const view = new DataView(out.buffer);
	view.setUint32(0, data.length);
	out.set(Buffer.from(type, 'latin1'), 4);
	out.set(data, 8);
	view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
	return out;
}

/** A PNG whose row y uses filter `filters[y % filters.length]`, its compressed data cut into `pieces` IDATs. */
function filteredPng(width: number, height: number, channels: 1 | 2 | 3 | 4, data: Uint8Array, filters: number[], pieces = 1, interlace = 0): Uint8Array {
	const colourType = {1: 0, 2: 4, 3: 2, 4: 6}[channels];
	const header = new Uint8Array(13);
	new DataView(header.buffer).setUint32(0, width);
	new DataView(header.buffer).setUint32(4, height);
	header.set([8, colourType, 0, 0, interlace], 8);
	const stride = width * channels;
	const raw = new Uint8Array(height * (stride + 1));
	for (let y = 0; y < height; y++) {
		const kind = filters[y % filters.length]!;
		raw[y * (stride + 1)] = kind;
		for (let i = 0; i < stride; i++) {
			const at = y * stride + i;
			const left = i >= channels ? data[at - channels]! : 0;
			const up = y > 0 ? data[at - stride]! : 0;
			const upLeft = y > 0 && i >= channels ? data[at - stride - channels]! : 0;
			const p = left + up - upLeft;
			const paeth = Math.abs(p - left) <= Math.abs(p - up) && Math.abs(p - left) <= Math.abs(p - upLeft) ? left : Math.abs(p - up) <= Math.abs(p - upLeft) ? up : upLeft;
			const predicted = [0, left, up, (left + up) >> 1, paeth][kind] ?? 0;
			raw[y * (stride + 1) + 1 + i] = (data[at]! - predicted) & 0xff;
		}
	}

	const compressed = deflateSync(raw);
	const size = Math.ceil(compressed.length / pieces);
	const idats = Array.from({length: pieces}, (_, i) => chunk('IDAT', compressed.subarray(i * size, (i + 1) * size)));
	const parts = [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('tEXt', Buffer.from('k\0v')), ...idats, chunk('IEND', new Uint8Array(0))];
	return Buffer.concat(parts);
}

function randomBytes(length: number, seed: number): Uint8Array {
	let state = seed;
	return Uint8Array.from({length}, () => {
		state = (state * 1103515245 + 12345) >>> 0;
		return state >>> 24;
	});
}

describe('decodePlainPng', () => {
	it('gives fast-png’s samples for every filter, channel count and IDAT split', () => {
		let taken = 0;
		for (const channels of [1, 2, 3, 4] as const) {
			for (const [width, height] of [[1, 1], [7, 5], [28, 28]] as const) {
				const data = randomBytes(width * height * channels, width * 31 + channels);
				for (const filters of [[0], [1], [2], [3], [4], [0, 1, 2, 3, 4]]) {
					for (const pieces of [1, 3]) {
						const png = filteredPng(width, height, channels, data, filters, pieces);
						const plain = decodePlainPng(png);
						const reference = decode(png, {checkCrc: true});
						expect(reference.data).toEqual(data);
						expect(plain, `${channels} channels, ${width}×${height}, filters ${filters.join('')}`).toEqual({width, height, channels, data});
						taken++;
					}
				}
			}
		}

		expect(taken).toBe(4 * 3 * 6 * 2);
		// fast-png's own encoder's files are taken too (the kind the bench and the tests write).
		const encoded = encode({width: 3, height: 2, channels: 1, depth: 8, data: Uint8Array.from([0, 50, 100, 150, 200, 250])});
		expect(decodePlainPng(encoded)?.data).toEqual(Uint8Array.from([0, 50, 100, 150, 200, 250]));
	});

	it('leaves palette, 16-bit, interlaced, damaged and cut-short PNGs, and unknown filters, to fast-png', () => {
		const data = randomBytes(4 * 4, 7);
		const good = filteredPng(4, 4, 1, data, [1]);
		expect(decodePlainPng(good)).toBeDefined();

		const palette = encode({width: 2, height: 1, channels: 1, depth: 8, data: Uint8Array.from([0, 1]), palette: [[0, 0, 0], [255, 0, 0]]});
		expect(decodePlainPng(palette)).toBeUndefined();
		expect(decodePlainPng(encode({width: 2, height: 1, channels: 1, depth: 16, data: Uint16Array.from([0, 65535])}))).toBeUndefined();
		expect(decodePlainPng(filteredPng(4, 4, 1, data, [1], 1, 1))).toBeUndefined();

		const badCrc = good.slice();
		badCrc[badCrc.length - 20] = badCrc[badCrc.length - 20]! ^ 0xff;
		expect(decodePlainPng(badCrc)).toBeUndefined();
		expect(decodePlainPng(good.subarray(0, good.length - 15))).toBeUndefined();
		expect(decodePlainPng(filteredPng(4, 4, 1, data, [1, 9]))).toBeUndefined();
	});
});
