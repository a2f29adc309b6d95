/** Forward and hand-written backward pass of the MLP for one batch, using only the matMul form XNNPACK accelerates. */
// tfjs-wasm sends a matMul to XNNPACK only when neither operand is transposed (otherwise it runs a naive loop, ~15×
// slower), so every transpose here is an explicit op and every matMul the plain form.
import * as tf from '@tensorflow/tfjs-core';
import type {MlpParams} from './mlp-params.js';

/** One batch of n images on the backend. */
export interface StepInputs {
	/** Feature-major pixels in [0, 1] with a trailing row of ones: (input + 1) × n. */
	inputsT: tf.Tensor2D;
	/** The same pixels batch-major with a trailing column of ones: n × (input + 1). */
	inputs: tf.Tensor2D;
	/** Targets, n × classes: one-hot labels, or any distribution per row (soft targets); all-zero for a masked row. */
	targets: tf.Tensor2D;
	/**
	 * Per-sample loss weights, n × 1, or null for the batch mean (every weight 1/n, kept as one scalar: the
	 * epoch loop's exact numerics and its one broadcast-free multiply).
	 */
	weights: tf.Tensor2D | null;
	/** Inverted-dropout masks for the two hidden layers (hidden × n), or null for no dropout. */
	mask1: tf.Tensor2D | null;
	mask2: tf.Tensor2D | null;
}

/** Faster ways to get what the pass needs, when the caller has them (the wasm backend does). */
export interface StepHelpers {
	/** p2ᵀ and p3ᵀ, kept current by the caller. */
	transposedWeights?: {p2: tf.Tensor2D; p3: tf.Tensor2D};
	/** A matrix transpose to use instead of tf.transpose. */
	transpose?: (matrix: tf.Tensor2D) => tf.Tensor2D;
}

/**
 * Gradients of the batch's loss, shaped like the parameters, and a loss sum: without weights, the summed
 * (unweighted) cross-entropy, which the epoch loop divides by the epoch size; with weights, the weighted loss itself.
 */
export type StepResult = {
	grads: MlpParams;
	lossSum: tf.Scalar;
	/** With `{inputGradient: true}`: the loss's gradient wrt each row's input x (n × input, batch-major). */
	inputGradient?: tf.Tensor2D;
};

/**
 * Weighted cross-entropy with (possibly soft) targets, loss = Σᵢ wᵢ · CE(tᵢ, softmax(zᵢ)), and its gradients; with
 * one-hot targets and wᵢ = 1/n it is Keras's sparse categorical cross-entropy (computed from the logits, as here).
 * The gradient wrt the logits is wᵢ·(pᵢ − tᵢ), valid when each target row sums to 1 — or when wᵢ = 0 (a masked row). Activations are feature-major (units × n) so the weights are always the left operand: the right operand
 * is the one tfjs-wasm packs for XNNPACK on every call, and packing a batch is far cheaper than packing a weight matrix.
 * They must stay on the left: XNNPACK caches the packed right operand by tensor id, and the fused Adam (adam.ts)
 * rewrites the weights in place, which would leave such a cache stale.
 */
export function stepGradients(params: MlpParams, batch: StepInputs, helpers: StepHelpers = {}, wanted: {inputGradient?: boolean} = {}): StepResult {
	const transpose = helpers.transpose ?? ((matrix: tf.Tensor2D) => tf.transpose(matrix));
	const transposed = helpers.transposedWeights;
	return tf.tidy(() => {
		const {p1, p2, p3} = params;
		const n = batch.inputs.shape[0];
		const hidden1 = p1.shape[0];
		const hidden2 = p2.shape[0];
		const ones = tf.ones([1, n]);

		// Forward. relu is fused into the matMul; the ones row turns the next layer's bias column into "+ b".
		const h1 = tf.fused.matMul({a: p1, b: batch.inputsT, activation: 'relu'}) as tf.Tensor2D;
		const h1Dropped = batch.mask1 ? tf.mul(h1, batch.mask1) : h1;
		const a1 = tf.concat([h1Dropped, ones], 0) as tf.Tensor2D;
		const h2 = tf.fused.matMul({a: p2, b: a1, activation: 'relu'}) as tf.Tensor2D;
		const h2Dropped = batch.mask2 ? tf.mul(h2, batch.mask2) : h2;
		const a2 = tf.concat([h2Dropped, ones], 0) as tf.Tensor2D;
		const logits = transpose(tf.matMul(p3, a2));
		// Log-softmax by hand: tf.logSoftmax wraps the same kernels in a customGrad that costs more than they do.
		const shifted = tf.sub(logits, tf.max(logits, 1, true));
		const exps = tf.exp(shifted);
		const sumExps = tf.sum(exps, 1, true);
		const logProbs = tf.sub(shifted, tf.log(sumExps));
		const rowLosses = tf.mul(logProbs, batch.targets);
		const weights = batch.weights;
		const lossSum = tf.neg(weights ? tf.sum(tf.mul(tf.sum(rowLosses, 1, true), weights)) : tf.sum(rowLosses)) as tf.Scalar;

		// Backward: wᵢ·(pᵢ − tᵢ), or (pᵢ − tᵢ)/n for the batch mean.
		const dLogits = tf.mul(tf.sub(tf.div(exps, sumExps), batch.targets), weights ?? 1 / n);
		const dz3 = transpose(dLogits as tf.Tensor2D);
		// (a2 · dLogits)ᵀ rather than dz3 · a2ᵀ: the packed right operand is then n × 10, not n × (hidden2 + 1).
		const g3 = transpose(tf.matMul(a2, dLogits as tf.Tensor2D));
		const dh2 = tf.slice(tf.matMul(transposed?.p3 ?? transpose(p3), dz3), [0, 0], [hidden2, n]);
		const dz2 = tf.mul(dh2, reluDropoutGate(h2, batch.mask2));
		const g2 = tf.matMul(dz2, transpose(a1)) as tf.Tensor2D;
		const dh1 = tf.slice(tf.matMul(transposed?.p2 ?? transpose(p2), dz2), [0, 0], [hidden1, n]);
		const dz1 = tf.mul(dh1, reluDropoutGate(h1, batch.mask1));
		const g1 = tf.matMul(dz1, batch.inputs) as tf.Tensor2D;
		const grads = {p1: g1, p2: g2, p3: g3};
		if (!wanted.inputGradient) {
			return {grads, lossSum};
		}

		// One matMul further back, through the first layer (VAT): dx = p1ᵀ · dz1 without the bias row, batch-major.
		const input = batch.inputs.shape[1] - 1;
		const dx = tf.slice(tf.matMul(transpose(p1), dz1), [0, 0], [input, n]) as tf.Tensor2D;
		return {grads, lossSum, inputGradient: transpose(dx)};
	});
}

/** d(mask ⊙ relu(z))/dz from the relu output: 0 where the unit was off or dropped, the mask's scale elsewhere. */
function reluDropoutGate(activated: tf.Tensor2D, mask: tf.Tensor2D | null): tf.Tensor2D {
	const on = tf.step(activated);
	return mask ? tf.mul(on, mask) : on;
}
