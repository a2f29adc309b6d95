// Gradient oracle: the hand-written backward pass against tfjs's own autodiff of the same model built from stock ops.
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradient functions; the oracle needs them (the engine does not).
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createRandom} from '../../source/core/random.js';
import {initBackend} from '../../source/engine/backend.js';
import {denseWeights, type MlpParams} from '../../source/engine/mlp-params.js';
import {stepGradients, type StepInputs} from '../../source/engine/train-step.js';
import {createTransposedWeights} from '../../source/engine/transposed-weights.js';
import {matrixTranspose, wasmHeap} from '../../source/engine/wasm-heap.js';
import {augmentedMatrix} from './augmented-matrix.js';

const n = 7;
const rate = 0.3;

interface Reference {
	weights: tf.Tensor[];
	x: tf.Tensor2D;
	targets: tf.Tensor2D;
	/** Per-sample loss weights (n × 1), or null for the batch mean. */
	sampleWeights: tf.Tensor2D | null;
	/** Batch-major masks (n × units), or null without dropout. */
	masks: [tf.Tensor2D, tf.Tensor2D] | null;
}

interface FixtureOptions {
	dropout: boolean;
	/** Soft targets with per-sample weights (two rows masked: all-zero target, weight 0) instead of a mean over one-hots. */
	weighted?: boolean;
	hidden?: [number, number];
}

function fixture({dropout: withDropout, weighted = false, hidden = [512, 256]}: FixtureOptions): Reference {
	const sizes = [784, ...hidden, 10];
	const random = createRandom(7);
	const weights: tf.Tensor[] = [];
	for (let layer = 0; layer < 3; layer++) {
		const [fanIn, fanOut] = [sizes[layer]!, sizes[layer + 1]!];
		weights.push(tf.randomUniform([fanIn, fanOut], -0.1, 0.1, 'float32', 11 + layer));
		// Non-zero biases, so their gradients are exercised through the ones row/column.
		weights.push(tf.randomUniform([fanOut], -0.1, 0.1, 'float32', 21 + layer));
	}

	const labels = Array.from({length: n}, (_, i) => (i * 3) % 10);
	const mask = (units: number) =>
		tf.tensor2d(
			Float32Array.from({length: n * units}, () => (random() >= rate ? 1 / (1 - rate) : 0)),
			[n, units],
		);
	const oneHot = tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), 10), 'float32') as tf.Tensor2D;
	return {
		weights,
		x: tf.randomUniform([n, 784], 0, 1, 'float32', 5),
		targets: weighted ? softTargets(random) : oneHot,
		sampleWeights: weighted ? tf.tensor2d([0.5, 0, 0.125, 3, 0.25, 0, 1 / 7], [n, 1]) : null,
		masks: withDropout ? [mask(hidden[0]), mask(hidden[1])] : null,
	};
}

/** Rows 0 and 6 one-hot, rows 2–4 random distributions, rows 1 and 5 all zero (masked, weight 0). */
function softTargets(random: () => number): tf.Tensor2D {
	const rows = Array.from({length: n}, (_, i) => {
		if (i === 1 || i === 5) return new Array<number>(10).fill(0);
		if (i === 0 || i === 6) return Array.from({length: 10}, (_, c) => (c === (i + 4) % 10 ? 1 : 0));
		const raw = Array.from({length: 10}, () => random() ** 2);
		const sum = raw.reduce((a, b) => a + b, 0);
		return raw.map(value => value / sum);
	});
	return tf.tensor2d(rows);
}

/** Mean sparse categorical cross-entropy of the model written with stock ops, for tf.grads. */
function referenceLoss(ref: Reference) {
	return (w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor, b2: tf.Tensor, w3: tf.Tensor, b3: tf.Tensor) => {
		let h1: tf.Tensor = tf.relu(tf.add(tf.matMul(ref.x, w1 as tf.Tensor2D), b1));
		if (ref.masks) h1 = tf.mul(h1, ref.masks[0]);
		let h2: tf.Tensor = tf.relu(tf.add(tf.matMul(h1 as tf.Tensor2D, w2 as tf.Tensor2D), b2));
		if (ref.masks) h2 = tf.mul(h2, ref.masks[1]);
		const logits = tf.add(tf.matMul(h2 as tf.Tensor2D, w3 as tf.Tensor2D), b3);
		const rowLosses = tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), ref.targets), 1, true));
		return ref.sampleWeights ? tf.sum(tf.mul(rowLosses, ref.sampleWeights)) : tf.mean(rowLosses);
	};
}

function fastInputs(ref: Reference): StepInputs {
	const ones = tf.ones([n, 1]);
	const inputs = tf.concat([ref.x, ones], 1) as tf.Tensor2D;
	return {
		inputs,
		inputsT: tf.transpose(inputs),
		targets: ref.targets,
		weights: ref.sampleWeights,
		mask1: ref.masks ? tf.transpose(ref.masks[0]) : null,
		mask2: ref.masks ? tf.transpose(ref.masks[1]) : null,
	};
}

function fastParams(ref: Reference): MlpParams {
	const [w1, b1, w2, b2, w3, b3] = ref.weights as [tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D];
	return {
		p1: augmentedMatrix({kernel: w1, bias: b1}),
		p2: augmentedMatrix({kernel: w2, bias: b2}),
		p3: augmentedMatrix({kernel: w3, bias: b3}),
	};
}

function maxAbsDifference(a: tf.Tensor, b: tf.Tensor): number {
	expect(a.shape).toEqual(b.shape);
	return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

function maxAbs(a: tf.Tensor): number {
	return tf.tidy(() => tf.max(tf.abs(a)).dataSync()[0]!);
}

beforeAll(async () => {
	await initBackend('wasm');
});

afterAll(() => {
	tf.disposeVariables();
});

// cpu is the engine's non-fused path, the one tfjs-node takes too: no wasm heap, tfjs ops for transposes and Adam.
describe.each([
	{backend: 'wasm', dropout: false, cachedTransposes: false, weighted: false, hidden: undefined},
	{backend: 'wasm', dropout: true, cachedTransposes: false, weighted: false, hidden: undefined},
	{backend: 'wasm', dropout: true, cachedTransposes: true, weighted: false, hidden: undefined},
	{backend: 'wasm', dropout: false, cachedTransposes: false, weighted: true, hidden: undefined},
	{backend: 'wasm', dropout: true, cachedTransposes: true, weighted: true, hidden: undefined},
	{backend: 'wasm', dropout: true, cachedTransposes: true, weighted: false, hidden: [1024, 512] as [number, number]},
	{backend: 'wasm', dropout: true, cachedTransposes: true, weighted: true, hidden: [96, 40] as [number, number]},
	{backend: 'cpu', dropout: false, cachedTransposes: false, weighted: false, hidden: undefined},
	{backend: 'cpu', dropout: true, cachedTransposes: false, weighted: true, hidden: undefined},
] as const)('stepGradients on $backend (dropout: $dropout, transposes by the wasm kernel: $cachedTransposes, weighted soft targets: $weighted, hidden: $hidden)', ({backend, dropout, cachedTransposes, weighted, hidden}) => {
	beforeAll(async () => {
		await initBackend(backend);
	});

	afterAll(async () => {
		await initBackend('wasm');
	});

	it('matches tf.grads of the stock model for all six parameters within 1e-4', () => {
		tf.tidy(() => {
			const ref = fixture({dropout, weighted, hidden});
			const {value, grads: expected} = tf.valueAndGrads(referenceLoss(ref))(ref.weights);
			const params = fastParams(ref);
			const heap = wasmHeap();
			// The wasm heap is what switches the engine to its fused path; cpu must not have one.
			expect(heap === null).toBe(backend === 'cpu');
			const transposed = cachedTransposes ? createTransposedWeights(params, heap!) : undefined;
			const helpers = cachedTransposes ? {transposedWeights: transposed, transpose: matrixTranspose(heap)} : {};
			const {grads, lossSum} = stepGradients(params, fastInputs(ref), helpers);
			transposed?.dispose();

			// Unweighted, the step reports the summed loss (the epoch loop divides); weighted, the weighted loss itself.
			expect(lossSum.dataSync()[0]! / (weighted ? 1 : n)).toBeCloseTo(value.dataSync()[0]!, 5);
			const actual = [denseWeights(grads.p1), denseWeights(grads.p2), denseWeights(grads.p3)].flatMap(w => [w.kernel, w.bias]);
			for (const [index, grad] of actual.entries()) {
				// A zero reference would make the comparison vacuous.
				expect(maxAbs(expected[index]!)).toBeGreaterThan(1e-3);
				expect(maxAbsDifference(grad, expected[index]!)).toBeLessThan(1e-4);
			}
		});
	});
});
