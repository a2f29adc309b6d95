// Data files the loader tests write themselves: PNG and JPEG images (with an optional EXIF orientation), CSV text,
// and NumPy .npy/.npz bytes, so no test depends on a file it did not make.
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {encode as encodePng} from 'fast-png';
import {zipSync} from 'fflate';
import jpeg from 'jpeg-js';

export function temporaryFolder(prefix: string): string {
	return mkdtempSync(path.join(tmpdir(), `pltui-${prefix}-`));
}

/** Writes `bytes` at `file`, making its folders. */
export function put(file: string, bytes: Uint8Array | string): string {
	mkdirSync(path.dirname(file), {recursive: true});
	writeFileSync(file, bytes);
	return file;
}

type Pixel = (x: number, y: number) => number[];

/** PNG bytes: `channels` samples per pixel (1 grey, 2 grey + alpha, 3 RGB, 4 RGBA) from `pixel`. */
export function pngBytes(width: number, height: number, channels: 1 | 2 | 3 | 4, pixel: Pixel): Uint8Array {
	const data = new Uint8Array(width * height * channels);
	for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y).slice(0, channels), (y * width + x) * channels);
	return encodePng({width, height, data, channels, depth: 8});
}

/** JPEG bytes (quality 95) from RGB `pixel`; with `orientation`, an EXIF APP1 segment carrying that tag. */
export function jpegBytes(width: number, height: number, pixel: Pixel, orientation?: number): Uint8Array {
	const data = new Uint8Array(width * height * 4);
	for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([...pixel(x, y).slice(0, 3), 255], (y * width + x) * 4);
	const encoded = new Uint8Array(jpeg.encode({width, height, data}, 95).data);
	if (orientation === undefined) return encoded;
	// "Exif\0\0", a little-endian TIFF header, IFD0 with one entry: 0x0112 (orientation), SHORT, 1 value.
	const tiff = [0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, orientation, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
	const payload = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00, ...tiff];
	const segment = [0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload];
	const out = new Uint8Array(encoded.length + segment.length);
	out.set(encoded.subarray(0, 2));
	out.set(segment, 2);
	out.set(encoded.subarray(2), 2 + segment.length);
	return out;
}

export type NpyDtype = '|u1' | '<i8' | '<f4' | '<f8' | '>f8' | '|O' | '|b1';

/** .npy bytes (format 1.0): the header dict padded to 64 bytes, then the values in `dtype`. */
export function npyBytes(values: ArrayLike<number>, shape: number[], dtype: NpyDtype = '<f8', fortran = false): Uint8Array {
	const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
	let header = `{'descr': '${dtype}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
	header += ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
	const size = dtype === '|u1' || dtype === '|O' || dtype === '|b1' ? 1 : dtype === '<f4' ? 4 : 8;
	const body = new Uint8Array(values.length * size);
	const view = new DataView(body.buffer);
	for (let i = 0; i < values.length; i++) {
		const value = values[i]!;
		if (dtype === '|u1' || dtype === '|O' || dtype === '|b1') view.setUint8(i, value);
		else if (dtype === '<i8') view.setBigInt64(i * 8, BigInt(value), true);
		else if (dtype === '<f4') view.setFloat32(i * 4, value, true);
		else view.setFloat64(i * 8, value, dtype === '<f8');
	}

	const out = new Uint8Array(10 + header.length + body.length);
	out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
	out.set(new TextEncoder().encode(header), 10);
	out.set(body, 10 + header.length);
	return out;
}

/** An .npz: each array as `name.npy`, deflated as numpy.savez_compressed does. */
export function npzBytes(arrays: Record<string, Uint8Array>): Uint8Array {
	return zipSync(Object.fromEntries(Object.entries(arrays).map(([name, bytes]) => [`${name}.npy`, bytes])), {level: 6});
}

/** A grey blob on black whose position depends on the class: a pattern a loader must keep apart. */
export function classPattern(label: number, size: number): Pixel {
	return (x, y) => {
		const on = label === 0 ? x < size / 2 : y < size / 2;
		const value = on ? 220 : 10;
		return [value, value, value, 255];
	};
}
