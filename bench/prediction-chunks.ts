/**
 * A prediction pass's chunks on real MNIST rows (2,048 rows a chunk, as forEachChunk takes them): its three products
 * on XNNPACK, against the first layer over each row's lit pixels (source/engine/layer-one-sparse.ts
 * sparseChunkLayerOne, its listing included) and the other two on XNNPACK — chunk by chunk in turn, in this thread.
 * Used by bench.ts (`npm run bench -- --profile`).
 */
import {initBackend} from '../source/engine/backend.js';
import {sparseChunkLayerOne} from '../source/engine/layer-one-sparse.js';
import {mnistShape} from '../source/engine/mlp-params.js';
import {predictionChunkRows} from '../source/engine/row-limits.js';
import {createArena} from '../source/engine/wasm-arena.js';
import {wasmHeap} from '../source/engine/wasm-heap.js';
import {loadDataset} from '../source/data/load-dataset.js';

export interface PredictionChunks {
	rows: number;
	/** Medians over the chunks, ms per chunk. */
	xnnpackMs: number;
	sparseMs: number;
}

export async function measurePredictionChunks(chunks = 10, rounds = 3): Promise<PredictionChunks> {
	await initBackend('wasm');
	const heap = wasmHeap();
	if (!heap) throw new Error('the prediction measurement needs the wasm backend with SIMD');
	const dataset = await loadDataset();
	const images = new Uint8Array(dataset.trainImages);
	const {input, hidden1, hidden2, classes} = mnistShape;
	const size = predictionChunkRows;
	const arena = createArena(heap.kernels);
	const weights = (inputs: number, outputs: number) => {
		const kernel = arena.alloc(inputs * outputs);
		const bias = arena.alloc(outputs);
		const f32 = arena.f32();
		for (let i = 0; i < inputs * outputs; i++) f32[kernel.at + i] = Math.fround(Math.sin(i) * 0.05);
		for (let i = 0; i < outputs; i++) f32[bias.at + i] = Math.fround(Math.cos(i) * 0.01);
		return {kernel, bias};
	};
	const [l1, l2, l3] = [weights(input, hidden1), weights(hidden1, hidden2), weights(hidden2, classes)];
	const x = arena.alloc(size * input);
	const h1 = arena.alloc(size * hidden1);
	const h2 = arena.alloc(size * hidden2);
	const logits = arena.alloc(size * classes);
	const rest = () => {
		arena.matMul(h2, h1, l2.kernel, size, hidden1, hidden2, {relu: true, bias: l2.bias, samePacking: true});
		arena.matMul(logits, h2, l3.kernel, size, hidden2, classes, {bias: l3.bias, samePacking: true});
	};
	// Pack every layer once, as a pass does at its first chunk.
	arena.matMul(h1, x, l1.kernel, size, input, hidden1, {relu: true, bias: l1.bias});
	arena.matMul(h2, h1, l2.kernel, size, hidden1, hidden2, {relu: true, bias: l2.bias});
	arena.matMul(logits, h2, l3.kernel, size, hidden2, classes, {bias: l3.bias});
	const xnnpack: number[] = [];
	const sparse: number[] = [];
	for (let round = 0; round < rounds; round++) {
		for (let chunk = 0; chunk < chunks; chunk++) {
			const f32 = arena.f32();
			for (let i = 0; i < size * input; i++) f32[x.at + i] = images[(chunk * size * input + i) % images.length]! / 255;
			let started = performance.now();
			arena.matMul(h1, x, l1.kernel, size, input, hidden1, {relu: true, bias: l1.bias, samePacking: true});
			rest();
			xnnpack.push(performance.now() - started);
			started = performance.now();
			if (!sparseChunkLayerOne(arena, h1, x, l1.kernel, l1.bias, size, input, hidden1)) throw new Error('MNIST chunks should take the sparse way');
			rest();
			sparse.push(performance.now() - started);
		}
	}

	arena.dispose();
	const median = (times: number[]) => Math.round(times.sort((a, b) => a - b)[times.length >> 1]! * 10) / 10;
	return {rows: size, xnnpackMs: median(xnnpack), sparseMs: median(sparse)};
}
