/** Row counts both engines (direct-mlp.ts, tfjs-mlp.ts) and the team agree on: where work changes layout, and the split point. */

/**
 * Up to this many rows a prediction runs in the training layout (the weights the left operand, nothing re-packed):
 * online methods predict a 224-image batch at every step. Larger predictions go batch-major, chunk by chunk.
 */
export const smallBatchRows = 1024;

/** Rows per batch-major prediction chunk: keeps XNNPACK busy and the heap bounded (~13 MB of chunk buffers). */
export const predictionChunkRows = 2048;

/** Training steps of fewer rows are never split into parts (split-step.ts): not worth a second thread. */
export const minSplitRows = 8;

/** Small-batch predictions of fewer rows are never split. */
export const minSplitPredictRows = 64;

/** Chunked predictions (labeling the pool, scoring the test set) of fewer rows are never split. */
export const minSplitChunkRows = 2048;

/** Augmentation jobs of fewer images are never shared (an image takes ~10–30 µs; a command ~20–50 µs). */
export const minSplitAugmentImages = 32;

/** Rows of a split batch's first part (the lead's): ⌈n/2⌉; the rest are the second part's (the helper's). */
export function firstPartRows(n: number): number {
	return Math.ceil(n / 2);
}

export const splitsStep = (n: number): boolean => n >= minSplitRows;
export const splitsPrediction = (n: number): boolean => n >= minSplitPredictRows;
export const splitsChunks = (n: number): boolean => n >= minSplitChunkRows;
export const splitsAugmentation = (count: number): boolean => count >= minSplitAugmentImages;
