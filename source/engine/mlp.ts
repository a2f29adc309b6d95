/** The tutorial's MLP (784 → 512 relu → dropout → 256 relu → dropout → 10 softmax, Adam) as a small synchronous API. */
import * as tf from '@tensorflow/tfjs-core';
import {createRandom} from '../core/random.js';
import {createAdam, disposeParams} from './adam.js';
import {createBatchBuffers, fillDropoutMask, gatherBatch, type BatchBuffers} from './batch-buffers.js';
import {forEachLogitsChunk} from './inference.js';
import {initialParams, mnistShape, type MlpParams, type MlpShape} from './mlp-params.js';
import {stepGradients, type StepInputs} from './train-step.js';
import {createTransposedWeights} from './transposed-weights.js';
import {matrixTranspose, wasmHeap} from './wasm-heap.js';

/** A trainable model. Images are uint8 buffers of `input` bytes per row; rows are addressed by index. */
export interface Mlp {
	/**
	 * One epoch over `order` (row indices, already shuffled by the caller) in batches; synchronous.
	 * onBatch(samplesDone) is called after each batch (the caller uses it to pause or report progress; keep it cheap).
	 * Returns the epoch's mean training loss (read back once per epoch; NaN for an empty order).
	 */
	trainEpoch(
		images: Uint8Array,
		labels: Uint8Array,
		order: ArrayLike<number>,
		batchSize: number,
		onBatch?: (samplesDone: number) => void,
	): {loss: number};
	/** Softmax probabilities for the given rows (n × 10, row-major), chunked so memory stays bounded. */
	predict(images: Uint8Array, rows: ArrayLike<number>): Float32Array;
	/** Accuracy on rows 0..count−1 (count = labels.length). */
	evaluate(images: Uint8Array, labels: Uint8Array): number;
	dispose(): void;
}

export interface MlpOptions {
	/** Seeds the initial weights and the dropout masks. */
	seed: number;
	learningRate: number;
	/** Dropout rate after each hidden layer; the tutorial's 0.3 by default, 0 turns dropout off. */
	dropout?: number;
	/** Pixels per image; 784 (28 × 28) by default. */
	inputSize?: number;
}

// Keeps the dropout stream apart from the initialisation stream drawn from the same seed.
const dropoutSeedSalt = 0x9e37_79b9;

export function createMlp(options: MlpOptions): Mlp {
	const shape: MlpShape = {...mnistShape, input: options.inputSize ?? mnistShape.input};
	const rate = options.dropout ?? 0.3;
	if (!(rate >= 0 && rate < 1)) {
		throw new RangeError(`dropout must be in [0, 1), got ${rate}`);
	}

	let params: MlpParams = initialParams(shape, options.seed);
	const heap = wasmHeap();
	const adam = createAdam(params, {learningRate: options.learningRate}, heap);
	const transposed = heap ? createTransposedWeights(params, heap) : undefined;
	const transpose = matrixTranspose(heap);
	const dropoutRandom = createRandom((options.seed ^ dropoutSeedSalt) >>> 0);
	let buffers: BatchBuffers | undefined;
	let buffersBatch = 0;
	let disposed = false;

	function batchBuffers(batch: number): BatchBuffers {
		if (!buffers || buffersBatch < batch) {
			buffers = createBatchBuffers(shape, batch);
			buffersBatch = batch;
		}

		return buffers;
	}

	function uploadBatch(b: BatchBuffers, n: number): StepInputs {
		const width = shape.input + 1;
		const inputs = tf.div(tf.tensor2d(b.pixels.subarray(0, n * width), [n, width]), 255) as tf.Tensor2D;
		return {
			inputs,
			inputsT: transpose(inputs),
			oneHot: tf.tensor2d(b.oneHot.subarray(0, n * shape.classes), [n, shape.classes]),
			mask1: rate > 0 ? tf.tensor2d(b.mask1.subarray(0, shape.hidden1 * n), [shape.hidden1, n]) : null,
			mask2: rate > 0 ? tf.tensor2d(b.mask2.subarray(0, shape.hidden2 * n), [shape.hidden2, n]) : null,
		};
	}

	function requireLive(): void {
		if (disposed) {
			throw new Error('this Mlp has been disposed');
		}
	}

	return {
		trainEpoch(images, labels, order, batchSize, onBatch) {
			requireLive();
			if (!Number.isInteger(batchSize) || batchSize < 1) {
				throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
			}

			const total = order.length;
			if (total === 0) {
				return {loss: Number.NaN};
			}

			const b = batchBuffers(Math.min(batchSize, total));
			// The loss stays on the backend until the epoch ends: one read-back per epoch, not one per batch.
			let lossSum: tf.Scalar = tf.scalar(0);
			try {
				for (let start = 0; start < total; start += batchSize) {
					const n = Math.min(batchSize, total - start);
					gatherBatch(b, shape, images, labels, order, start, n);
					if (rate > 0) {
						fillDropoutMask(b.mask1, shape.hidden1 * n, rate, dropoutRandom);
						fillDropoutMask(b.mask2, shape.hidden2 * n, rate, dropoutRandom);
					}

					const step = tf.tidy(() => stepGradients(params, uploadBatch(b, n), {transposedWeights: transposed, transpose}));
					const next = adam.update(params, step.grads);
					tf.dispose(step.grads);
					if (next !== params) {
						disposeParams(params);
						params = next;
					}

					transposed?.refresh(params);
					const summed = tf.add(lossSum, step.lossSum) as tf.Scalar;
					lossSum.dispose();
					step.lossSum.dispose();
					lossSum = summed;
					onBatch?.(start + n);
				}

				return {loss: lossSum.dataSync()[0]! / total};
			} finally {
				lossSum.dispose();
			}
		},

		predict(images, rows) {
			requireLive();
			const probabilities = new Float32Array(rows.length * shape.classes);
			forEachLogitsChunk(params, shape, images, rows, rows.length, (logits, start) => {
				probabilities.set(tf.softmax(logits).dataSync(), start * shape.classes);
			});
			return probabilities;
		},

		evaluate(images, labels) {
			requireLive();
			let correct = 0;
			forEachLogitsChunk(params, shape, images, null, labels.length, (logits, start, size) => {
				const predicted = tf.argMax(logits, 1).dataSync();
				for (let i = 0; i < size; i++) {
					if (predicted[i] === labels[start + i]) {
						correct++;
					}
				}
			});
			return labels.length === 0 ? Number.NaN : correct / labels.length;
		},

		dispose() {
			if (!disposed) {
				disposed = true;
				disposeParams(params);
				adam.dispose();
				transposed?.dispose();
			}
		},
	};
}
