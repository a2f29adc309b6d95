/** Batch-major forward pass for prediction: dropout off, weights in Keras layout so XNNPACK packs them once per call. */
import * as tf from '@tensorflow/tfjs-core';
import {gatherPixels} from './batch-buffers.js';
import type {PixelArray} from './model.js';
import {denseWeights, type DenseWeights, type MlpParams, type MlpShape} from './mlp-params.js';
import {predictionChunkRows} from './row-limits.js';
import {matrixTranspose, wasmHeap} from './wasm-heap.js';

/** The three layers' kernels and biases, extracted once per predict/evaluate call and disposed after it. */
export type InferenceWeights = [DenseWeights, DenseWeights, DenseWeights];

export function inferenceWeights(params: MlpParams): InferenceWeights {
	const transpose = matrixTranspose(wasmHeap());
	return [denseWeights(params.p1, transpose), denseWeights(params.p2, transpose), denseWeights(params.p3, transpose)];
}

export function disposeInferenceWeights(weights: InferenceWeights): void {
	for (const {kernel, bias} of weights) {
		kernel.dispose();
		bias.dispose();
	}
}

/**
 * Runs `use` on the logits (n × classes) of each chunk of rows (or of rows 0..count−1 when `rows` is null), in order.
 * Here the kernels are the right operand: they do not change during the call, so XNNPACK packs each once and reuses it.
 */
export function forEachLogitsChunk(
	params: MlpParams,
	shape: MlpShape,
	images: PixelArray,
	rows: ArrayLike<number> | null,
	count: number,
	use: (logits: tf.Tensor2D, start: number, size: number) => void,
): void {
	if (count === 0) {
		return;
	}

	const chunk = Math.min(predictionChunkRows, count);
	const pixels = new Float32Array(chunk * shape.input);
	const weights = inferenceWeights(params);
	try {
		for (let start = 0; start < count; start += chunk) {
			const size = Math.min(chunk, count - start);
			gatherPixels(pixels, shape.input, false, images, rows, start, size);
			tf.tidy(() => {
				const x = tf.div(tf.tensor2d(pixels.subarray(0, size * shape.input), [size, shape.input]), 255) as tf.Tensor2D;
				use(logitsOf(weights, x), start, size);
			});
		}
	} finally {
		disposeInferenceWeights(weights);
	}
}

function logitsOf([l1, l2, l3]: InferenceWeights, x: tf.Tensor2D): tf.Tensor2D {
	const h1 = tf.fused.matMul({a: x, b: l1.kernel, bias: l1.bias, activation: 'relu'});
	const h2 = tf.fused.matMul({a: h1, b: l2.kernel, bias: l2.bias, activation: 'relu'});
	return tf.fused.matMul({a: h2, b: l3.kernel, bias: l3.bias}) as tf.Tensor2D;
}

/**
 * Logits (n × classes) of a small batch in the training layout: the weights stay the left operand, so nothing is
 * re-extracted or re-packed per call — what online methods need, predicting a 224-image batch at every step (the
 * batch-major path would transpose and pack all three weight matrices each time, ~40 % of such a step).
 * `inputsT` is (input + 1) × n with a trailing row of ones, as the training step takes it.
 */
export function smallBatchLogits(params: MlpParams, inputsT: tf.Tensor2D, transpose: (matrix: tf.Tensor2D) => tf.Tensor2D): tf.Tensor2D {
	return tf.tidy(() => {
		const ones = tf.ones([1, inputsT.shape[1]]);
		const h1 = tf.fused.matMul({a: params.p1, b: inputsT, activation: 'relu'}) as tf.Tensor2D;
		const h2 = tf.fused.matMul({a: params.p2, b: tf.concat([h1, ones], 0) as tf.Tensor2D, activation: 'relu'}) as tf.Tensor2D;
		return transpose(tf.matMul(params.p3, tf.concat([h2, ones], 0)) as tf.Tensor2D);
	});
}
