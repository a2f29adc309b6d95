// The first layer's forward product without the pixels blank in every row (engine/layer-one-forward.ts) has the bits
// of the whole product relu(p1 · xᵀ) on MNIST rows (blank margins around the digits), on a block of rows in the middle
// of a batch (a team member's), on rows with no blank pixel, on blank rows and on one lit pixel — and it writes every
// output, whatever the buffer held (NaN before).
import {beforeAll, describe, expect, it} from 'vitest';
import {initBackend} from '../../source/engine/backend.js';
import {forwardRunShape, layerOneForward} from '../../source/engine/layer-one-forward.js';
import {pixelRuns} from '../../source/engine/layer-one-gradient.js';
import {createArena, type Arena, type HeapBuffer} from '../../source/engine/wasm-arena.js';
import {wasmHeap} from '../../source/engine/wasm-heap.js';
import {mnistTrain, type MnistPart} from './mnist-files.js';
import {pixelRows} from './pixel-rows.js';

let arena: Arena;
let train: MnistPart;
const input = 784;
const width = input + 1;
const units = 512;

beforeAll(async () => {
	await initBackend('wasm');
	arena = createArena(wasmHeap()!.kernels);
	train = mnistTrain();
});

/** k rows of x as a step has them (pixel-rows.ts). */
const rowsOf = (k: number, pixel: (row: number, column: number) => number): HeapBuffer => pixelRows(arena, k, input, pixel);

/** Weights as a trained first layer has them: mixed signs, small, the bias column too. */
function weights(seed: number): HeapBuffer {
	const p1 = arena.alloc(units * width);
	const heap = arena.f32();
	let state = seed;
	for (let i = 0; i < units * width; i++) {
		state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
		heap[p1.at + i] = Math.fround((state / 2 ** 32 - 0.5) * 0.1);
	}

	return p1;
}

const bitsOf = (buffer: HeapBuffer, size: number) => new Uint32Array(arena.f32().buffer, buffer.pointer, size).slice();

/** Rows [from, from + n) of x: layerOneForward's bits against the whole product's; the pixels it skipped. */
function compare(x: HeapBuffer, from: number, n: number, seed: number): {differ: number; positive: number; skipped: number} {
	const p1 = weights(seed);
	const xT = arena.alloc(width * n);
	wasmHeap()!.kernels.transpose(x.pointer + from * width * 4, xT.pointer, n, width);
	const whole = arena.alloc(units * n);
	arena.matMul(whole, p1, xT, units, width, n, {relu: true});
	const skipping = arena.alloc(units * n);
	arena.f32().fill(Number.NaN, skipping.at, skipping.at + units * n);
	layerOneForward(arena, skipping, p1, xT, x, from, n, units, input);
	const [want, got] = [bitsOf(whole, units * n), bitsOf(skipping, units * n)];
	let differ = 0;
	for (let i = 0; i < want.length; i++) if (want[i] !== got[i]) differ++;
	const runs = pixelRuns(arena.f32(), x.at + from * width, n, input, new Uint8Array(width), forwardRunShape);
	const skipped = width - runs.reduce((sum, [start, end]) => sum + end - start, 0);
	// Not vacuous: relu left a good share of the outputs positive.
	const positive = want.filter(value => value !== 0).length;
	arena.free([p1, xT, whole, skipping]);
	return {differ, positive, skipped};
}

describe('the first layer\'s forward product without blank pixels', () => {
	it('gives the whole product\'s bits on MNIST parts of 16 and 64 rows, which skip their blank pixels', () => {
		for (const [n, start] of [[16, 0], [64, 640], [16, 31_000], [1, 7]] as const) {
			const x = rowsOf(n, (j, c) => train.images[(start + j) * input + c]!);
			const {differ, positive, skipped} = compare(x, 0, n, n + start);
			// MNIST's parts leave blank columns around their digits, and those are skipped.
			expect(skipped).toBeGreaterThan(0.15 * width);
			expect(positive).toBeGreaterThan(0.2 * units * n);
			expect(differ).toBe(0);
			arena.free([x]);
		}
	});

	it('gives the whole product\'s bits on a member\'s block of rows from the middle of a batch', () => {
		const x = rowsOf(32, (j, c) => train.images[(200 + j) * input + c]!);
		for (const [from, n] of [[16, 16], [13, 11], [31, 1]] as const) expect(compare(x, from, n, from).differ).toBe(0);
		arena.free([x]);
	});

	it('gives the whole product\'s bits with no blank pixel, with every pixel blank, and with one lit pixel', () => {
		const full = rowsOf(16, (j, c) => 1 + ((j * 31 + c) % 250));
		expect(compare(full, 0, 16, 3)).toMatchObject({differ: 0, skipped: 0});
		const blank = rowsOf(16, () => 0);
		expect(compare(blank, 0, 16, 4)).toMatchObject({differ: 0, skipped: input});
		const one = rowsOf(16, (j, c) => (j === 9 && c === 400 ? 200 : 0));
		expect(compare(one, 0, 16, 5)).toMatchObject({differ: 0, skipped: input - 1});
		arena.free([full, blank, one]);
	});
});
