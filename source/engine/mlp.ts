/**
 * The tutorial's MLP (784 → 512 relu → dropout → 256 relu → dropout → 10 softmax, Adam) as a small synchronous API;
 * the two hidden widths are options (a wider Noisy Student, say) and take the same fast path.
 */
import * as tf from '@tensorflow/tfjs-core';
import {createRandom} from '../core/random.js';
import {createAdam, disposeParams} from './adam.js';
import {epochBatches, fillDropoutMask, gatherBatch, gatherPixels, gatherWeightedBatch, growingBatchBuffers, type BatchBuffers} from './batch-buffers.js';
import {forEachLogitsChunk, smallBatchLogits, smallBatchRows} from './inference.js';
import {initialParams, mnistShape, type MlpParams, type MlpShape, type ParamName} from './mlp-params.js';
import {createDirectMlp} from './direct-mlp.js';
import {directEngineAvailable} from './wasm-internals.js';
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
	/**
	 * One Adam step on n given rows (online methods): loss = Σᵢ wᵢ · CE(tᵢ, softmax(zᵢ)), with dropout as in training.
	 * `pixels` holds n × input raw bytes, `targets` n × classes (each row a distribution, or all zero with wᵢ = 0),
	 * `weights` n entries (1/n for the batch mean). Rows with weight 0 add nothing to the gradient and are left out of
	 * the step. Nothing is read back: the weighted loss accumulates on the backend until `takeLoss`.
	 */
	trainBatch(pixels: Uint8Array, targets: Float32Array, weights: Float32Array): void;
	/** Mean weighted loss per trainBatch step since the last call (one read-back), and the number of those steps. */
	takeLoss(): {loss: number; steps: number};
	/** Softmax probabilities for the given rows (n × 10, row-major), chunked so memory stays bounded. */
	predict(images: Uint8Array, rows: ArrayLike<number>): Float32Array;
	/** Accuracy on rows 0..count−1 (count = labels.length). */
	evaluate(images: Uint8Array, labels: Uint8Array): number;
	/** Which implementation trains: `direct` (wasm kernels called on preallocated buffers) or `tfjs` (tfjs ops). */
	readonly engine: MlpEngine;
	/** A copy of the parameters, one augmented matrix per layer (outputs × (inputs + 1), row-major). */
	weights(): Record<ParamName, Float32Array>;
	dispose(): void;
}

export type MlpEngine = 'direct' | 'tfjs';

export interface MlpOptions {
	/** Seeds the initial weights and the dropout masks. */
	seed: number;
	learningRate: number;
	/** Dropout rate after each hidden layer; the tutorial's 0.3 by default, 0 turns dropout off. */
	dropout?: number;
	/** Numbers per sample (datasetModelSize(info) gives it); MNIST's 784 by default. */
	inputSize?: number;
	/** Output classes K (datasetModelSize(info) gives it); MNIST's 10 by default. */
	classes?: number;
	/** Widths of the two hidden layers; the tutorial's [512, 256] by default. */
	hidden?: readonly number[];
	/**
	 * `tfjs` forces the tfjs-ops path (the reference the direct engine is tested against). By default the wasm
	 * backend gets the direct engine, any other backend the tfjs path.
	 */
	engine?: MlpEngine;
}

// Keeps the dropout stream apart from the initialisation stream drawn from the same seed.
const dropoutSeedSalt = 0x9e37_79b9;

export function createMlp(options: MlpOptions): Mlp {
	const shape = mlpShape(options);
	const rate = options.dropout ?? 0.3;
	if (!(rate >= 0 && rate < 1)) {
		throw new RangeError(`dropout must be in [0, 1), got ${rate}`);
	}

	const dropoutRandom = createRandom((options.seed ^ dropoutSeedSalt) >>> 0);
	const heap = wasmHeap();
	if (heap && options.engine !== 'tfjs' && directEngineAvailable()) {
		return createDirectMlp({shape, seed: options.seed, learningRate: options.learningRate, dropout: rate, dropoutRandom, kernels: heap.kernels});
	}

	let params: MlpParams = initialParams(shape, options.seed);
	const adam = createAdam(params, {learningRate: options.learningRate}, heap);
	const transposed = heap ? createTransposedWeights(params, heap) : undefined;
	const transpose = matrixTranspose(heap);
	const batchBuffers = growingBatchBuffers(shape);
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
		if (rate > 0) {
			fillDropoutMask(b.mask1, shape.hidden1 * n, rate, dropoutRandom);
			fillDropoutMask(b.mask2, shape.hidden2 * n, rate, dropoutRandom);
		}

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

		engine: 'tfjs',

		weights() {
			requireLive();
			return {p1: params.p1.dataSync() as Float32Array, p2: params.p2.dataSync() as Float32Array, p3: params.p3.dataSync() as Float32Array};
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

/** The layer widths for these options; throws on anything but two positive integer hidden widths. */
export function mlpShape(options: Pick<MlpOptions, 'inputSize' | 'classes' | 'hidden'>): MlpShape {
	const hidden = options.hidden ?? [mnistShape.hidden1, mnistShape.hidden2];
	if (hidden.length !== 2 || !hidden.every(width => Number.isInteger(width) && width > 0)) {
		throw new RangeError(`hidden must be two positive integer widths, got [${hidden.join(', ')}]`);
	}

	return {input: options.inputSize ?? mnistShape.input, hidden1: hidden[0]!, hidden2: hidden[1]!, classes: options.classes ?? mnistShape.classes};
}
