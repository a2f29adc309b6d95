// The gradient of the loss with respect to the input (Mlp.inputGradient, VAT's power iteration): both engines against
// central finite differences of a float64 forward pass written out here (an oracle sharing no code with either), the
// direct engine against the tfjs-ops reference on the full MLP, and the pass leaves the model exactly as it was.
// (tfjs-core ships no gradient functions — they come with the @tensorflow/tfjs or tfjs-node bundles — so tf.grad is
// not available here; the reference path carries its hand-written backward pass one matMul further, as train-step.ts.)
import {beforeAll, describe, expect, it} from 'vitest';
import {createRandom, fillGaussian} from '../../source/core/random.js';
import {moveAlong, powerIterationXi} from '../../source/core/vat.js';
import {initBackend} from '../../source/engine/backend.js';
import {createMlp, type Mlp} from '../../source/engine/mlp.js';
import {mnistTrain, type MnistPart} from './mnist-files.js';

let train: MnistPart;

beforeAll(async () => {
	await initBackend('wasm');
	train = mnistTrain();
});

/** Σ CE(t, softmax(f(x))) of one row in float64, from the model's augmented matrices; x = pixel/255. */
function rowLoss(weights: Record<'p1' | 'p2' | 'p3', Float32Array>, x: Float64Array, target: ArrayLike<number>): number {
	let layer: Float64Array = x;
	for (const [name, relu] of [['p1', true], ['p2', true], ['p3', false]] as const) {
		const p = weights[name];
		const inputs = layer.length;
		const outputs = p.length / (inputs + 1);
		const next = new Float64Array(outputs);
		for (let o = 0; o < outputs; o++) {
			let sum = p[o * (inputs + 1) + inputs]!;
			for (let i = 0; i < inputs; i++) sum += p[o * (inputs + 1) + i]! * layer[i]!;
			next[o] = relu ? Math.max(0, sum) : sum;
		}

		layer = next;
	}

	const max = Math.max(...layer);
	const logSum = Math.log(layer.reduce((sum, z) => sum + Math.exp(z - max), 0)) + max;
	return layer.reduce((loss, z, c) => loss - target[c]! * (z - logSum), 0);
}

/** Random pixels (real values, some outside 0..255, as a perturbed image has) and random target distributions. */
function randomRows(n: number, input: number, classes: number, seed: number): {pixels: Float32Array; targets: Float32Array} {
	const random = createRandom(seed);
	const pixels = Float32Array.from({length: n * input}, () => -20 + 300 * random());
	const targets = new Float32Array(n * classes);
	for (let j = 0; j < n; j++) {
		let sum = 0;
		for (let c = 0; c < classes; c++) sum += targets[j * classes + c] = random();
		for (let c = 0; c < classes; c++) targets[j * classes + c]! /= sum;
	}

	return {pixels, targets};
}

function largest(values: ArrayLike<number>): number {
	let worst = 0;
	for (let i = 0; i < values.length; i++) worst = Math.max(worst, Math.abs(values[i]!));
	return worst;
}

function difference(a: ArrayLike<number>, b: ArrayLike<number>): number {
	expect(a.length).toBe(b.length);
	return largest(Float64Array.from({length: a.length}, (_, i) => a[i]! - b[i]!));
}

describe('the input gradient on a tiny MLP (6 inputs, 5 and 4 hidden, 3 classes)', () => {
	const tiny = {inputSize: 6, classes: 3, hidden: [5, 4], learningRate: 0.01};

	it('matches central finite differences of a float64 forward pass, on both engines', () => {
		const direct = createMlp({...tiny, seed: 11});
		const reference = createMlp({...tiny, seed: 11, engine: 'tfjs'});
		try {
			expect([direct.engine, reference.engine]).toEqual(['direct', 'tfjs']);
			const n = 9;
			const {pixels, targets} = randomRows(n, 6, 3, 4);
			const weights = direct.weights();
			const h = 1e-5;
			const numeric = new Float64Array(n * 6);
			for (let j = 0; j < n; j++) {
				const x = Float64Array.from(pixels.subarray(j * 6, j * 6 + 6), value => value / 255);
				const target = targets.subarray(j * 3, j * 3 + 3);
				for (let i = 0; i < 6; i++) {
					const at = x[i]!;
					x[i] = at + h;
					const up = rowLoss(weights, x, target);
					x[i] = at - h;
					const down = rowLoss(weights, x, target);
					x[i] = at;
					numeric[j * 6 + i] = (up - down) / (2 * h);
				}
			}

			// Not vacuous: the gradient is far from zero, and each row's own (the rows differ).
			const scale = largest(numeric);
			expect(scale).toBeGreaterThan(0.05);
			expect(difference(numeric.subarray(0, 6), numeric.subarray(6, 12))).toBeGreaterThan(0.01);
			for (const mlp of [direct, reference]) {
				const gradient = mlp.inputGradient(pixels, targets);
				expect(gradient).toHaveLength(n * 6);
				expect(difference(gradient, numeric), mlp.engine).toBeLessThan(1e-4 * scale);
			}

			// The gradient is wrt x = pixel/255: wrt the raw pixel it would be 255 times smaller and fail the check.
			expect(difference(numeric.map(value => value / 255), numeric)).toBeGreaterThan(100 * 1e-4 * scale);
		} finally {
			direct.dispose();
			reference.dispose();
		}
	});

	it('refuses pixels and targets that do not describe the same rows', () => {
		const mlp = createMlp({...tiny, seed: 1});
		expect(() => mlp.inputGradient(new Float32Array(12), new Float32Array(9))).toThrow(/do not describe the same rows/);
		expect(mlp.inputGradient(new Float32Array(0), new Float32Array(0))).toHaveLength(0);
		mlp.dispose();
	});
});

describe('the input gradient of the MNIST MLP (784-512-256-10, dropout 0.3)', () => {
	/** A trained direct model and a tfjs-path model holding exactly its weights (a blend with decay 0 copies). */
	function twins(seed: number): [Mlp, Mlp] {
		const direct = createMlp({seed, learningRate: 0.001});
		direct.trainEpoch(train.images, train.labels, Int32Array.from({length: 640}, (_, i) => i), 32);
		const reference = createMlp({seed, learningRate: 0.001, engine: 'tfjs'});
		reference.blendFrom(direct, 0);
		return [direct, reference];
	}

	it('matches the tfjs-ops reference path, for 224 rows of real digits moved off the byte grid', () => {
		const [direct, reference] = twins(12);
		try {
			const n = 224;
			const random = createRandom(6);
			const pixels = Float32Array.from(train.images.subarray(1000 * 784, (1000 + n) * 784), value => value + 40 * (random() - 0.5));
			// VAT's targets: the model's own predictions on the images.
			const targets = direct.predict(train.images, Int32Array.from({length: n}, (_, j) => 1000 + j));
			const a = direct.inputGradient(pixels, targets);
			const b = reference.inputGradient(pixels, targets);
			const scale = largest(b);
			expect(scale).toBeGreaterThan(1e-3);
			expect(difference(a, b)).toBeLessThan(1e-3 * scale);
			// A meaningful bound: other targets (one-hot labels) give a gradient far from this one.
			const oneHot = new Float32Array(n * 10);
			for (let j = 0; j < n; j++) oneHot[j * 10 + train.labels[1000 + j]!] = 1;
			expect(difference(direct.inputGradient(pixels, oneHot), b)).toBeGreaterThan(100 * 1e-3 * scale);
		} finally {
			direct.dispose();
			reference.dispose();
		}
	}, 60_000);

	it('runs without dropout and changes nothing: the same bits twice, and training goes on as a twin that never asked', () => {
		const asked = createMlp({seed: 13, learningRate: 0.001});
		const twin = createMlp({seed: 13, learningRate: 0.001});
		try {
			const rows = Int32Array.from({length: 320}, (_, i) => i);
			const {pixels, targets} = randomRows(50, 784, 10, 8);
			asked.trainEpoch(train.images, train.labels, rows, 32);
			twin.trainEpoch(train.images, train.labels, rows, 32);
			const first = asked.inputGradient(pixels, targets);
			// Dropout would draw other masks the second time.
			expect(asked.inputGradient(pixels, targets)).toEqual(first);
			asked.trainEpoch(train.images, train.labels, rows, 32);
			twin.trainEpoch(train.images, train.labels, rows, 32);
			expect(asked.weights()).toEqual(twin.weights());
			// Not vacuous: the model moved between the two gradients, so the gradient did too.
			expect(asked.inputGradient(pixels, targets)).not.toEqual(first);
		} finally {
			asked.dispose();
			twin.dispose();
		}
	}, 60_000);
});

describe('VAT\'s probe length ξ on float32 pixels of the 0..255 scale', () => {
	it('gives one direction from ξ = 1e-3 to 1e-1, where the paper\'s 1e-6 rounds away into noise', () => {
		const mlp = createMlp({seed: 14, learningRate: 0.001});
		try {
			mlp.trainEpoch(train.images, train.labels, Int32Array.from({length: 1280}, (_, i) => i), 32);
			const n = 64;
			const x = train.images.subarray(5000 * 784, (5000 + n) * 784);
			const p = mlp.predict(train.images, Int32Array.from({length: n}, (_, j) => 5000 + j));
			const d = new Float32Array(n * 784);
			fillGaussian(d, d.length, createRandom(3));
			const probe = new Float32Array(n * 784);
			const direction = (xi: number) => {
				moveAlong(x, d, n, 784, xi, probe);
				return mlp.inputGradient(probe, p);
			};

			/** Mean over rows of the cosine between two directions. */
			const cosine = (a: Float32Array, b: Float32Array) => {
				let sum = 0;
				for (let j = 0; j < n; j++) {
					let [ab, aa, bb] = [0, 0, 0];
					for (let i = j * 784; i < (j + 1) * 784; i++) [ab, aa, bb] = [ab + a[i]! * b[i]!, aa + a[i]! * a[i]!, bb + b[i]! * b[i]!];
					sum += ab / Math.sqrt(aa * bb);
				}

				return sum / n;
			};

			const chosen = direction(powerIterationXi);
			expect(powerIterationXi).toBe(1e-2);
			expect(cosine(chosen, direction(1e-3))).toBeGreaterThan(0.85);
			expect(cosine(chosen, direction(1e-1))).toBeGreaterThan(0.9);
			expect(cosine(chosen, direction(1e-6))).toBeLessThan(0.5);
		} finally {
			mlp.dispose();
		}
	}, 60_000);
});
