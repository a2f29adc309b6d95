/**
 * The tfjs-ops reference path: the same mathematics as the direct engine, as tfjs ops (train-step.ts for a step,
 * inference.ts for predictions). It serves the cpu and node backends, and the tests hold the direct engine to it.
 * Deterministic on its own (one thread, no team); where its floats differ from the direct engine's, engine/README.md.
 */
import * as tf from '@tensorflow/tfjs-core';
import {createAdam, disposeParams, mapParams} from './adam.js';
import {
	epochBatches,
	gatherBatch,
	gatherPixels,
	gatherWeightedBatch,
	growingBatchBuffers,
	inputGradientRows,
	type BatchBuffers,
} from './batch-buffers.js';
import {fillStepMasks} from './dropout-streams.js';
import {forEachLogitsChunk, smallBatchLogits} from './inference.js';
import {checkBlendDecay, initialParams, type MlpParams, type MlpShape} from './mlp-params.js';
import type {Mlp} from './model.js';
import {smallBatchRows} from './row-limits.js';
import {stepGradients, type StepInputs} from './train-step.js';
import {createTransposedWeights} from './transposed-weights.js';
import {matrixTranspose, wasmHeap} from './wasm-heap.js';

export interface TfjsMlpOptions {
	shape: MlpShape;
	seed: number;
	learningRate: number;
	dropout: number;
	/** Keys the dropout masks' streams (create-mlp.ts passes the one the direct engine would use). */
	dropoutSeed: number;
}

export function createTfjsMlp(options: TfjsMlpOptions): Mlp {
	const {shape, dropoutSeed} = options;
	const rate = options.dropout;
	const heap = wasmHeap();
	let params: MlpParams = initialParams(shape, options.seed);
	const adam = createAdam(params, {learningRate: options.learningRate}, heap);
	const transposed = heap ? createTransposedWeights(params, heap) : undefined;
	const transpose = matrixTranspose(heap);
	const batchBuffers = growingBatchBuffers(shape);
	// Steps taken so far: with the dropout seed, the key of each step's masks.
	let steps = 0;
	let disposed = false;

	/** The batch's pixels and masks on the backend, with one-hot targets from `b` or the given soft ones and weights. */
	function uploadBatch(b: BatchBuffers, n: number, soft?: {targets: Float32Array; weights: Float32Array}): StepInputs {
		const width = shape.input + 1;
		const inputs = tf.div(tf.tensor2d(b.pixels.subarray(0, n * width), [n, width]), 255) as tf.Tensor2D;
		return {
			inputs,
			inputsT: transpose(inputs),
			targets: tf.tensor2d(soft?.targets ?? b.oneHot.subarray(0, n * shape.classes), [n, shape.classes]),
			weights: soft ? tf.tensor2d(soft.weights, [n, 1]) : null,
			mask1: rate > 0 ? tf.tensor2d(b.mask1.subarray(0, shape.hidden1 * n), [shape.hidden1, n]) : null,
			mask2: rate > 0 ? tf.tensor2d(b.mask2.subarray(0, shape.hidden2 * n), [shape.hidden2, n]) : null,
		};
	}

	/** Dropout masks for the batch's n rows, one Adam step, and the step's loss sum (still on the backend). */
	function step(b: BatchBuffers, n: number, upload: () => StepInputs): tf.Scalar {
		const step = steps++;
		// The masks the direct engine draws part by part, in the batch layout.
		if (rate > 0) fillStepMasks(b.mask1, b.mask2, shape, n, {rate, seed: dropoutSeed, step});

		const result = tf.tidy(() => stepGradients(params, upload(), {transposedWeights: transposed, transpose}));
		const next = adam.update(params, result.grads);
		tf.dispose(result.grads);
		if (next !== params) {
			disposeParams(params);
			params = next;
		}

		transposed?.refresh(params);
		return result.lossSum;
	}

	// trainBatch's running loss: summed on the backend, read back by takeLoss.
	let batchLoss: tf.Scalar | undefined;
	let batchSteps = 0;

	function requireLive(): void {
		if (disposed) {
			throw new Error('this Mlp has been disposed');
		}
	}

	return {
		trainEpoch(images, labels, order, batchSize, onBatch) {
			requireLive();
			const batches = epochBatches(order.length, batchSize);
			if (batches.length === 0) {
				return {loss: Number.NaN};
			}

			const b = batchBuffers(batches[0]![1]);
			// The loss stays on the backend until the epoch ends: one read-back per epoch, not one per batch.
			let lossSum: tf.Scalar = tf.scalar(0);
			try {
				for (const [start, n] of batches) {
					gatherBatch(b, shape, images, labels, order, start, n);
					const stepLoss = step(b, n, () => uploadBatch(b, n));
					const summed = tf.add(lossSum, stepLoss) as tf.Scalar;
					lossSum.dispose();
					stepLoss.dispose();
					lossSum = summed;
					onBatch?.(start + n);
				}

				return {loss: lossSum.dataSync()[0]! / order.length};
			} finally {
				lossSum.dispose();
			}
		},

		trainBatch(pixels, targets, weights) {
			requireLive();
			const batch = gatherWeightedBatch(shape, batchBuffers, pixels, targets, weights);
			if (!batch) {
				return;
			}

			const {b, n} = batch;
			const stepLoss = step(b, n, () => uploadBatch(b, n, {targets: batch.targets, weights: batch.weights}));
			if (batchLoss) {
				const summed = tf.add(batchLoss, stepLoss) as tf.Scalar;
				batchLoss.dispose();
				stepLoss.dispose();
				batchLoss = summed;
			} else {
				batchLoss = stepLoss;
			}

			batchSteps++;
		},

		takeLoss() {
			requireLive();
			const steps = batchSteps;
			const loss = batchLoss ? batchLoss.dataSync()[0]! / Math.max(steps, 1) : Number.NaN;
			batchLoss?.dispose();
			batchLoss = undefined;
			batchSteps = 0;
			return {loss, steps};
		},

		predict(images, rows) {
			requireLive();
			if (rows.length > 0 && rows.length <= smallBatchRows) {
				const width = shape.input + 1;
				const pixels = new Float32Array(rows.length * width);
				gatherPixels(pixels, shape.input, true, images, rows, 0, rows.length);
				return tf.tidy(() => {
					const inputs = tf.div(tf.tensor2d(pixels, [rows.length, width]), 255) as tf.Tensor2D;
					return tf.softmax(smallBatchLogits(params, transpose(inputs), transpose)).dataSync() as Float32Array;
				});
			}

			const probabilities = new Float32Array(rows.length * shape.classes);
			forEachLogitsChunk(params, shape, images, rows, rows.length, (logits, start) => {
				probabilities.set(tf.softmax(logits).dataSync(), start * shape.classes);
			});
			return probabilities;
		},

		evaluate(images, labels, predictedCounts) {
			requireLive();
			let correct = 0;
			forEachLogitsChunk(params, shape, images, null, labels.length, (logits, start, size) => {
				const predicted = tf.argMax(logits, 1).dataSync();
				for (let i = 0; i < size; i++) {
					if (predicted[i] === labels[start + i]) {
						correct++;
					}

					if (predictedCounts) predictedCounts[predicted[i]!]!++;
				}
			});
			return labels.length === 0 ? Number.NaN : correct / labels.length;
		},

		inputGradient(pixels, targets) {
			requireLive();
			const n = inputGradientRows(shape, pixels, targets);
			if (n === 0) {
				return new Float32Array(0);
			}

			const b = batchBuffers(n);
			gatherPixels(b.pixels, shape.input, true, pixels, null, 0, n);
			return tf.tidy(() => {
				// No dropout, and weight 1 per row: each row's gradient is its own CE's.
				const inputs = uploadBatch(b, n, {targets, weights: new Float32Array(n).fill(1)});
				const result = stepGradients(params, {...inputs, mask1: null, mask2: null}, {transposedWeights: transposed, transpose}, {inputGradient: true});
				return result.inputGradient!.dataSync() as Float32Array;
			});
		},

		engine: 'tfjs',

		weights() {
			requireLive();
			return {p1: params.p1.dataSync() as Float32Array, p2: params.p2.dataSync() as Float32Array, p3: params.p3.dataSync() as Float32Array};
		},

		blendFrom(other, decay) {
			requireLive();
			checkBlendDecay(decay);
			const source = other.weights();
			const next = tf.tidy(() => {
				const d = tf.scalar(decay);
				const e = tf.scalar(1 - decay);
				return mapParams(params, (p, name) => tf.add(tf.mul(p, d), tf.mul(tf.tensor2d(source[name], p.shape), e)));
			});
			disposeParams(params);
			params = next;
			transposed?.refresh(params);
		},

		dispose() {
			if (!disposed) {
				disposed = true;
				disposeParams(params);
				adam.dispose();
				transposed?.dispose();
				batchLoss?.dispose();
			}
		},
	};
}
