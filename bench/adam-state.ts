/**
 * Adam's pass where real training leaves its state: a direct-engine model trains `steps` batch-32 steps of MNIST
 * alone, then the Adam pass is timed on that state, with how many of m and v are subnormal (below 2⁻¹²⁶). Where a
 * weight's gradient is 0 step after step (a pixel blank in every image of a batch), m decays toward 0; the kernel
 * stores it as +0 once it is below 2⁻⁹⁸, since x86 takes a slow microcode path on every subnormal operand and result,
 * and m·alpha is subnormal long before m is (source/engine/wasm-kernels.ts flushTiny). Used by bench.ts
 * (`npm run bench -- --profile`).
 */
import {initBackend} from '../source/engine/backend.js';
import {createDirectModel} from '../source/engine/direct-model.js';
import {mnistShape} from '../source/engine/mlp-params.js';
import {stepAlone} from '../source/engine/split-step.js';
import {wasmHeap} from '../source/engine/wasm-heap.js';
import {loadDataset} from '../source/data/load-dataset.js';

export interface AdamState {
	steps: number;
	/** m and v values below 2⁻¹²⁶ and not 0, of all the model's. */
	subnormal: number;
	values: number;
	/** The Adam pass on that state, median of 200 (each on the same gradients). */
	adamMicroseconds: number;
}

export async function measureAdamState(steps = 1500, batch = 32): Promise<AdamState> {
	await initBackend('wasm');
	const heap = wasmHeap();
	if (!heap) throw new Error('the Adam measurement needs the wasm backend with SIMD');
	const dataset = await loadDataset();
	const images = new Uint8Array(dataset.trainImages);
	const labels = new Uint8Array(dataset.trainLabels);
	const shape = mnistShape;
	const width = shape.input + 1;
	const model = createDirectModel(shape, 1, 0.001, heap.kernels);
	const pixels = new Float32Array(batch * width);
	const targets = new Float32Array(batch * shape.classes);
	for (let step = 0; step < steps; step++) {
		targets.fill(0);
		for (let j = 0; j < batch; j++) {
			const row = (step * batch + j) % dataset.trainCount;
			for (let i = 0; i < shape.input; i++) pixels[j * width + i] = images[row * shape.input + i]!;
			pixels[j * width + shape.input] = 255;
			targets[j * shape.classes + labels[row]!] = 1;
		}

		stepAlone(model, {n: batch, pixels, targets, weights: null, meanWeight: Math.fround(1 / batch), dropout: {rate: 0.3, seed: 5, step}});
	}

	const internals = model.internals();
	const f32 = internals.arena.f32();
	let subnormal = 0;
	let values = 0;
	for (const name of ['p1', 'p2', 'p3'] as const) {
		for (const part of ['m', 'v'] as const) {
			const buffer = internals.layers[name][part];
			for (let i = 0; i < buffer.size; i++) {
				const value = f32[buffer.at + i]!;
				if (value !== 0 && Math.abs(value) < 2 ** -126) subnormal++;
			}

			values += buffer.size;
		}
	}

	const times: number[] = [];
	for (let round = 0; round < 200; round++) {
		const started = performance.now();
		model.adam();
		times.push(performance.now() - started);
	}

	times.sort((a, b) => a - b);
	model.dispose();
	return {steps, subnormal, values, adamMicroseconds: Math.round(times[100]! * 1000)};
}
