// The Mlp API on real MNIST: learning, determinism, no tensor leaks, and the shape of its outputs.
import * as tf from '@tensorflow/tfjs-core';
import {beforeAll, describe, expect, it} from 'vitest';
import {shuffle, createRandom} from '../../source/core/random.js';
import {initBackend} from '../../source/engine/backend.js';
import {createMlp} from '../../source/engine/mlp.js';
import {mnistTest, mnistTrain, type MnistPart} from './mnist-files.js';

let train: MnistPart;
let test: MnistPart;

function shuffledRows(count: number, seed: number): Int32Array {
	return shuffle(Int32Array.from({length: count}, (_, i) => i), createRandom(seed));
}

beforeAll(async () => {
	await initBackend('wasm');
	train = mnistTrain();
	test = mnistTest();
});

// Every test runs on both engines: the direct one (the default on wasm) and the tfjs-ops reference.
describe.each(['direct', 'tfjs'] as const)('%s engine', engine => {
	describe('createMlp', () => {
		it('learns MNIST: 5000 images, 3 epochs of batch 32 reach ≥ 0.85 test accuracy', () => {
			const mlp = createMlp({engine, seed: 42, learningRate: 0.001});
			try {
				const before = mlp.evaluate(test.images, test.labels);
				const losses: number[] = [];
				for (let epoch = 0; epoch < 3; epoch++) {
					losses.push(mlp.trainEpoch(train.images, train.labels, shuffledRows(5000, epoch), 32).loss);
				}

				const accuracy = mlp.evaluate(test.images, test.labels);
				expect(before).toBeLessThan(0.3);
				expect(accuracy).toBeGreaterThanOrEqual(0.85);
				expect(losses[2]).toBeLessThan(losses[0]!);
				expect(losses[0]).toBeLessThan(Math.log(10));
			} finally {
				mlp.dispose();
			}
		}, 60_000);

		it('is deterministic: the same seed gives the same loss and predictions, another seed does not', () => {
			const run = (seed: number) => {
				const mlp = createMlp({engine, seed, learningRate: 0.001});
				try {
					const {loss} = mlp.trainEpoch(train.images, train.labels, shuffledRows(600, 3).subarray(0, 600), 32);
					return {loss, probabilities: mlp.predict(test.images, [0, 1, 2, 3])};
				} finally {
					mlp.dispose();
				}
			};

			const first = run(7);
			const again = run(7);
			const other = run(8);
			expect(again.loss).toBe(first.loss);
			expect(again.probabilities).toEqual(first.probabilities);
			expect(other.loss).not.toBe(first.loss);
		}, 30_000);

		it('leaves the number of live tensors unchanged around trainEpoch, predict and evaluate, and frees all on dispose', () => {
			const baseline = tf.memory().numTensors;
			const mlp = createMlp({engine, seed: 1, learningRate: 0.001});
			const afterCreate = tf.memory().numTensors;
			const rows = shuffledRows(300, 1);
			// A last, partial batch (300 = 4·64 + 44) goes through the same path.
			mlp.trainEpoch(train.images, train.labels, rows, 64, () => {});
			expect(tf.memory().numTensors).toBe(afterCreate);
			mlp.predict(test.images, rows);
			expect(tf.memory().numTensors).toBe(afterCreate);
			mlp.evaluate(test.images.subarray(0, 500 * 784), test.labels.subarray(0, 500));
			expect(tf.memory().numTensors).toBe(afterCreate);
			mlp.dispose();
			expect(tf.memory().numTensors).toBe(baseline);
		}, 30_000);

		it('reports progress after every batch and predicts one probability row per requested image', () => {
			const mlp = createMlp({engine, seed: 2, learningRate: 0.001});
			try {
				const done: number[] = [];
				mlp.trainEpoch(train.images, train.labels, shuffledRows(100, 2), 32, samples => done.push(samples));
				expect(done).toEqual([32, 64, 96, 100]);

				const rows = [9, 0, 9];
				const probabilities = mlp.predict(test.images, rows);
				expect(probabilities).toHaveLength(30);
				for (let i = 0; i < rows.length; i++) {
					const row = probabilities.subarray(i * 10, i * 10 + 10);
					expect(row.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 5);
				}

				expect(probabilities.subarray(0, 10)).toEqual(probabilities.subarray(20, 30));
				expect(probabilities.subarray(0, 10)).not.toEqual(probabilities.subarray(10, 20));
			} finally {
				mlp.dispose();
			}
		}, 30_000);

		it('predicts what evaluate scores: the argmax of predict over the test set gives the same accuracy', () => {
			const mlp = createMlp({engine, seed: 3, learningRate: 0.001});
			try {
				mlp.trainEpoch(train.images, train.labels, shuffledRows(1000, 4), 32);
				const count = 3000;
				const probabilities = mlp.predict(test.images, Int32Array.from({length: count}, (_, i) => i));
				let correct = 0;
				for (let i = 0; i < count; i++) {
					const row = probabilities.subarray(i * 10, i * 10 + 10);
					if (row.indexOf(Math.max(...row)) === test.labels[i]) correct++;
				}

				expect(mlp.evaluate(test.images, test.labels.subarray(0, count))).toBeCloseTo(correct / count, 10);
			} finally {
				mlp.dispose();
			}
		}, 30_000);

		it('predicts a small batch (training layout) as the batch-major path does, on trained weights and after more steps', () => {
			const mlp = createMlp({engine, seed: 9, learningRate: 0.001});
			try {
				const rows = shuffledRows(3000, 4);
				mlp.trainEpoch(train.images, train.labels, rows, 64);
				for (let pass = 0; pass < 2; pass++) {
					// 1,500 rows take the batch-major path; their first 224 alone take the small-batch one.
					const large = mlp.predict(train.images, rows.subarray(0, 1500));
					const small = mlp.predict(train.images, rows.subarray(0, 224));
					expect(small).toHaveLength(224 * 10);
					let worst = 0;
					for (let i = 0; i < small.length; i++) worst = Math.max(worst, Math.abs(small[i]! - large[i]!));
					expect(worst).toBeLessThan(1e-5);
					// The weights change in place (fused Adam): the small path must see the new ones.
					mlp.trainEpoch(train.images, train.labels, rows.subarray(0, 640), 64);
				}
			} finally {
				mlp.dispose();
			}
		}, 60_000);

		// Once per engine pair that differs: this engine on wasm against the tfjs path on cpu.
		it.runIf(engine === 'direct')('trains the same on the cpu backend (tfjs ops for Adam and transposes) as on wasm (fused kernels)', async () => {
			const run = () => {
				const mlp = createMlp({engine, seed: 5, learningRate: 0.001});
				try {
					const losses = [0, 1].map(epoch => mlp.trainEpoch(train.images, train.labels, shuffledRows(256, epoch), 32).loss);
					return {losses, probabilities: mlp.predict(test.images, [0, 1, 2])};
				} finally {
					mlp.dispose();
				}
			};

			const wasm = run();
			await initBackend('cpu');
			let cpu: ReturnType<typeof run>;
			try {
				cpu = run();
			} finally {
				await initBackend('wasm');
			}

			for (const [epoch, loss] of wasm.losses.entries()) {
				expect(cpu.losses[epoch]).toBeCloseTo(loss, 4);
			}

			for (const [i, p] of wasm.probabilities.entries()) {
				expect(cpu.probabilities[i]).toBeCloseTo(p, 4);
			}
		}, 60_000);

		// The cpu backend always takes the tfjs path: once is enough.
		it.runIf(engine === 'tfjs')('learns on the cpu backend, the non-fused path tfjs-node takes (tfjs ops for Adam and transposes)', async () => {
			// tfjs-cpu is ~100× slower than wasm here, so a small set: 256 images, 3 epochs, scored on 500 test images.
			await initBackend('cpu');
			const mlp = createMlp({engine, seed: 42, learningRate: 0.001});
			try {
				const testImages = test.images.subarray(0, 500 * 784);
				const testLabels = test.labels.subarray(0, 500);
				const before = mlp.evaluate(testImages, testLabels);
				const losses = [0, 1, 2].map(epoch => mlp.trainEpoch(train.images, train.labels, shuffledRows(256, epoch), 32).loss);
				const after = mlp.evaluate(testImages, testLabels);
				expect(before).toBeLessThan(0.3);
				expect(after).toBeGreaterThanOrEqual(0.6);
				expect(losses[2]).toBeLessThan(losses[0]! * 0.7);
			} finally {
				mlp.dispose();
				await initBackend('wasm');
			}
		}, 180_000);

		it('rejects bad input with clear errors', () => {
			const mlp = createMlp({engine, seed: 4, learningRate: 0.001});
			try {
				expect(() => mlp.trainEpoch(train.images, train.labels, [0, 1], 0)).toThrow(/batch size/);
				expect(() => mlp.predict(test.images, [10_000])).toThrow(/outside the image buffer/);
				expect(mlp.trainEpoch(train.images, train.labels, [], 32).loss).toBeNaN();
				expect(() => createMlp({engine, seed: 1, learningRate: 0.001, dropout: 1})).toThrow(/dropout/);
			} finally {
				mlp.dispose();
			}

			expect(() => mlp.evaluate(test.images, test.labels)).toThrow(/disposed/);
		});
	});

	describe('Mlp.trainBatch (weighted soft targets, for online methods)', () => {
		const rows = Int32Array.from({length: 48}, (_, i) => i * 7);
		const pixelsOf = (picked: ArrayLike<number>) => {
			const out = new Uint8Array(picked.length * 784);
			for (let i = 0; i < picked.length; i++) out.set(train.images.subarray(picked[i]! * 784, picked[i]! * 784 + 784), i * 784);
			return out;
		};

		const oneHotOf = (picked: ArrayLike<number>) => {
			const out = new Float32Array(picked.length * 10);
			for (let i = 0; i < picked.length; i++) out[i * 10 + train.labels[picked[i]!]!] = 1;
			return out;
		};

		it('with one-hot targets and weights 1/n takes exactly trainEpoch\'s step', () => {
			const viaEpoch = createMlp({engine, seed: 11, learningRate: 0.001});
			const viaBatch = createMlp({engine, seed: 11, learningRate: 0.001});
			try {
				viaEpoch.trainEpoch(train.images, train.labels, rows, rows.length);
				viaBatch.trainBatch(pixelsOf(rows), oneHotOf(rows), new Float32Array(rows.length).fill(1 / rows.length));
				expect(viaBatch.predict(test.images, [0, 1, 2, 3])).toEqual(viaEpoch.predict(test.images, [0, 1, 2, 3]));
			} finally {
				viaEpoch.dispose();
				viaBatch.dispose();
			}
		});

		it('leaves zero-weight rows out: the same step as without them', () => {
			const plain = createMlp({engine, seed: 12, learningRate: 0.001});
			const padded = createMlp({engine, seed: 12, learningRate: 0.001});
			try {
				const weights = new Float32Array(rows.length).fill(1 / rows.length);
				plain.trainBatch(pixelsOf(rows), oneHotOf(rows), weights);
				// The same rows interleaved with masked ones (zero targets, weight 0) taken from elsewhere.
				const mixed = Array.from(rows).flatMap(row => [row, row + 1]);
				const mixedTargets = oneHotOf(mixed);
				const mixedWeights = new Float32Array(mixed.length);
				for (let i = 0; i < rows.length; i++) {
					mixedTargets.fill(0, (2 * i + 1) * 10, (2 * i + 2) * 10);
					mixedWeights[2 * i] = 1 / rows.length;
				}

				padded.trainBatch(pixelsOf(mixed), mixedTargets, mixedWeights);
				expect(padded.predict(test.images, [5, 6])).toEqual(plain.predict(test.images, [5, 6]));
				expect(padded.takeLoss().loss).toBeCloseTo(plain.takeLoss().loss, 5);
			} finally {
				plain.dispose();
				padded.dispose();
			}
		});

		it('learns from soft targets, reports the mean weighted loss per step, and leaks no tensors', () => {
			const baseline = tf.memory().numTensors;
			const mlp = createMlp({engine, seed: 13, learningRate: 0.001});
			try {
				const afterCreate = tf.memory().numTensors;
				// Smoothed labels: 0.9 on the true class, 0.1/9 elsewhere; weights summing to 2 (a λ of 2).
				const picked = Int32Array.from({length: 2000}, (_, i) => i);
				for (let start = 0; start < picked.length; start += 100) {
					const batch = picked.subarray(start, start + 100);
					const targets = oneHotOf(batch).map(t => (t === 1 ? 0.9 : 0.1 / 9));
					mlp.trainBatch(pixelsOf(batch), targets, new Float32Array(100).fill(0.02));
				}

				const {loss, steps} = mlp.takeLoss();
				expect(steps).toBe(20);
				expect(loss).toBeGreaterThan(0);
				expect(loss).toBeLessThan(2 * Math.log(10));
				expect(mlp.takeLoss()).toEqual({loss: Number.NaN, steps: 0});
				expect(tf.memory().numTensors).toBe(afterCreate);
				// 20 steps of 100 images: far above chance (0.1), if not yet where an epoch gets.
				expect(mlp.evaluate(test.images, test.labels.subarray(0, 2000))).toBeGreaterThan(0.7);
				mlp.trainBatch(pixelsOf([0]), oneHotOf([0]), new Float32Array([0]));
				expect(mlp.takeLoss().steps).toBe(0);
			} finally {
				mlp.dispose();
			}

			expect(tf.memory().numTensors).toBe(baseline);
		}, 30_000);

		it('rejects mismatched sizes and negative or non-finite weights', () => {
			const mlp = createMlp({engine, seed: 14, learningRate: 0.001});
			try {
				expect(() => mlp.trainBatch(new Uint8Array(784), new Float32Array(20), new Float32Array(2))).toThrow(/2 weights/);
				expect(() => mlp.trainBatch(new Uint8Array(784), new Float32Array(10), new Float32Array([-1]))).toThrow(/weight 0/);
				expect(() => mlp.trainBatch(new Uint8Array(784), new Float32Array(10), new Float32Array([Number.NaN]))).toThrow(/finite/);
			} finally {
				mlp.dispose();
			}
		});
	});

	describe('createMlp with other hidden widths', () => {
		it('trains, predicts and evaluates a 1024-512 model on the same fast path', () => {
			const baseline = tf.memory().numTensors;
			const mlp = createMlp({engine, seed: 15, learningRate: 0.001, hidden: [1024, 512]});
			try {
				mlp.trainEpoch(train.images, train.labels, shuffledRows(2000, 5), 32);
				const probabilities = mlp.predict(test.images, [0, 1]);
				expect(probabilities).toHaveLength(20);
				expect(probabilities.subarray(0, 10).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
				expect(mlp.evaluate(test.images, test.labels.subarray(0, 2000))).toBeGreaterThan(0.8);
			} finally {
				mlp.dispose();
			}

			expect(tf.memory().numTensors).toBe(baseline);
		}, 60_000);

		it('rejects anything but two positive integer widths', () => {
			expect(() => createMlp({engine, seed: 1, learningRate: 0.001, hidden: [512]})).toThrow(/hidden/);
			expect(() => createMlp({engine, seed: 1, learningRate: 0.001, hidden: [512, 0]})).toThrow(/hidden/);
			expect(() => createMlp({engine, seed: 1, learningRate: 0.001, hidden: [512, 2.5]})).toThrow(/hidden/);
		});
	});
});
