/** Parses IDX files (the MNIST container format) from bytes already in memory; gzip is the loader's business. */
import {InputError} from './input-error.js';

/** Magic number of an IDX file of unsigned bytes with three dimensions: images × rows × cols. */
export const idxImagesMagic = 2051;
/** Magic number of an IDX file of unsigned bytes with four dimensions: images × rows × cols × channels (channels-last). */
export const idxColourImagesMagic = 2052;
/** Magic number of an IDX file of unsigned bytes with one dimension: labels. */
export const idxLabelsMagic = 2049;

/** A stack of uint8 images, row-major and channels-last, one image after another. */
export interface IdxImages {
	count: number;
	rows: number;
	cols: number;
	/** 1 (idx3: grey) or 3 (idx4 with a last dimension of 3: RGB). */
	channels: number;
	/** count × rows × cols × channels bytes; a view into the parsed bytes, not a copy. */
	pixels: Uint8Array;
}

const labelsHeaderBytes = 8;

/**
 * Reads an image file: `idx3-ubyte` (N × H × W, grey) or `idx4-ubyte` (N × H × W × C with C = 1 or 3, channels-last).
 * Throws InputError naming `fileName` when the bytes are not one.
 */
export function parseIdxImages(bytes: Uint8Array, fileName: string): IdxImages {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	// The magic number first: a short label file handed in as images should be called a label file, not "truncated".
	const magic = checkMagic(view, [idxImagesMagic, idxColourImagesMagic], fileName, 'an IDX image file (idx3-ubyte or idx4-ubyte)');
	const dimensions = magic === idxImagesMagic ? 3 : 4;
	const headerBytes = 4 + 4 * dimensions;
	if (bytes.length < headerBytes) {
		throw new InputError(
			`${fileName}: truncated IDX image file, expected a ${headerBytes}-byte header but the file has ${bytes.length} bytes`,
		);
	}

	const count = view.getUint32(4);
	const rows = view.getUint32(8);
	const cols = view.getUint32(12);
	const channels = dimensions === 4 ? view.getUint32(16) : 1;
	if (rows === 0 || cols === 0) {
		throw new InputError(`${fileName}: IDX image file declares ${rows}×${cols} images, expected both sides above 0`);
	}

	if (channels !== 1 && channels !== 3) {
		throw new InputError(`${fileName}: IDX image file declares ${channels} channels per pixel, expected 1 (grey) or 3 (RGB)`);
	}

	const shape = channels === 1 ? `${rows}×${cols}` : `${rows}×${cols}×${channels}`;
	const expected = count * rows * cols * channels;
	const body = bytes.length - headerBytes;
	if (body < expected) {
		throw new InputError(
			`${fileName}: truncated IDX image file, header says ${count} images of ${shape} (${expected} bytes) but only ${body} bytes follow`,
		);
	}

	return {count, rows, cols, channels, pixels: bytes.subarray(headerBytes, headerBytes + expected)};
}

/**
 * Reads an `idx1-ubyte` label file: one byte per sample, any values (the loader maps them to classes 0..K−1).
 * Throws InputError naming `fileName` when the bytes are not one.
 */
export function parseIdxLabels(bytes: Uint8Array, fileName: string): Uint8Array {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	checkMagic(view, [idxLabelsMagic], fileName, 'an IDX label file (idx1-ubyte)');
	if (bytes.length < labelsHeaderBytes) {
		throw new InputError(
			`${fileName}: truncated IDX label file, expected an ${labelsHeaderBytes}-byte header but the file has ${bytes.length} bytes`,
		);
	}

	const count = view.getUint32(4);
	const body = bytes.length - labelsHeaderBytes;
	if (body < count) {
		throw new InputError(
			`${fileName}: truncated IDX label file, header says ${count} labels but only ${body} bytes follow`,
		);
	}

	return bytes.subarray(labelsHeaderBytes, labelsHeaderBytes + count);
}

/** IDX element types by their code, the header's third byte. */
const idxTypes = new Map([
	[0x08, 'unsigned bytes'],
	[0x09, 'signed bytes'],
	[0x0b, '16-bit integers'],
	[0x0c, '32-bit integers'],
	[0x0d, '32-bit floats'],
	[0x0e, '64-bit floats'],
]);

/** The file's magic number when it is one of `expected`; else an InputError saying what the file seems to be. */
function checkMagic(view: DataView, expected: readonly number[], fileName: string, what: string): number {
	const wanted = expected.join(' or ');
	if (view.byteLength < 4) {
		throw new InputError(`${fileName}: truncated, ${view.byteLength} bytes, expected ${what} starting with magic number ${wanted}`);
	}

	const magic = view.getUint32(0);
	if (expected.includes(magic)) return magic;
	// An IDX header of another element type (0 0 type dims): say the type, not a number no one recognises.
	const type = idxTypes.get(view.getUint8(2));
	const idxOfType = view.getUint8(0) === 0 && view.getUint8(1) === 0 && type !== undefined && view.getUint8(2) !== 0x08;
	const hint = idxOfType
		? ` (this IDX file holds ${type}; only unsigned bytes, type 0x08, are read: convert it, or save it as NumPy)`
		: 
		magic === idxImagesMagic || magic === idxColourImagesMagic
			? ' (this is an image file)'
			: magic === idxLabelsMagic
				? ' (this is a label file)'
				: view.getUint8(0) === 0x1f && view.getUint8(1) === 0x8b
					? ' (this looks gzipped; name it .gz)'
					: '';
	throw new InputError(`${fileName}: magic number ${magic}, expected ${wanted} for ${what}${hint}`);
}
