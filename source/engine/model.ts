/**
 * What a trainable model offers and how one is asked for — the tutorial's MLP (784 → 512 relu → dropout → 256 relu →
 * dropout → 10 softmax, Adam), its hidden widths options. Types only, so neither implementation imports the other.
 */
import type {ParamName} from './mlp-params.js';
import type {Team} from './team.js';

/**
 * Image rows as a model takes them: bytes 0..255 (every dataset), or real-valued pixels on the same scale, which may
 * leave 0..255 (VAT's perturbed images). The model's input is pixel/255 either way.
 */
export type PixelArray = Uint8Array | Float32Array;

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
	trainBatch(pixels: PixelArray, targets: Float32Array, weights: Float32Array): void;
	/** Mean weighted loss per trainBatch step since the last call (one read-back), and the number of those steps. */
	takeLoss(): {loss: number; steps: number};
	/** Softmax probabilities for the given rows (n × 10, row-major), chunked so memory stays bounded. */
	predict(images: PixelArray, rows: ArrayLike<number>): Float32Array;
	/**
	 * The gradient of each row's CE(tᵢ, softmax(f(xᵢ))) with respect to its input x = pixel/255 (n × input,
	 * row-major), without dropout: `pixels` n × input (real values allowed), `targets` n × classes, each row a
	 * distribution. It changes nothing in the model (weights, optimizer state, dropout stream). VAT's power iteration.
	 */
	inputGradient(pixels: PixelArray, targets: Float32Array): Float32Array;
	/**
	 * Accuracy on rows 0..count−1 (count = labels.length). With `predicted` (classes entries), also how many rows
	 * were given each class, added into it (core/one-class.ts reads a collapse from them).
	 */
	evaluate(images: Uint8Array, labels: Uint8Array, predicted?: Int32Array): number;
	/** Which implementation trains: `direct` (wasm kernels called on preallocated buffers) or `tfjs` (tfjs ops). */
	readonly engine: MlpEngine;
	/** A copy of the parameters, one augmented matrix per layer (outputs × (inputs + 1), row-major). */
	weights(): Record<ParamName, Float32Array>;
	/**
	 * Moves this model's weights towards `other`'s (same shape): p ← decay·p + (1 − decay)·p_other, in float32 as
	 * fround(fround(decay)·p) + fround(fround(1 − decay)·p_other) on both engines, so they give the same bits. decay 0
	 * copies `other`. Only the weights change (an EMA teacher never trains, so its optimizer state is left as it is);
	 * the direct engine counts it as a change of the weights, so a helper thread holding this model reloads it.
	 */
	blendFrom(other: Mlp, decay: number): void;
	/** The team it was created with, for a model that replaces it (a Noisy Student student) to share it too. */
	readonly team?: Team;
	dispose(): void;
}

export type MlpEngine = 'direct' | 'tfjs';

export interface MlpOptions {
	/** Seeds the initial weights and the dropout masks. */
	seed: number;
	learningRate: number;
	/** Dropout rate after each hidden layer; the tutorial's 0.3 by default, 0 turns dropout off. */
	dropout?: number;
	/** Pixels per image; 784 (28 × 28) by default. */
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
	/**
	 * The thread's team (team.ts, made once per worker with createTeam): the direct engine shares this model's steps
	 * and predictions with a helper thread whenever one is ready. Results are the same with or without it.
	 */
	team?: Team;
}
