/**
 * The first layer's two products over all pixels, on MNIST parts of 16 and 64 rows (batch 32 and 128): the weight
 * gradient g1 = dz1 · x and the forward product relu(p1 · xᵀ), each whole against the one that skips the pixels
 * blank in every row (source/engine/layer-one-gradient.ts, layer-one-forward.ts), interleaved in this thread, with the
 * share of pixels computed. Used by bench.ts (`npm run bench -- --profile`).
 */
import {initBackend} from '../source/engine/backend.js';
import {forwardRunShape, layerOneForward} from '../source/engine/layer-one-forward.js';
import {layerOneGradient, pixelRuns, type RunShape} from '../source/engine/layer-one-gradient.js';
import {createArena} from '../source/engine/wasm-arena.js';
import {wasmHeap} from '../source/engine/wasm-heap.js';
import {inputSize} from '../source/core/dataset-info.js';
import {loadDataset} from '../source/data/load-dataset.js';

export interface BlankPixels {
	product: 'g1 = dz1 · x' | 'relu(p1 · xᵀ)';
	rows: number;
	/** Medians over 20 parts × 30 rounds, µs. */
	wholeMicroseconds: number;
	skippingMicroseconds: number;
	/** Pixels computed (and the bias column), of input + 1. */
	computedShare: number;
}

export async function measureBlankPixels(units = 512): Promise<BlankPixels[]> {
	await initBackend('wasm');
	const heap = wasmHeap();
	if (!heap) throw new Error('the blank-pixel measurement needs the wasm backend with SIMD');
	const dataset = await loadDataset();
	const images = new Uint8Array(dataset.trainImages);
	const input = inputSize(dataset.info);
	const width = input + 1;
	const arena = createArena(heap.kernels);
	const results: BlankPixels[] = [];
	for (const rows of [16, 64]) {
		const parts = Array.from({length: 20}, (_, part) => {
			const x = arena.alloc(rows * width);
			const f32 = arena.f32();
			for (let j = 0; j < rows; j++) {
				const row = ((part * rows + j) * 7919) % dataset.trainCount;
				for (let c = 0; c < input; c++) f32[x.at + j * width + c] = images[row * input + c]! / 255;
				f32[x.at + j * width + input] = 1;
			}

			return x;
		});
		const dz = arena.alloc(units * rows);
		const p1 = arena.alloc(units * width);
		const xT = arena.alloc(width * rows);
		const out = arena.alloc(units * width);
		const values = arena.f32();
		for (let i = 0; i < units * rows; i++) values[dz.at + i] = Math.fround(Math.sin(i) * 0.01);
		for (let i = 0; i < units * width; i++) values[p1.at + i] = Math.fround(Math.sin(i) * 0.05);
		const used = new Uint8Array(width);
		// The part each product is timed on: both products read it through this binding.
		let x = parts[0]!;
		const products: Array<{product: BlankPixels['product']; shape?: RunShape; whole: () => void; skipping: () => void}> = [
			{product: 'g1 = dz1 · x', whole: () => arena.matMul(out, dz, x, units, rows, width), skipping: () => layerOneGradient(arena, out, dz, x, units, rows, input)},
			{
				product: 'relu(p1 · xᵀ)',
				shape: forwardRunShape,
				whole: () => arena.matMul(out, p1, xT, units, width, rows, {relu: true}),
				skipping: () => layerOneForward(arena, out, p1, xT, x, 0, rows, units, input),
			},
		];
		for (const {product, shape, whole: runWhole, skipping: runSkipping} of products) {
			const whole: number[] = [];
			const skipping: number[] = [];
			let computed = 0;
			for (let round = 0; round < 30; round++) {
				for (const part of parts) {
					x = part;
					heap.kernels.transpose(x.pointer, xT.pointer, rows, width);
					let started = performance.now();
					runWhole();
					whole.push(performance.now() - started);
					started = performance.now();
					runSkipping();
					skipping.push(performance.now() - started);
					if (round === 0) computed += pixelRuns(arena.f32(), x.at, rows, input, used, shape).reduce((sum, [from, to]) => sum + to - from, 0);
				}
			}

			const median = (times: number[]) => Math.round(times.sort((a, b) => a - b)[times.length >> 1]! * 1000);
			results.push({product, rows, wholeMicroseconds: median(whole), skippingMicroseconds: median(skipping), computedShare: computed / parts.length / width});
		}

		arena.free([...parts, dz, p1, xT, out]);
	}

	arena.dispose();
	return results;
}
