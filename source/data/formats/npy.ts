/**
 * Reads one NumPy .npy array (format versions 1–3): the "\x93NUMPY" magic, a header dict (descr, fortran_order,
 * shape), then the raw values. Numeric dtypes only — bool, (u)int8…64, float16/32/64, either byte order; object
 * arrays are pickles and are refused, never unpickled. Values come back as a C-order Float64Array, or the bytes as
 * they are for uint8.
 */
import {InputError} from '../../core/input-error.js';

export interface NpyArray {
	shape: number[];
	/** The dtype as written, e.g. "<f4", "|u1". */
	dtype: string;
	/** C order. uint8 arrays keep their bytes (no copy to floats); other dtypes are converted to Float64Array. */
	values: Uint8Array | Float64Array;
}

const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/** The header alone: shape and dtype, for the memory check before any value is read. */
export function npyHeader(bytes: Uint8Array, file: string): {shape: number[]; dtype: string; fortran: boolean; dataOffset: number} {
	if (bytes.length < 10 || magic.some((byte, i) => bytes[i] !== byte)) throw new InputError(`${file} is not a NumPy .npy array (no \\x93NUMPY magic)`);
	const major = bytes[6]!;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
	const headerStart = major === 1 ? 10 : 12;
	if (major < 1 || major > 3 || headerStart + headerLength > bytes.length) throw new InputError(`${file} has a truncated or unknown .npy header (version ${major})`);
	const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, headerStart + headerLength));
	const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
	const fortran = /'fortran_order'\s*:\s*True/.test(header);
	const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
	if (descr === undefined) {
		throw new InputError(`${file} holds a structured or unreadable dtype (${/'descr'\s*:\s*([^,]*)/.exec(header)?.[1] ?? '?'}), expected a plain numeric array`);
	}

	if (descr.includes('O')) throw new InputError(`${file} is an object array (a pickle), which is never unpickled here; save a numeric array (e.g. x.astype('float32'))`);
	if (shapeText === undefined) throw new InputError(`${file} has no shape in its .npy header`);
	const shape = shapeText.split(',').map(part => part.trim()).filter(part => part !== '').map(Number);
	if (shape.some(size => !Number.isInteger(size) || size < 0)) throw new InputError(`${file} has a malformed shape (${shapeText}) in its .npy header`);
	return {shape, dtype: descr, fortran, dataOffset: headerStart + headerLength};
}

export function itemSize(dtype: string, file: string): number {
	const match = /^[<>|=]?([biuf])(\d+)$/.exec(dtype);
	const size = match ? Number(match[2]) : 0;
	const valid = match && (match[1] === 'f' ? [2, 4, 8].includes(size) : match[1] === 'b' ? size === 1 : [1, 2, 4, 8].includes(size));
	if (!valid) throw new InputError(`${file} has dtype ${dtype}, expected bool, integers or floats`);
	return size;
}

export function parseNpy(bytes: Uint8Array, file: string): NpyArray {
	const {shape, dtype, fortran, dataOffset} = npyHeader(bytes, file);
	const size = itemSize(dtype, file);
	const count = shape.reduce((product, length) => product * length, 1);
	if (dataOffset + count * size > bytes.length) {
		throw new InputError(`${file} is truncated: its header says ${shape.join('×')} values of ${size} bytes, the file holds ${bytes.length - dataOffset} bytes of data`);
	}

	const kind = dtype.replace(/^[<>|=]/, '')[0]!;
	const little = !dtype.startsWith('>');
	let values: Uint8Array | Float64Array;
	if ((kind === 'u' || kind === 'b') && size === 1) {
		values = bytes.slice(dataOffset, dataOffset + count);
	} else {
		const view = new DataView(bytes.buffer, bytes.byteOffset + dataOffset, count * size);
		const read = reader(kind, size, view, little);
		values = new Float64Array(count);
		for (let i = 0; i < count; i++) values[i] = read(i * size);
	}

	return {shape, dtype, values: fortran && shape.length > 1 ? toCOrder(values, shape) : values};
}

function reader(kind: string, size: number, view: DataView, little: boolean): (offset: number) => number {
	if (kind === 'f') {
		if (size === 8) return offset => view.getFloat64(offset, little);
		if (size === 4) return offset => view.getFloat32(offset, little);
		return offset => halfToFloat(view.getUint16(offset, little));
	}

	const signed = kind === 'i';
	if (size === 1) return signed ? offset => view.getInt8(offset) : offset => view.getUint8(offset);
	if (size === 2) return signed ? offset => view.getInt16(offset, little) : offset => view.getUint16(offset, little);
	if (size === 4) return signed ? offset => view.getInt32(offset, little) : offset => view.getUint32(offset, little);
	return signed ? offset => Number(view.getBigInt64(offset, little)) : offset => Number(view.getBigUint64(offset, little));
}

function halfToFloat(bits: number): number {
	const sign = bits & 0x8000 ? -1 : 1;
	const exponent = (bits >> 10) & 0x1f;
	const fraction = bits & 0x3ff;
	if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
	if (exponent === 31) return fraction ? Number.NaN : sign * Infinity;
	return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Fortran order (first index fastest) to C order (last index fastest). */
function toCOrder<T extends Uint8Array | Float64Array>(values: T, shape: number[]): T {
	// Not values.constructor: a .npy's bytes are a Buffer's slice, and `new Buffer(n)` is deprecated (DEP0005).
	const out = (values instanceof Float64Array ? new Float64Array(values.length) : new Uint8Array(values.length)) as T;
	const rank = shape.length;
	const index = new Array<number>(rank).fill(0);
	const fortranStrides = shape.map((_, axis) => shape.slice(0, axis).reduce((product, length) => product * length, 1));
	for (let c = 0; c < values.length; c++) {
		let f = 0;
		for (let axis = 0; axis < rank; axis++) f += index[axis]! * fortranStrides[axis]!;
		out[c] = values[f]!;
		for (let axis = rank - 1; axis >= 0; axis--) {
			if (++index[axis]! < shape[axis]!) break;
			index[axis] = 0;
		}
	}

	return out;
}
