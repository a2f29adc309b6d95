/**
 * Decodes one PNG or JPEG file into 8-bit pixels, grey (1 channel) or RGB (3): palettes expanded, 16-bit and
 * low-bit-depth grey brought to 8 bits, alpha composited onto black, JPEG EXIF orientation applied. A file that is not
 * what its name says, or is cut short, is an InputError naming it.
 */
import {convertIndexedToRgb, decode as decodePngBytes, type DecodedPng} from 'fast-png';
import jpeg from 'jpeg-js';
import {InputError} from '../../core/input-error.js';
import {applyOrientation, exifOrientation} from './exif-orientation.js';
import {decodePlainPng} from './png-plain.js';

export interface DecodedImage {
	width: number;
	height: number;
	channels: 1 | 3;
	/** width × height × channels bytes, row-major, channels-last. */
	data: Uint8Array;
}

/** The largest image decoded: bigger photos are refused before the decoder allocates for them. */
const maxMegapixels = 64;

export function isPngBytes(bytes: Uint8Array): boolean {
	return bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
}

export function isJpegBytes(bytes: Uint8Array): boolean {
	return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/** Decodes by content (a .jpg that is really a PNG still loads); `file` names it in errors. */
export function decodeImage(bytes: Uint8Array, file: string): DecodedImage {
	if (bytes.length === 0) throw new InputError(`${file} is empty, expected a PNG or JPEG image`);
	if (isPngBytes(bytes)) return decodePng(bytes, file);
	if (isJpegBytes(bytes)) return decodeJpeg(bytes, file);
	throw new InputError(`${file} is not a PNG or JPEG image (its first bytes are neither signature)`);
}

function decodePng(bytes: Uint8Array, file: string): DecodedImage {
	// The IHDR size, checked before the decoder allocates for it.
	if (bytes.length >= 24) {
		const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		const megapixels = (view.getUint32(16) * view.getUint32(20)) / 1e6;
		if (megapixels > maxMegapixels) throw new InputError(`${file} is a PNG of ${view.getUint32(16)}×${view.getUint32(20)} pixels, expected at most ${maxMegapixels} megapixels`);
	}

	// Most PNGs (8-bit, not interlaced, no palette) take node:zlib's path; the rest, and any file it finds wrong, fast-png.
	const plain = decodePlainPng(bytes);
	if (plain) return fromChannels(plain.data, plain.width * plain.height, plain.channels, 1, plain.width, plain.height);
	let png: DecodedPng;
	try {
		png = decodePngBytes(bytes, {checkCrc: true});
	} catch (error) {
		throw new InputError(`${file} is a corrupt or truncated PNG (${messageOf(error)})`);
	}

	const {width, height} = png;
	if (width === 0 || height === 0) throw new InputError(`${file} is a PNG of ${width}×${height} pixels, expected at least 1×1`);
	const pixels = width * height;
	let channels = png.channels;
	let data: ArrayLike<number> = png.data;
	let depth: number = png.depth;
	if (png.palette) {
		try {
			data = convertIndexedToRgb(png);
		} catch (error) {
			throw new InputError(`${file} is a corrupt PNG palette image (${messageOf(error)})`);
		}

		channels = png.palette[0]?.length ?? 3;
		depth = 8;
	} else if (depth < 8) {
		data = unpackLowDepth(png.data as Uint8Array, width, height, channels, depth);
		depth = 8;
	}

	if (data.length < pixels * channels) throw new InputError(`${file} is a truncated PNG (fewer pixels than its ${width}×${height} header says)`);
	// 16-bit samples keep their high byte.
	const scale = depth === 16 ? 1 / 257 : 1;
	return fromChannels(data, pixels, channels, scale, width, height);
}

function decodeJpeg(bytes: Uint8Array, file: string): DecodedImage {
	let image: {width: number; height: number; data: Uint8Array; exifBuffer?: Uint8Array};
	try {
		// tolerantDecoding off: a truncated file is an error, not an image with a grey bottom half.
		image = jpeg.decode(bytes, {useTArray: true, formatAsRGBA: false, tolerantDecoding: false, maxResolutionInMP: maxMegapixels, maxMemoryUsageInMB: 1024});
	} catch (error) {
		throw new InputError(`${file} is a corrupt or truncated JPEG (${messageOf(error)})`);
	}

	if (image.width === 0 || image.height === 0 || image.data.length < image.width * image.height * 3) {
		throw new InputError(`${file} is a corrupt JPEG (no pixels decoded)`);
	}

	const upright = applyOrientation(image.data, image.width, image.height, 3, exifOrientation(image.exifBuffer));
	const pixels = upright.width * upright.height;
	// jpeg-js always returns RGB; a grey JPEG comes back with R = G = B, and is kept as 1 channel.
	return isGrey(upright.data, pixels) ? toGrey(upright.data, pixels, upright.width, upright.height) : {...upright, channels: 3};
}

/** Grey, grey + alpha, RGB or RGBA samples to 1 or 3 channels; alpha composites onto black. */
function fromChannels(data: ArrayLike<number>, pixels: number, channels: number, scale: number, width: number, height: number): DecodedImage {
	const colour = channels >= 3;
	const hasAlpha = channels === 2 || channels === 4;
	const alphaMax = scale === 1 ? 255 : 65535;
	const outChannels = colour ? 3 : 1;
	const out = new Uint8Array(pixels * outChannels);
	for (let p = 0; p < pixels; p++) {
		const alpha = hasAlpha ? data[p * channels + channels - 1]! / alphaMax : 1;
		for (let c = 0; c < outChannels; c++) {
			out[p * outChannels + c] = Math.round(data[p * channels + c]! * scale * alpha);
		}
	}

	const image: DecodedImage = {width, height, channels: outChannels, data: out};
	return colour && isGrey(out, pixels) ? toGrey(out, pixels, width, height) : image;
}

/** 1-, 2- and 4-bit grey rows (each padded to a byte) to one byte a sample, stretched to 0..255. */
function unpackLowDepth(packed: Uint8Array, width: number, height: number, channels: number, depth: number): Uint8Array {
	const perRow = Math.ceil((width * channels * depth) / 8);
	const samplesPerRow = width * channels;
	const max = (1 << depth) - 1;
	const out = new Uint8Array(samplesPerRow * height);
	for (let y = 0; y < height; y++) {
		for (let i = 0; i < samplesPerRow; i++) {
			const bit = i * depth;
			const byte = packed[y * perRow + (bit >> 3)] ?? 0;
			const value = (byte >> (8 - depth - (bit & 7))) & max;
			out[y * samplesPerRow + i] = Math.round((value * 255) / max);
		}
	}

	return out;
}

/** R, G and B within 2 of each other everywhere (JPEG chroma rounding): a grey picture stored as colour. */
function isGrey(rgb: Uint8Array, pixels: number): boolean {
	for (let p = 0; p < pixels; p++) {
		const r = rgb[p * 3]!;
		const g = rgb[p * 3 + 1]!;
		const b = rgb[p * 3 + 2]!;
		if (Math.abs(r - g) > 2 || Math.abs(g - b) > 2) return false;
	}

	return true;
}

function toGrey(rgb: Uint8Array, pixels: number, width: number, height: number): DecodedImage {
	const out = new Uint8Array(pixels);
	for (let p = 0; p < pixels; p++) out[p] = rgb[p * 3 + 1]!;
	return {width, height, channels: 1, data: out};
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
