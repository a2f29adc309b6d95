// Parses IDX files (the MNIST container format) from bytes already in memory; gzip is the loader's business.
import {InputError} from './input-error.js';

/** Magic number of an IDX file of unsigned bytes with three dimensions: images × rows × cols. */
export const idxImagesMagic = 2051;
/** Magic number of an IDX file of unsigned bytes with one dimension: labels. */
export const idxLabelsMagic = 2049;

/** A stack of uint8 images, row-major, one image after another. */
export interface IdxImages {
	count: number;
	rows: number;
	cols: number;
	/** count × rows × cols bytes; a view into the parsed bytes, not a copy. */
	pixels: Uint8Array;
}

const imagesHeaderBytes = 16;
const labelsHeaderBytes = 8;

/** Reads an `idx3-ubyte` image file. Throws InputError naming `fileName` when the bytes are not one. */
export function parseIdxImages(bytes: Uint8Array, fileName: string): IdxImages {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	// The magic number first: a short label file handed in as images should be called a label file, not "truncated".
	checkMagic(view, idxImagesMagic, fileName, 'an IDX image file (idx3-ubyte)');
	if (bytes.length < imagesHeaderBytes) {
		throw new InputError(
			`${fileName}: truncated IDX image file, expected a ${imagesHeaderBytes}-byte header but the file has ${bytes.length} bytes`,
		);
	}

	const count = view.getUint32(4);
	const rows = view.getUint32(8);
	const cols = view.getUint32(12);
	if (rows === 0 || cols === 0) {
		throw new InputError(`${fileName}: IDX image file declares ${rows}×${cols} images, expected both sides above 0`);
	}

	const expected = count * rows * cols;
	const body = bytes.length - imagesHeaderBytes;
	if (body < expected) {
		throw new InputError(
			`${fileName}: truncated IDX image file, header says ${count} images of ${rows}×${cols} (${expected} bytes) but only ${body} bytes follow`,
		);
	}

	return {count, rows, cols, pixels: bytes.subarray(imagesHeaderBytes, imagesHeaderBytes + expected)};
}

/** Reads an `idx1-ubyte` label file of digits 0..9. Throws InputError naming `fileName` when the bytes are not one. */
export function parseIdxLabels(bytes: Uint8Array, fileName: string): Uint8Array {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	checkMagic(view, idxLabelsMagic, fileName, 'an IDX label file (idx1-ubyte)');
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

	const labels = bytes.subarray(labelsHeaderBytes, labelsHeaderBytes + count);
	for (let i = 0; i < labels.length; i++) {
		// A 10-way classifier cannot learn a label it has no output for; say so now rather than as NaN loss later.
		if (labels[i] > 9) {
			throw new InputError(`${fileName}: label ${labels[i]} at position ${i}, expected digit classes 0..9`);
		}
	}

	return labels;
}

function checkMagic(view: DataView, expected: number, fileName: string, what: string): void {
	if (view.byteLength < 4) {
		throw new InputError(`${fileName}: truncated, ${view.byteLength} bytes, expected ${what} starting with magic number ${expected}`);
	}

	const magic = view.getUint32(0);
	if (magic === expected) return;
	const hint =
		magic === idxImagesMagic
			? ' (this is an image file)'
			: magic === idxLabelsMagic
				? ' (this is a label file)'
				: view.getUint8(0) === 0x1f && view.getUint8(1) === 0x8b
					? ' (this looks gzipped; name it .gz)'
					: '';
	throw new InputError(`${fileName}: magic number ${magic}, expected ${expected} for ${what}${hint}`);
}
