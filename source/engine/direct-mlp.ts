/**
 * The Mlp API over the direct engine (direct-model.ts): batches gathered as the tfjs path gathers them, the same
 * dropout stream, and — when this thread has a team (team.ts) with a helper on a free core — each step shared with it.
 */
import type {Random} from '../core/random.js';
import {epochBatches, fillDropoutMask, gatherBatch, gatherPixels, gatherWeightedBatch, growingBatchBuffers, type BatchBuffers} from './batch-buffers.js';
import {createDirectModel, smallRows, softmaxRows, type StepRows} from './direct-model.js';
import type {MlpShape} from './mlp-params.js';
import type {Mlp} from './mlp.js';
import {createTeamLead, type TeamLead} from './team.js';
import type {WasmKernels} from './wasm-kernels.js';

export interface DirectMlpOptions {
	shape: MlpShape;
	seed: number;
	learningRate: number;
	dropout: number;
	/** The dropout masks' stream (mlp.ts passes the same one its tfjs path would use). */
	dropoutRandom: Random;
	kernels: WasmKernels;
}

// One team per thread: the training worker joins it once; every model it then creates shares steps with the helper.
let team: TeamLead | undefined;
let nextModelId = 1;
const stats = {shared: 0, alone: 0};
let sharedPredictions = 0;

/** Steps this thread took with its helper and alone (for tests and the benchmark). */
export function teamSteps(): {shared: number; alone: number} {
	return {...stats};
}

/** Predictions and evaluations this thread shared with its helper. */
export function teamPredictions(): number {
	return sharedPredictions;
}

/**
 * Lets this thread's direct models share their steps through `buffer` (see team.ts); undefined leaves the team.
 * `images`: views of the image sets the helper has too (the shared train and test images), so predictions over them
 * can be shared.
 */
export function joinTeam(buffer: SharedArrayBuffer | undefined, images: Uint8Array[] = []): void {
	team = buffer ? createTeamLead(buffer, images) : undefined;
}

export function createDirectMlp(options: DirectMlpOptions): Mlp {
	const {shape, dropoutRandom, learningRate} = options;
	const rate = options.dropout;
	const model = createDirectModel(shape, options.seed, learningRate, options.kernels);
	const modelId = nextModelId++;
	const batchBuffers = growingBatchBuffers(shape);
	let batchLoss = 0;
	let batchSteps = 0;
	let disposed = false;

	/** One Adam step on the n rows gathered into `b`; returns the loss sum. */
	function trainStep(b: BatchBuffers, n: number, targets: Float32Array, weights: Float32Array | null): number {
		if (rate > 0) {
			fillDropoutMask(b.mask1, shape.hidden1 * n, rate, dropoutRandom);
			fillDropoutMask(b.mask2, shape.hidden2 * n, rate, dropoutRandom);
		}

		const rows: StepRows = {
			n,
			pixels: b.pixels.subarray(0, n * (shape.input + 1)),
			targets: targets.subarray(0, n * shape.classes),
			weights,
			meanWeight: Math.fround(1 / n),
			mask1: rate > 0 ? b.mask1.subarray(0, shape.hidden1 * n) : null,
			mask2: rate > 0 ? b.mask2.subarray(0, shape.hidden2 * n) : null,
		};
		const shared = team?.step(model, modelId, rows, learningRate);
		if (shared !== undefined && shared !== null) {
			stats.shared++;
			return shared;
		}

		stats.alone++;
		team?.stale(modelId);
		const loss = model.gradients(rows);
		model.adam();
		return loss;
	}

	function requireLive(): void {
		if (disposed) {
			throw new Error('this Mlp has been disposed');
		}
	}

	return {
		engine: 'direct',

		trainEpoch(images, labels, order, batchSize, onBatch) {
			requireLive();
			const batches = epochBatches(order.length, batchSize);
			if (batches.length === 0) {
				return {loss: Number.NaN};
			}

			const b = batchBuffers(batches[0]![1]);
			let lossSum = 0;
			for (const [start, n] of batches) {
				gatherBatch(b, shape, images, labels, order, start, n);
				lossSum += trainStep(b, n, b.oneHot, null);
				onBatch?.(start + n);
			}

			return {loss: lossSum / order.length};
		},

		trainBatch(pixels, targets, weights) {
			requireLive();
			const batch = gatherWeightedBatch(shape, batchBuffers, pixels, targets, weights);
			if (!batch) {
				return;
			}

			batchLoss += trainStep(batch.b, batch.n, batch.targets, batch.weights);
			batchSteps++;
		},

		takeLoss() {
			requireLive();
			const steps = batchSteps;
			const loss = steps > 0 ? batchLoss / steps : Number.NaN;
			batchLoss = 0;
			batchSteps = 0;
			return {loss, steps};
		},

		predict(images, rows) {
			requireLive();
			const n = rows.length;
			const {classes} = shape;
			const probabilities = new Float32Array(n * classes);
			if (n === 0) {
				return probabilities;
			}

			if (n <= smallRows) {
				const b = batchBuffers(n);
				gatherPixels(b.pixels, shape.input, true, images, rows, 0, n);
				// Online methods predict a batch at every step: the helper takes half of it too.
				if (team?.predict(model, modelId, b.pixels, n, probabilities, learningRate)) {
					sharedPredictions++;
				} else {
					model.predictSmall(b.pixels, n, probabilities);
				}

				return probabilities;
			}

			const softmax = (logits: Float32Array, at: number, start: number, size: number) => {
				softmaxRows(logits, at, size, classes, probabilities, start * classes);
			};

			// Labeling the pool: the helper takes half of the rows when it has these images too.
			if (team?.chunks(model, modelId, images, rows, n, learningRate, softmax)) {
				sharedPredictions++;
			} else {
				model.forEachChunk(images, rows, n, softmax);
			}

			return probabilities;
		},

		evaluate(images, labels) {
			requireLive();
			if (labels.length === 0) {
				return Number.NaN;
			}

			const {classes} = shape;
			let correct = 0;
			const score = (logits: Float32Array, at: number, start: number, size: number) => {
				for (let j = 0; j < size; j++) {
					const row = at + j * classes;
					let best = 0;
					for (let c = 1; c < classes; c++) {
						if (logits[row + c]! > logits[row + best]!) best = c;
					}

					if (best === labels[start + j]) correct++;
				}
			};

			// The test set each epoch: the helper scores half of it when it has these images too.
			if (team?.chunks(model, modelId, images, null, labels.length, learningRate, score)) {
				sharedPredictions++;
			} else {
				model.forEachChunk(images, null, labels.length, score);
			}

			return correct / labels.length;
		},

		weights() {
			requireLive();
			return model.weights();
		},

		dispose() {
			if (!disposed) {
				disposed = true;
				team?.stale(modelId);
				model.dispose();
			}
		},
	};
}
