/**
 * The first layer's weight gradient on MNIST parts of 16 and 64 rows (batch 32 and 128): the whole product against
 * the one that skips the pixels blank in every row (source/engine/layer-one-gradient.ts), interleaved in this thread,
 * with the share of columns computed. Used by bench.ts (`npm run bench -- --profile`).
 */
import {initBackend} from '../source/engine/backend.js';
import {layerOneGradient, pixelRuns} from '../source/engine/layer-one-gradient.js';
import {createArena} from '../source/engine/wasm-arena.js';
import {wasmHeap} from '../source/engine/wasm-heap.js';
import {inputSize} from '../source/core/dataset-info.js';
import {loadDataset} from '../source/data/load-dataset.js';

export interface BlankPixels {
	rows: number;
	/** Medians over 20 parts × 30 rounds, µs. */
	wholeMicroseconds: number;
	skippingMicroseconds: number;
	/** Columns computed, of input + 1. */
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
		const f32 = arena.f32();
		for (let i = 0; i < units * rows; i++) f32[dz.at + i] = Math.fround(Math.sin(i) * 0.01);
		const out = arena.alloc(units * width);
		const used = new Uint8Array(width);
		const whole: number[] = [];
		const skipping: number[] = [];
		let computed = 0;
		for (let round = 0; round < 30; round++) {
			for (const x of parts) {
				let started = performance.now();
				arena.matMul(out, dz, x, units, rows, width);
				whole.push(performance.now() - started);
				started = performance.now();
				layerOneGradient(arena, out, dz, x, units, rows, input);
				skipping.push(performance.now() - started);
				if (round === 0) computed += pixelRuns(arena.f32(), x.at, rows, input, used).reduce((sum, [from, to]) => sum + to - from, 0);
			}
		}

		const median = (times: number[]) => Math.round(times.sort((a, b) => a - b)[times.length >> 1]! * 1000);
		results.push({rows, wholeMicroseconds: median(whole), skippingMicroseconds: median(skipping), computedShare: computed / parts.length / width});
		arena.free([...parts, dz, out]);
	}

	arena.dispose();
	return results;
}
