/**
 * Where a direct-engine training step's time goes, part by part, on the tutorial's MLP: each of the eight matMuls
 * (on the project's kernel, as a step runs them: the first layer's two over real MNIST rows, in the step's two parts,
 * skipping the pixels blank in every row of a part), drawing the dropout masks, the elementwise passes, the
 * transposes and Adam. The first layer's products over every pixel are timed beside them, for comparison.
 * Used by bench.ts (`npm run bench -- --profile`), alone on a core; the sum is close to one step.
 */
import {initBackend} from '../source/engine/backend.js';
import {drawMasksInto, fillPartMasks} from '../source/engine/dropout-streams.js';
import {layerOneForward} from '../source/engine/layer-one-forward.js';
import {layerOneGradient} from '../source/engine/layer-one-gradient.js';
import {loadDataset} from '../source/data/load-dataset.js';
import {createArena, type HeapBuffer} from '../source/engine/wasm-arena.js';
import {wasmHeap} from '../source/engine/wasm-heap.js';

export interface StepPart {
	part: string;
	microseconds: number;
	/** Multiply-adds × 2 of a matMul, for its GFLOP/s. */
	flops?: number;
	/** Timed beside what a step does, not part of a step (left out of the sum). */
	comparison?: true;
}

export async function profileStep(batch = 32, input = 784, hidden1 = 512, hidden2 = 256, classes = 10): Promise<StepPart[]> {
	await initBackend('wasm');
	const heap = wasmHeap();
	if (!heap) throw new Error('the step profile needs the wasm backend with SIMD');
	const arena = createArena(heap.kernels);
	const n = batch;
	const buffer = (size: number): HeapBuffer => arena.alloc(size);
	const p1 = buffer(hidden1 * (input + 1));
	const p2 = buffer(hidden2 * (hidden1 + 1));
	const p3 = buffer(classes * (hidden2 + 1));
	const p2T = buffer((hidden1 + 1) * hidden2);
	const p1T = buffer((input + 1) * hidden1);
	const p3T = buffer((hidden2 + 1) * classes);
	const x = buffer(n * (input + 1));
	const xT = buffer((input + 1) * n);
	const a1 = buffer((hidden1 + 1) * n);
	const a1T = buffer(n * (hidden1 + 1));
	const a2 = buffer((hidden2 + 1) * n);
	const z = buffer(classes * n);
	const dLogits = buffer(n * classes);
	const dz3 = buffer(classes * n);
	const g3T = buffer((hidden2 + 1) * classes);
	const g3 = buffer(classes * (hidden2 + 1));
	const dz2 = buffer(hidden2 * n);
	const dz1 = buffer(hidden1 * n);
	const mask1 = buffer(hidden1 * n);
	const mask2 = buffer(hidden2 * n);
	const g1 = buffer(p1.size);
	const g2 = buffer(p2.size);
	const total = p1.size + p2.size + p3.size;
	const [pAll, gAll, mAll, vAll] = [buffer(total), buffer(total), buffer(total), buffer(total)];
	const f32 = arena.f32();
	for (const b of [p1, p2, p3, p2T, p3T, a1, a1T, a2, dLogits, dz3, dz2, dz1]) {
		for (let i = 0; i < b.size; i++) f32[b.at + i] = Math.random() - 0.5;
	}

	// x: n real MNIST rows (pixels / 255, then the bias column's 1), as a step uploads them; xT its transpose.
	const dataset = await loadDataset();
	const images = new Uint8Array(dataset.trainImages);
	const width = input + 1;
	for (let j = 0; j < n; j++) {
		const row = (j * 7919) % dataset.trainCount;
		for (let c = 0; c < input; c++) f32[x.at + j * width + c] = (images[row * input + c] ?? 0) / 255;
		f32[x.at + j * width + input] = 1;
	}

	heap.kernels.transpose(x.pointer, xT.pointer, n, width);
	// The step's two parts (split-step.ts): each its own rows of x and xT, its a1 and dz1 blocks and its scan of x.
	const half = Math.ceil(n / 2);
	const stepParts = [
		[0, half],
		[half, n],
	].map(([from, to]) => {
		const rows = to! - from!;
		const part = {from: from!, rows, x: arena.view(x, from! * width, rows * width), xT: buffer(width * rows), a1: buffer(hidden1 * rows), dz1: buffer(hidden1 * rows), used: new Uint8Array(width)};
		heap.kernels.transpose(part.x.pointer, part.xT.pointer, rows, width);
		const values = arena.f32();
		for (let i = 0; i < part.dz1.size; i++) values[part.dz1.at + i] = Math.random() - 0.5;
		return part;
	});

	const parts: StepPart[] = [];
	const time = (part: string, run: () => void, flops?: number, comparison?: true) => {
		for (let i = 0; i < 30; i++) run();
		const repeats = 300;
		const started = performance.now();
		for (let i = 0; i < repeats; i++) run();
		parts.push({part, microseconds: Math.round(((performance.now() - started) / repeats) * 1000), flops, comparison});
	};

	const mm = (m: number, k: number, cols: number) => 2 * m * k * cols;
	time('forward 1: relu(p1 · xᵀ), 2 parts, blank pixels skipped', () => {
		for (const part of stepParts) layerOneForward(arena, part.a1, p1, part.xT, x, part.from, part.rows, hidden1, input, part.used);
	});
	time('forward 1 over every pixel (for comparison)', () => arena.matMul(a1, p1, xT, hidden1, input + 1, n, {relu: true}), mm(hidden1, input + 1, n), true);
	time('forward 2: relu(p2 · a1)', () => arena.matMul(a2, p2, a1, hidden2, hidden1 + 1, n, {relu: true}), mm(hidden2, hidden1 + 1, n));
	time('forward 3: p3 · a2', () => arena.matMul(z, p3, a2, classes, hidden2 + 1, n), mm(classes, hidden2 + 1, n));
	time('backward g3: a2 · dLogits', () => arena.matMul(g3T, a2, dLogits, hidden2 + 1, n, classes), mm(hidden2 + 1, n, classes));
	time('backward dz2: p3ᵀ · dz3', () => arena.matMul(dz2, p3T, dz3, hidden2, classes, n), mm(hidden2, classes, n));
	time('backward g2: dz2 · a1ᵀ', () => arena.matMul(g2, dz2, a1T, hidden2, n, hidden1 + 1), mm(hidden2, n, hidden1 + 1));
	time('backward dz1: p2ᵀ · dz2', () => arena.matMul(dz1, p2T, dz2, hidden1, hidden2, n), mm(hidden1, hidden2, n));
	// Each part's gradient reuses the scan its forward pass made of the same rows, as a step does.
	time('backward g1: dz1 · x, 2 parts, blank pixels skipped', () => {
		for (const part of stepParts) layerOneGradient(arena, g1, part.dz1, part.x, hidden1, part.rows, input, part.used);
	});
	time('backward g1 over every pixel (for comparison)', () => arena.matMul(g1, dz1, x, hidden1, n, input + 1), mm(hidden1, n, input + 1), true);
	const shape = {input, hidden1, hidden2, classes};
	const masks = {mask1: new Float32Array(hidden1 * n), mask2: new Float32Array(hidden2 * n)};
	let step = 0;
	// A split step draws its two parts' masks: together, a whole batch's (one mulberry32 draw per two entries) — in the
	// heap on the SIMD kernel, as a step does; the JS loop (the tfjs path's, and the engine's before) beside it.
	time('dropout masks (SIMD, in the heap)', () => {
		const key = {rate: 0.3, seed: 1, step: step++};
		for (const [part, rows] of [[0, half], [1, n - half]] as const) {
			drawMasksInto(heap.kernels, mask1.pointer, mask2.pointer, shape, {key, width: rows, segments: [{part, rows, from: 0, to: rows, offset: 0}]});
		}
	});
	time('dropout masks (JS loop, for comparison)', () => fillPartMasks(masks.mask1, masks.mask2, shape, n, {rate: 0.3, seed: 1, step: step++}, 0), undefined, true);
	const pixels = new Float32Array(n * (input + 1)).map((_, i) => i % 256);
	const groups = (count: number) => (count >>> 2) * 16;
	time('elementwise: pixels, masks, gates (SIMD)', () => {
		const f32 = arena.f32();
		f32.set(pixels, x.at);
		heap.kernels.divide(x.pointer, groups(n * (input + 1)), 255);
		heap.kernels.multiply(a1.pointer, mask1.pointer, groups(hidden1 * n));
		heap.kernels.multiply(a2.pointer, mask2.pointer, groups(hidden2 * n));
		heap.kernels.gate(dz1.pointer, a1.pointer, mask1.pointer, groups(hidden1 * n));
		heap.kernels.gate(dz2.pointer, a2.pointer, mask2.pointer, groups(hidden2 * n));
	});
	time('transposes: x, a1, p2, p3, g3', () => {
		heap.kernels.transpose(x.pointer, xT.pointer, n, input + 1);
		heap.kernels.transpose(a1.pointer, a1T.pointer, hidden1 + 1, n);
		heap.kernels.transpose(p2.pointer, p2T.pointer, hidden2, hidden1 + 1);
		heap.kernels.transpose(p3.pointer, p3T.pointer, classes, hidden2 + 1);
		heap.kernels.transpose(g3T.pointer, g3.pointer, hidden2 + 1, classes);
	});
	// The sparse forward reads p1ᵀ, made again after each Adam step (direct-model.ts freshP1T).
	time('transpose p1 into p1ᵀ (for the sparse forward)', () => heap.kernels.transpose(p1.pointer, p1T.pointer, hidden1, input + 1));
	time('Adam (all parameters, fused SIMD)', () =>
		heap.kernels.adam(pAll.pointer, gAll.pointer, mAll.pointer, vAll.pointer, Math.ceil(total / 4) * 16, 1e-3, 0.1, 0.001, 1e-7),
	);
	arena.dispose();
	return parts;
}
