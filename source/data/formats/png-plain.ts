/**
 * The common PNG — 8 bits a sample, not interlaced, grey, grey + alpha, RGB or RGBA, no palette — decoded with
 * node:zlib, for image folders of tens of thousands of small files. fast-png inflates with two fresh 32 KB windows a
 * file, which V8 frees only at its next collection: 70,000 MNIST PNGs left some 45 MB of them waiting at the peak.
 * zlib's one-shot inflate frees its state before it returns, and its output (sized to the image) comes from Buffer's
 * pool.
 *
 * Anything else, and any file this reader finds wrong (bad CRC, damaged data, too few bytes), is left to fast-png:
 * `undefined` means "decode it the usual way", so every error line still comes from one decoder.
 */
import {inflateSync} from 'node:zlib';

export interface PlainPng {
	width: number;
	height: number;
	/** 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA. */
	channels: 1 | 2 | 3 | 4;
	/** width × height × channels bytes, unfiltered. */
	data: Uint8Array;
}

const channelsOfColourType: Record<number, 1 | 2 | 3 | 4> = {0: 1, 4: 2, 2: 3, 6: 4};
const ihdr = 0x49484452;
const idat = 0x49444154;
const iend = 0x49454e44;

const crcTable = new Int32Array(256).map((_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c;
});

function crc32(bytes: Uint8Array, start: number, end: number): number {
	let c = -1;
	for (let i = start; i < end; i++) c = crcTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
	return (c ^ -1) >>> 0;
}

/** The PNG's pixels when it is the plain kind this reader takes, else undefined (fast-png decodes it). */
export function decodePlainPng(bytes: Uint8Array): PlainPng | undefined {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	// Signature (8 bytes), then IHDR first: 13 bytes of header.
	if (bytes.length < 8 + 25 || view.getUint32(0) !== 0x89504e47 || view.getUint32(4) !== 0x0d0a1a0a) return undefined;
	if (view.getUint32(8) !== 13 || view.getUint32(12) !== ihdr) return undefined;
	const width = view.getUint32(16);
	const height = view.getUint32(20);
	const [depth, colourType, compression, filter, interlace] = bytes.subarray(24, 29);
	const channels = channelsOfColourType[colourType!];
	if (depth !== 8 || channels === undefined || compression !== 0 || filter !== 0 || interlace !== 0 || width === 0 || height === 0) return undefined;

	// Chunks: every CRC checked (as fast-png's checkCrc does); IDATs gathered; any other critical chunk (PLTE included)
	// left to fast-png. Ancillary chunks (lower-case first letter) carry nothing the samples need.
	const parts: Array<[number, number]> = [];
	let position = 8;
	let ended = false;
	while (position + 12 <= bytes.length) {
		const length = view.getUint32(position);
		const type = view.getUint32(position + 4);
		const end = position + 8 + length;
		if (end + 4 > bytes.length || crc32(bytes, position + 4, end) !== view.getUint32(end)) return undefined;
		if (type === idat) parts.push([position + 8, end]);
		else if (type === iend) {
			ended = true;
			break;
		} else if (type !== ihdr && !(bytes[position + 4]! & 0x20)) return undefined;
		position = end + 4;
	}

	if (!ended || parts.length === 0) return undefined;
	const compressed = parts.length === 1 ? bytes.subarray(parts[0]![0], parts[0]![1]) : joinParts(bytes, parts);
	const stride = width * channels;
	const expected = height * (stride + 1);
	let raw: Uint8Array;
	try {
		raw = inflateSync(compressed, {chunkSize: Math.max(64, expected), maxOutputLength: Math.max(expected, 1)});
	} catch {
		return undefined;
	}

	if (raw.length !== expected) return undefined;
	return unfilter(raw, width, height, channels);
}

function joinParts(bytes: Uint8Array, parts: Array<[number, number]>): Uint8Array {
	const joined = new Uint8Array(parts.reduce((sum, [start, end]) => sum + end - start, 0));
	let offset = 0;
	for (const [start, end] of parts) {
		joined.set(bytes.subarray(start, end), offset);
		offset += end - start;
	}

	return joined;
}

/** Undoes the five PNG row filters (none, sub, up, average, Paeth); an unknown filter byte leaves it to fast-png. */
function unfilter(raw: Uint8Array, width: number, height: number, channels: 1 | 2 | 3 | 4): PlainPng | undefined {
	const stride = width * channels;
	const data = new Uint8Array(stride * height);
	for (let y = 0; y < height; y++) {
		const kind = raw[y * (stride + 1)]!;
		const from = y * (stride + 1) + 1;
		const row = y * stride;
		const above = row - stride;
		for (let i = 0; i < stride; i++) {
			const value = raw[from + i]!;
			const left = i >= channels ? data[row + i - channels]! : 0;
			const up = y > 0 ? data[above + i]! : 0;
			let predicted: number;
			if (kind === 0) predicted = 0;
			else if (kind === 1) predicted = left;
			else if (kind === 2) predicted = up;
			else if (kind === 3) predicted = (left + up) >> 1;
			else if (kind === 4) {
				const upLeft = y > 0 && i >= channels ? data[above + i - channels]! : 0;
				const p = left + up - upLeft;
				const pa = Math.abs(p - left);
				const pb = Math.abs(p - up);
				const pc = Math.abs(p - upLeft);
				predicted = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
			} else {
				return undefined;
			}

			data[row + i] = (value + predicted) & 0xff;
		}
	}

	return {width, height, channels, data};
}
