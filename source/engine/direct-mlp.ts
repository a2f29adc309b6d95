/**
 * The Mlp API over the direct engine (direct-model.ts): batches gathered as the tfjs path gathers them, the same
 * dropout stream, every step in the canonical parts (split-step.ts) — shared with a helper thread through the team
 * given in the options (team.ts) whenever one is ready, computed alone otherwise, with the same result either way.
 */
import {
	epochBatches,
	gatherBatch,
	gatherPixels,
	gatherWeightedBatch,
	growingBatchBuffers,
	inputGradientRows,
	type BatchBuffers,
} from './batch-buffers.js';
import {createDirectModel, softmaxRows, type DirectModel} from './direct-model.js';
import type {MlpShape} from './mlp-params.js';
import type {Mlp} from './model.js';
import {smallBatchRows} from './row-limits.js';
import {chunksAlone, predictAlone, stepAlone, type StepBatch} from './split-step.js';
import type {Team} from './team.js';
import type {WasmKernels} from './wasm-kernels.js';

export interface DirectMlpOptions {
	shape: MlpShape;
	seed: number;
	learningRate: number;
	dropout: number;
	/** Keys the dropout masks' streams (dropout-streams.ts; create-mlp.ts passes the one its tfjs path would use). */
	dropoutSeed: number;
	kernels: WasmKernels;
	/** The thread's team; without one every step and prediction is computed alone (in the same parts). */
	team?: Team;
}

/** What a team does, done by this thread alone: the same canonical parts, so the same floats. */
function aloneTeam(): Pick<Team, 'step' | 'predict' | 'chunks'> {
	return {
		step: (model: DirectModel, batch: StepBatch) => stepAlone(model, batch),
		predict: predictAlone,
		chunks: chunksAlone,
	};
}

/** Each direct Mlp's model, so a blend between two of them reads the other's weights in the heap, without a copy. */
const directModels = new WeakMap<Mlp, DirectModel>();

export function createDirectMlp(options: DirectMlpOptions): Mlp {
	const {shape, dropoutSeed, learningRate} = options;
	const rate = options.dropout;
	const model = createDirectModel(shape, options.seed, learningRate, options.kernels);
	const team = options.team ?? aloneTeam();
	const batchBuffers = growingBatchBuffers(shape);
	let batchLoss = 0;
	let batchSteps = 0;
	// Steps taken so far: with the dropout seed, the key of each step's masks.
	let steps = 0;
	let disposed = false;

	/** One Adam step on the n rows gathered into `b`; returns the loss sum. */
	function trainStep(b: BatchBuffers, n: number, targets: Float32Array, weights: Float32Array | null): number {
		const step = steps++;
		return team.step(model, {
			n,
			pixels: b.pixels.subarray(0, n * (shape.input + 1)),
			targets: targets.subarray(0, n * shape.classes),
			weights,
			meanWeight: Math.fround(1 / n),
			// Each part's masks are drawn by whoever computes it (dropout-streams.ts).
			dropout: rate > 0 ? {rate, seed: dropoutSeed, step} : null,
		});
	}

	function requireLive(): void {
		if (disposed) {
			throw new Error('this Mlp has been disposed');
		}
	}

	const mlp: Mlp = {
		engine: 'direct',
		team: options.team,

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

			if (n <= smallBatchRows) {
				// Online methods predict a batch at every step, in the training layout.
				const b = batchBuffers(n);
				gatherPixels(b.pixels, shape.input, true, images, rows, 0, n);
				team.predict(model, b.pixels, n, probabilities);
				return probabilities;
			}

			// Labeling the pool: batch-major, chunk by chunk.
			team.chunks(model, images, rows, n, (logits, at, start, size) => {
				softmaxRows(logits, at, size, classes, probabilities, start * classes);
			});
			return probabilities;
		},

		evaluate(images, labels, predicted) {
			requireLive();
			if (labels.length === 0) {
				return Number.NaN;
			}

			const {classes} = shape;
			let correct = 0;
			// The test set each epoch.
			team.chunks(model, images, null, labels.length, (logits, at, start, size) => {
				for (let j = 0; j < size; j++) {
					const row = at + j * classes;
					let best = 0;
					for (let c = 1; c < classes; c++) {
						if (logits[row + c]! > logits[row + best]!) best = c;
					}

					if (best === labels[start + j]) correct++;
					if (predicted) predicted[best]!++;
				}
			});
			return correct / labels.length;
		},

		// On the lead alone, unsplit, on the model's own buffers for it (engine/README.md rule 15): whoever else holds
		// this model is not involved, and a team's helper keeps the weights it holds (the version does not change).
		inputGradient(pixels, targets) {
			requireLive();
			const n = inputGradientRows(shape, pixels, targets);
			const gradient = new Float32Array(n * shape.input);
			if (n === 0) {
				return gradient;
			}

			const b = batchBuffers(n);
			gatherPixels(b.pixels, shape.input, true, pixels, null, 0, n);
			model.inputGradients({n, pixels: b.pixels.subarray(0, n * (shape.input + 1)), targets}, gradient);
			return gradient;
		},

		weights() {
			requireLive();
			return model.weights();
		},

		blendFrom(other, decay) {
			requireLive();
			// Another direct model's weights are read in place (one heap); any other Mlp through a copy.
			const source = directModels.get(other);
			model.blend(source ? source.paramViews() : other.weights(), decay);
		},

		dispose() {
			if (!disposed) {
				disposed = true;
				model.dispose();
			}
		},
	};
	directModels.set(mlp, model);
	return mlp;
}
