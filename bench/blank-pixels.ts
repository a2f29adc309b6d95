/**
 * The first layer's two products over all pixels, on MNIST parts of 16 and 64 rows (batch 32 and 128): the weight
 * gradient g1 = dz1 · x and the forward product relu(p1 · xᵀ), each whole against the one that skips the pixels
 * blank in every row (source/engine/layer-one-gradient.ts, layer-one-forward.ts) and the one over the pixels each row
 * uses (layer-one-sparse.ts, its listing and transposes included; the forward's p1ᵀ fresh, as for a step's second
 * part),
 * interleaved in this thread, with the shares of pixels computed. Used by bench.ts (`npm run bench -- --profile`).
 */
import {initBackend} from '../source/engine/backend.js';
import {forwardRunShape, layerOneForward} from '../source/engine/layer-one-forward.js';
import {layerOneGradient, pixelRuns, type RunShape} from '../source/engine/layer-one-gradient.js';
import {rowEntries, sparseForward, sparseGradient} from '../source/engine/layer-one-sparse.js';
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
	/** Over each row's lit pixels only (layer-one-sparse.ts), µs. */
	sparseMicroseconds: number;
	/** Pixels computed (and the bias column), of input + 1. */
	computedShare: number;
	/** Entries of the rows that are not 0, of rows × (input + 1). */
	litShare: number;
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
		const pT = arena.alloc(units * width);
		const xT = arena.alloc(width * rows);
		const out = arena.alloc(units * width);
		const values = arena.f32();
		for (let i = 0; i < units * rows; i++) values[dz.at + i] = Math.fround(Math.sin(i) * 0.01);
		for (let i = 0; i < units * width; i++) values[p1.at + i] = Math.fround(Math.sin(i) * 0.05);
		heap.kernels.transpose(p1.pointer, pT.pointer, units, width);
		const freshP1T = {fresh: () => true, get: () => pT};
		const used = new Uint8Array(width);
		// The sparse way lists each part's rows first (rowEntries): timed with it.
		// The part each product is timed on: both products read it through this binding.
		let x = parts[0]!;
		const products: Array<{product: BlankPixels['product']; shape?: RunShape; ways: Array<() => void>}> = [
			{
				product: 'g1 = dz1 · x',
				ways: [
					() => arena.matMul(out, dz, x, units, rows, width),
					() => layerOneGradient(arena, out, dz, x, units, rows, input, undefined, undefined, false),
					() => sparseGradient(arena, out, dz, rowEntries(arena, x.at, rows, width), units, input),
				],
			},
			{
				product: 'relu(p1 · xᵀ)',
				shape: forwardRunShape,
				ways: [
					() => arena.matMul(out, p1, xT, units, width, rows, {relu: true}),
					() => layerOneForward(arena, out, p1, xT, x, 0, rows, units, input),
					() => sparseForward(arena, out, freshP1T.get(), rowEntries(arena, x.at, rows, width), units),
				],
			},
		];
		for (const {product, shape, ways} of products) {
			const times = ways.map(() => [] as number[]);
			let computed = 0;
			let lit = 0;
			for (let round = 0; round < 30; round++) {
				for (const part of parts) {
					x = part;
					heap.kernels.transpose(x.pointer, xT.pointer, rows, width);
					for (const [index, way] of ways.entries()) {
						const started = performance.now();
						way();
						times[index]!.push(performance.now() - started);
					}

					if (round === 0) {
						computed += pixelRuns(arena.f32(), x.at, rows, input, used, shape).reduce((sum, [from, to]) => sum + to - from, 0);
						lit += rowEntries(arena, x.at, rows, width).count;
					}
				}
			}

			const median = (values: number[]) => Math.round(values.sort((a, b) => a - b)[values.length >> 1]! * 1000);
			const [whole, skipping, sparse] = times.map(median) as [number, number, number];
			results.push({
				product,
				rows,
				wholeMicroseconds: whole,
				skippingMicroseconds: skipping,
				sparseMicroseconds: sparse,
				computedShare: computed / parts.length / width,
				litShare: lit / parts.length / (rows * width),
			});
		}

		arena.free([...parts, dz, p1, pT, xT, out]);
	}

	arena.dispose();
	return results;
}
