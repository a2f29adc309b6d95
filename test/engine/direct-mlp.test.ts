// The direct engine against its reference, the tfjs-ops path: same initial weights, same dropout stream, same batches
// — after many steps the weights must agree to float tolerance, and the internals it calls must be the pinned ones.
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import {beforeAll, describe, expect, it} from 'vitest';
import {createRandom, shuffle} from '../../source/core/random.js';
import {initBackend} from '../../source/engine/backend.js';
import {createDirectModel} from '../../source/engine/direct-model.js';
import {createMlp, type Mlp} from '../../source/engine/mlp.js';
import {mnistShape} from '../../source/engine/mlp-params.js';
import {wasmHeap} from '../../source/engine/wasm-heap.js';
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

	it('counts, when asked, how many test rows evaluate gives each class: the argmax of predict, on both engines', () => {
		both(5, (direct, reference) => {
			const order = Int32Array.from({length: 640}, (_, i) => i);
			direct.trainEpoch(train.images, train.labels, order, 32);
			reference.trainEpoch(train.images, train.labels, order, 32);
			const labels = test.labels.subarray(0, 3000);
			const rows = Int32Array.from({length: labels.length}, (_, i) => i);
			const probabilities = direct.predict(test.images, rows);
			const expected = new Int32Array(10);
			for (let j = 0; j < labels.length; j++) {
				let best = 0;
				for (let c = 1; c < 10; c++) if (probabilities[j * 10 + c]! > probabilities[j * 10 + best]!) best = c;
				expected[best]!++;
			}

			// Not vacuous: a trained model spreads its answers over the classes.
			expect(expected.filter(count => count > 0).length).toBeGreaterThan(5);
			for (const model of [direct, reference]) {
				const counts = new Int32Array(10);
				const accuracy = model.evaluate(test.images, labels, counts);
				expect(accuracy).toBe(model.evaluate(test.images, labels));
				expect([...counts]).toEqual([...expected]);
			}
		});
	}, 30_000);

	it('allocates no tfjs tensors (its buffers live in the wasm heap, freed on dispose: see the heap tests below)', () => {
		const before = tf.memory().numTensors;
		const mlp = createMlp({seed: 1, learningRate: 0.001});
		mlp.trainEpoch(train.images, train.labels, Int32Array.from({length: 100}, (_, i) => i), 32);
		mlp.predict(test.images, [1, 2, 3]);
		expect(tf.memory().numTensors).toBe(before);
		mlp.dispose();
		expect(() => mlp.weights()).toThrow(/disposed/);
	}, 30_000);
});

describe('the direct engine\'s heap', () => {
	it('stays bounded while a step\'s row count rises every step (FixMatch: 225..256 rows): old step buffers are freed', () => {
		const heapBytes = () => wasmInternals().memory.buffer.byteLength;
		const mlp = createMlp({seed: 2, learningRate: 0.001});
		const before = heapBytes();
		for (let n = 225; n <= 256; n++) {
			const targets = new Float32Array(n * 10);
			for (let j = 0; j < n; j++) targets[j * 10 + train.labels[j]!] = 1;
			mlp.trainBatch(train.images.subarray(0, n * 784), targets, new Float32Array(n).fill(1 / n));
		}

		expect(mlp.takeLoss().steps).toBe(32);
		// One set of step buffers for 256 rows is ~4.5 MB; a set kept per row count would be ~135 MB.
		const grown = heapBytes() - before;
		expect(grown).toBeLessThan(24 * 2 ** 20);
		mlp.dispose();
	}, 30_000);

	it('frees every buffer on dispose, and a model\'s step buffers grow geometrically (few sets in a run)', () => {
		const heap = wasmHeap()!;
		const model = createDirectModel(mnistShape, 3, 0.001, heap.kernels);
		const params = model.heapFloats();
		const rows = (n: number) => ({
			n,
			pixels: new Float32Array(n * 785).fill(128),
			targets: new Float32Array(n * 10).fill(0.1),
			weights: null,
			meanWeight: 1 / n,
			mask1: null,
			mask2: null,
		});
		const sizes: number[] = [];
		for (let n = 100; n <= 256; n++) {
			model.gradients(rows(n));
			sizes.push(model.heapFloats());
		}

		// 100 rows, then 150 and 225, then 337: four sets in all, only the last one still held.
		expect(new Set(sizes).size).toBe(4);
		// x, xᵀ, a1, a1ᵀ, a2, z, dLogits, dz3, dz2, dz1, and the two masks; and the rows listed for the sparse forward
		// pass (layer-one-sparse.ts: each entry's column and value, each row's start), which grows with them.
		const perRow = 785 * 2 + 513 * 2 + 257 + 3 * 10 + 256 + 512 + 512 + 256 + 785 * 2 + 1;
		expect(sizes.at(-1)! - params).toBeLessThan(perRow * 340 + 8192);
		model.dispose();
		expect(model.heapFloats()).toBe(0);
	});
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

describe('the weight blend (an EMA teacher: blendFrom)', () => {
	/** Every weight of a and b as the same bits. */
	const sameBits = (a: Record<string, Float32Array>, b: Record<string, Float32Array>) =>
		(['p1', 'p2', 'p3'] as const).every(name => a[name]!.length === b[name]!.length && new Uint32Array(a[name]!.buffer, a[name]!.byteOffset, a[name]!.length).every((bits, i) => bits === new Uint32Array(b[name]!.buffer, b[name]!.byteOffset, b[name]!.length)[i]));

	it('gives the same bits on both engines as fround(fround(d)·teacher) + fround(fround(1 − d)·student), by hand', () => {
		const rows = Int32Array.from({length: 320}, (_, i) => i);
		// Students on each engine trained apart from their teachers (a few steps move every layer).
		const students = [createMlp({seed: 41, learningRate: 0.01}), createMlp({seed: 41, learningRate: 0.01, engine: 'tfjs'})] as const;
		const teachers = [createMlp({seed: 42, learningRate: 0.001}), createMlp({seed: 42, learningRate: 0.001, engine: 'tfjs'})] as const;
		try {
			for (const student of students) student.trainEpoch(train.images, train.labels, rows, 32);
			// Blend on both engines from the same student weights: the direct student's, copied into the tfjs path's
			// terms by blending the tfjs student to it first (decay 0 copies).
			students[1].blendFrom(students[0], 0);
			expect(sameBits(students[1].weights(), students[0].weights())).toBe(true);
			const [teacher, student] = [teachers[0].weights(), students[0].weights()];
			const decay = 0.99;
			const d = Math.fround(decay);
			const e = Math.fround(1 - decay);
			teachers[0].blendFrom(students[0], decay);
			teachers[1].blendFrom(students[1], decay);
			const direct = teachers[0].weights();
			expect(sameBits(direct, teachers[1].weights())).toBe(true);
			const hand: Record<string, Float32Array> = {};
			for (const name of ['p1', 'p2', 'p3'] as const) {
				hand[name] = Float32Array.from(teacher[name], (t, i) => Math.fround(d * t) + Math.fround(e * student[name][i]!));
			}

			expect(sameBits(direct, hand)).toBe(true);
			// Not vacuous: the blend moved the teacher, and not all the way to the student.
			expect(sameBits(direct, teacher)).toBe(false);
			expect(sameBits(direct, student)).toBe(false);
			// The blended teacher trains on as the reference does: its transposed weights were refreshed (rule 5).
			for (const t of teachers) t.trainEpoch(train.images, train.labels, rows, 32);
			expect(largestDifference(teachers[0], teachers[1])).toBeLessThan(1e-4);
			expect(() => teachers[0].blendFrom(students[0], 1.5)).toThrow(/blend decay must be in \[0, 1\]/);
			expect(() => teachers[1].blendFrom(students[1], -0.1)).toThrow(/blend decay must be in \[0, 1\]/);
		} finally {
			for (const mlp of [...students, ...teachers]) mlp.dispose();
		}
	}, 30_000);

	it('refuses a model of another shape', () => {
		const small = createMlp({seed: 1, learningRate: 0.001, hidden: [8, 8]});
		const full = createMlp({seed: 1, learningRate: 0.001});
		expect(() => full.blendFrom(small, 0.5)).toThrow(/blend: p1 has/);
		small.dispose();
		full.dispose();
	});
});
