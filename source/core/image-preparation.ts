/**
 * How a loader turned image files or arrays into the dataset's bytes — recorded so new images can be prepared the
 * same way: an exported model's manifest carries it (summary/model-file.ts) and `predict` repeats it. The target shape
 * itself is the dataset descriptor's height × width × channels.
 */

/** How an image of another size is brought to the square side: letterboxed, centre-cropped or stretched. */
export type Fit = 'pad' | 'crop' | 'stretch';

export interface ImagePreparation {
	/**
	 * How images were brought to the dataset's height × width (area average); 'none': they were taken at their own
	 * size (IDX, NumPy and pixel CSVs when no image size is asked for), so new images must have that size.
	 */
	fit: Fit | 'none';
	/** The channel count every image was converted to (grey repeated to RGB, or RGB to luma), as in the descriptor. */
	channels: 1 | 3;
	/** Values flipped (255 − value) after fitting, when the user asked for it. */
	invert: boolean;
	/** NumPy pixels that were not bytes: mapped from [min, max] onto 0..255 and clipped. Absent: bytes as they were. */
	pixelRange?: [number, number];
}

/** What a model trained before the manifest recorded it (manifest version 1) was prepared with: letterboxed, no flip. */
export function letterboxed(channels: 1 | 3): ImagePreparation {
	return {fit: 'pad', channels, invert: false};
}

/** "letterboxed (pad), RGB, inverted, float pixels [0, 1] × 255": one phrase for notes and `predict`'s errors. */
export function preparationWords(preparation: ImagePreparation): string {
	const fit = preparation.fit === 'none' ? 'taken at their own size' : preparation.fit === 'pad' ? 'letterboxed' : preparation.fit === 'crop' ? 'centre-cropped' : 'stretched';
	const range = preparation.pixelRange ? `, pixels [${preparation.pixelRange[0]}, ${preparation.pixelRange[1]}] mapped to 0..255` : '';
	return `${fit}, ${preparation.channels === 3 ? 'RGB' : 'grey'}${preparation.invert ? ', inverted' : ''}${range}`;
}
