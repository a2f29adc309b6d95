/**
 * JPEG EXIF orientation: phones store photos as the sensor saw them and record the turn in an EXIF tag, which the
 * decoder ignores. This reads the tag (TIFF structure in the APP1 segment) and turns the pixels upright.
 */

/** The orientation tag's value (1 = upright … 8), or 1 when the EXIF block has none or is malformed. */
export function exifOrientation(block: Uint8Array | undefined): number {
	// jpeg-js hands over the APP1 payload after "Exif\0", so the second pad byte of "Exif\0\0" may still lead: then a
	// TIFF header, then IFD0.
	const exif = block?.[0] === 0 ? block.subarray(1) : block;
	if (exif === undefined || exif.length < 14) return 1;
	const view = new DataView(exif.buffer, exif.byteOffset, exif.byteLength);
	const order = view.getUint16(0);
	if (order !== 0x4949 && order !== 0x4d4d) return 1;
	const little = order === 0x4949;
	const ifd = view.getUint32(4, little);
	if (ifd + 2 > exif.length) return 1;
	const entries = view.getUint16(ifd, little);
	for (let i = 0; i < entries; i++) {
		const entry = ifd + 2 + i * 12;
		if (entry + 12 > exif.length) return 1;
		if (view.getUint16(entry, little) === 0x0112) {
			const value = view.getUint16(entry + 8, little);
			return value >= 1 && value <= 8 ? value : 1;
		}
	}

	return 1;
}

/** Turns `data` (width × height × channels, row-major) upright for EXIF orientation 1–8. */
export function applyOrientation(
	data: Uint8Array,
	width: number,
	height: number,
	channels: number,
	orientation: number,
): {data: Uint8Array; width: number; height: number} {
	if (orientation <= 1 || orientation > 8) return {data, width, height};
	// Orientations 5–8 swap the axes: the upright image is height wide.
	const swap = orientation >= 5;
	const outWidth = swap ? height : width;
	const outHeight = swap ? width : height;
	const out = new Uint8Array(data.length);
	for (let y = 0; y < outHeight; y++) {
		for (let x = 0; x < outWidth; x++) {
			// Where the upright pixel (x, y) sits in the stored image.
			let sx: number;
			let sy: number;
			switch (orientation) {
				case 2: sx = width - 1 - x; sy = y; break;
				case 3: sx = width - 1 - x; sy = height - 1 - y; break;
				case 4: sx = x; sy = height - 1 - y; break;
				case 5: sx = y; sy = x; break;
				case 6: sx = y; sy = height - 1 - x; break;
				case 7: sx = width - 1 - y; sy = height - 1 - x; break;
				default: sx = width - 1 - y; sy = x; break;
			}

			const from = (sy * width + sx) * channels;
			const to = (y * outWidth + x) * channels;
			for (let c = 0; c < channels; c++) out[to + c] = data[from + c]!;
		}
	}

	return {data: out, width: outWidth, height: outHeight};
}
