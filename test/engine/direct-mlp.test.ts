// The direct engine against its reference, the tfjs-ops path: same initial weights, same dropout stream, same batches
// — after many steps the weights must agree to float tolerance, and the internals it calls must be the pinned ones.
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import {beforeAll, describe, expect, it} from 'vitest';
import {createRandom, shuffle} from '../../source/core/random.js';
import {initBackend} from '../../source/engine/backend.js';
import {createMlp, type Mlp} from '../../source/engine/mlp.js';
import {pinnedWasmBackend, wasmInternals, wasmInternalsOf} from '../../source/engine/wasm-internals.js';
import {mnistTest, mnistTrain, type MnistPart} from './mnist-files.js';

let train: MnistPart;
let test: MnistPart;

beforeAll(async () => {
	await initBackend('wasm');
	train = mnistTrain();
	test = mnistTest();
});

function largestDifference(a: Mlp, b: Mlp): number {
	const [wa, wb] = [a.weights(), b.weights()];
	let worst = 0;
	for (const name of ['p1', 'p2', 'p3'] as const) {
		expect(wa[name]).toHaveLength(wb[name].length);
		for (let i = 0; i < wa[name].length; i++) worst = Math.max(worst, Math.abs(wa[name][i]! - wb[name][i]!));
	}

	return worst;
}

function both(seed: number, use: (direct: Mlp, reference: Mlp) => void): void {
	const direct = createMlp({seed, learningRate: 0.001});
	const reference = createMlp({seed, learningRate: 0.001, engine: 'tfjs'});
	try {
		expect(direct.engine).toBe('direct');
		expect(reference.engine).toBe('tfjs');
		use(direct, reference);
	} finally {
		direct.dispose();
		reference.dispose();
	}
}

describe('the direct engine', () => {
	it('takes the same 60 Adam steps as the tfjs path (dropout on, batches of 32 and a partial one): weights within 1e-4', () => {
		both(21, (direct, reference) => {
			expect(largestDifference(direct, reference)).toBe(0);
			const rows = shuffle(Int32Array.from({length: 1900}, (_, i) => i), createRandom(5));
			const a = direct.trainEpoch(train.images, train.labels, rows, 32);
			const b = reference.trainEpoch(train.images, train.labels, rows, 32);
			expect(a.loss).toBeCloseTo(b.loss, 5);
			const drift = largestDifference(direct, reference);
			expect(drift).toBeLessThan(1e-4);
			// A meaningful bound: one step more on one side moves the weights by far more than that.
			direct.trainEpoch(train.images, train.labels, rows.subarray(0, 32), 32);
			expect(largestDifference(direct, reference)).toBeGreaterThan(100 * Math.max(drift, 1e-6));
		});
	}, 30_000);

	it('takes the same weighted soft-target steps (trainBatch, masked rows) and predicts the same probabilities', () => {
		both(22, (direct, reference) => {
			const random = createRandom(9);
			for (let step = 0; step < 20; step++) {
				const n = 48;
				const pixels = new Uint8Array(n * 784);
				const targets = new Float32Array(n * 10);
				const weights = new Float32Array(n);
				for (let j = 0; j < n; j++) {
					const row = Math.floor(random() * 5000);
					pixels.set(train.images.subarray(row * 784, row * 784 + 784), j * 784);
					// A soft target leaning on the true label; every third row masked out.
					for (let c = 0; c < 10; c++) targets[j * 10 + c] = c === train.labels[row] ? 0.73 : 0.03;
					weights[j] = j % 3 === 0 ? 0 : random() / n;
				}

				direct.trainBatch(pixels, targets, weights);
				reference.trainBatch(pixels, targets, weights);
			}

			const [a, b] = [direct.takeLoss(), reference.takeLoss()];
			expect(a.steps).toBe(20);
			expect(a.loss).toBeCloseTo(b.loss, 5);
			expect(largestDifference(direct, reference)).toBeLessThan(1e-4);
			const rows = Int32Array.from({length: 2500}, (_, i) => i);
			for (const count of [200, 2500]) {
				const p = direct.predict(test.images, rows.subarray(0, count));
				const q = reference.predict(test.images, rows.subarray(0, count));
				let worst = 0;
				for (let i = 0; i < p.length; i++) worst = Math.max(worst, Math.abs(p[i]! - q[i]!));
				expect(worst).toBeLessThan(1e-4);
			}

			expect(direct.evaluate(test.images, test.labels)).toBeCloseTo(reference.evaluate(test.images, test.labels), 3);
		});
	}, 30_000);

	it('allocates no tfjs tensors: its buffers live in the wasm heap, freed on dispose', () => {
		const before = tf.memory().numTensors;
		const mlp = createMlp({seed: 1, learningRate: 0.001});
		mlp.trainEpoch(train.images, train.labels, Int32Array.from({length: 100}, (_, i) => i), 32);
		mlp.predict(test.images, [1, 2, 3]);
		expect(tf.memory().numTensors).toBe(before);
		mlp.dispose();
		expect(() => mlp.weights()).toThrow(/disposed/);
	}, 30_000);
});

describe('the tfjs-backend-wasm internals the direct engine relies on', () => {
	it(`are those of the pinned version (${pinnedWasmBackend}): upgrading tfjs-backend-wasm means re-checking the direct engine`, () => {
		const require = createRequire(import.meta.url);
		const manifest = JSON.parse(readFileSync(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'), 'utf8')) as {version: string};
		expect(manifest.version, 'tfjs-backend-wasm was upgraded: check wasm-internals.ts against its module').toBe(pinnedWasmBackend);
		expect(() => wasmInternals()).not.toThrow();
	});

	it('names what is missing when the module lacks an export, instead of computing garbage', () => {
		const backend = tf.backend() as unknown as {wasm: {asm: Record<string, unknown>}; dataIdNextNumber: number};
		const asm = {...backend.wasm.asm};
		delete asm['_FusedMatMul'];
		expect(() => wasmInternalsOf({...backend, wasm: {asm}})).toThrow(
			`tfjs-backend-wasm internals changed (the direct engine was written for ${pinnedWasmBackend}): missing _FusedMatMul`,
		);
		expect(() => wasmInternalsOf({wasm: {asm: backend.wasm.asm}})).toThrow(/missing dataIdNextNumber/);
	});
});
