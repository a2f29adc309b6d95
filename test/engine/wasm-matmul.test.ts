// The hand-assembled matMul (wasm-matmul.ts) against tfjs-wasm's XNNPACK, the oracle: every float the same bits, on
// the shapes a step takes and on shapes whose rows and columns leave every tile's remainder, with and without relu
// and a bias; and nothing written outside the output.
import {beforeAll, describe, expect, it} from 'vitest';
import {initBackend} from '../../source/engine/backend.js';
import {createArena, type Arena, type HeapBuffer} from '../../source/engine/wasm-arena.js';
import {wasmHeap} from '../../source/engine/wasm-heap.js';
import {wasmMatMulModule} from '../../source/engine/wasm-matmul.js';
import {webAssembly} from '../../source/engine/wasm-kernels.js';

let arena: Arena;

beforeAll(async () => {
	await initBackend('wasm');
	arena = createArena(wasmHeap()!.kernels);
});

/** Deterministic values in [−0.5, 0.5) with exact zeros and negative zeros sprinkled in (a ReLU's output has many). */
function fill(buffer: HeapBuffer, seed: number): void {
	const heap = arena.f32();
	let state = seed >>> 0;
	for (let i = 0; i < buffer.size; i++) {
		state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
		const value = state / 2 ** 32 - 0.5;
		heap[buffer.at + i] = i % 7 === 3 ? 0 : i % 11 === 5 ? -0 : value;
	}
}

const bits = (buffer: HeapBuffer, extra = 0) => [...new Uint32Array(arena.f32().buffer, buffer.pointer, buffer.size + extra)];

describe('the wasm matMul', () => {
	it('assembles into a module WebAssembly accepts', () => {
		expect(() => new webAssembly.Module(wasmMatMulModule())).not.toThrow();
	});

	const shapes: Array<[rows: number, inner: number, cols: number]> = [
		// A batch-32 step's parts of 16 rows: forward, the deltas and the weight gradients (hidden 512, 256).
		[512, 785, 16], [256, 513, 16], [10, 257, 16], [256, 10, 16], [512, 256, 16], [257, 16, 10], [256, 16, 513], [512, 16, 785],
		// Every remainder: rows 1–5 past a multiple of 6, columns 1–7 past a multiple of 8, tiny and odd inner sizes.
		[1, 1, 1], [3, 5, 7], [5, 3, 9], [6, 17, 12], [7, 2, 13], [9, 33, 15], [13, 8, 20], [4, 1, 8], [2, 9, 4],
		// Every count of columns left after the 8- and 4-wide passes (1, 2 or 3, alone or after either), 6- and 1-row tiles.
		[7, 6, 2], [7, 4, 3], [6, 9, 6], [13, 5, 11], [7, 12, 14], [12, 7, 18], [1, 3, 2], [1, 5, 3], [7, 3, 23],
	];

	it.each(shapes)('%i×%i · %i columns: the bits XNNPACK gives, with and without relu and a bias', (rows, inner, cols) => {
		const a = arena.alloc(rows * inner);
		const b = arena.alloc(inner * cols);
		const bias = arena.alloc(cols);
		// Outputs with 4 guard floats after them, to see that nothing is written past the product.
		const ours = arena.alloc(rows * cols + 4);
		const oracle = arena.alloc(rows * cols + 4);
		fill(a, rows * 31 + inner);
		fill(b, cols * 17 + inner);
		fill(bias, cols);
		const kernels = wasmHeap()!.kernels;
		let differing = 0;
		let nonZero = 0;
		for (const relu of [false, true]) {
			for (const withBias of [false, true]) {
				const guard = arena.f32();
				guard.fill(7, ours.at, ours.at + rows * cols + 4);
				guard.fill(7, oracle.at, oracle.at + rows * cols + 4);
				kernels.matMul(ours.pointer, a.pointer, b.pointer, withBias ? bias.pointer : 0, rows, inner, cols, relu);
				arena.matMul(oracle, a, b, rows, inner, cols, {relu, bias: withBias ? bias : undefined, xnnpack: true});
				const mine = bits(ours);
				const theirs = bits(oracle);
				differing += mine.filter((value, i) => value !== theirs[i]).length;
				nonZero += mine.slice(0, rows * cols).filter(value => value !== 0 && value !== 0x8000_0000).length;
				expect(arena.f32().subarray(ours.at + rows * cols, ours.at + rows * cols + 4)).toEqual(new Float32Array(4).fill(7));
			}
		}

		expect(differing).toBe(0);
		// Guard against a vacuous pass: the products were computed, not left zero.
		expect(nonZero).toBeGreaterThan(0);
		arena.free([a, b, bias, ours, oracle]);
	});
});

describe('the wasm matMul over runs of the inner dimension', () => {
	// Cut points of the inner dimension: single terms, a run at each end, uneven runs (wasm-arena.ts matMulInner).
	const cuts = (inner: number) => [...new Set([0, 1, Math.floor(inner / 3), Math.floor(inner / 2) + 1, inner - 1, inner])].filter(cut => cut >= 0 && cut <= inner).sort((a, b) => a - b);
	const shapes: Array<[rows: number, inner: number, cols: number]> = [[512, 785, 16], [512, 785, 64], [7, 9, 13], [13, 33, 20], [1, 5, 1], [6, 17, 12], [5, 3, 9]];

	it.each(shapes)('%i×%i · %i columns cut into runs, each continuing the last one\'s sums: the whole product\'s bits', (rows, inner, cols) => {
		const a = arena.alloc(rows * inner);
		const b = arena.alloc(inner * cols);
		const whole = arena.alloc(rows * cols + 4);
		const runs = arena.alloc(rows * cols + 4);
		fill(a, rows * 7 + inner);
		fill(b, cols * 5 + inner);
		for (const relu of [false, true]) {
			arena.matMul(whole, a, b, rows, inner, cols, {relu});
			const heap = arena.f32();
			// NaN before: the first run must not read what out held; 7 after: nothing written past the product.
			heap.fill(Number.NaN, runs.at, runs.at + rows * cols);
			heap.fill(7, runs.at + rows * cols, runs.at + rows * cols + 4);
			const points = cuts(inner).filter((cut, index, all) => index === 0 || cut > all[index - 1]!);
			const spans = points.slice(1).map((to, index) => [points[index]!, to] as const).filter(([from, to]) => to > from);
			expect(spans.length).toBeGreaterThan(inner > 2 ? 2 : 0);
			for (const [index, [from, to]] of spans.entries()) {
				arena.matMulInner(runs, a, b, rows, inner, cols, from, to, {relu: relu && index === spans.length - 1, accumulate: index > 0});
			}

			expect(bits(runs).slice(0, rows * cols)).toEqual(bits(whole).slice(0, rows * cols));
			expect(arena.f32().subarray(runs.at + rows * cols, runs.at + rows * cols + 4)).toEqual(new Float32Array(4).fill(7));
			// Guard against a vacuous pass: the product is not all zeros, and its last run alone is not the product.
			expect(bits(whole).slice(0, rows * cols).some(value => value !== 0 && value !== 0x8000_0000)).toBe(true);
		}

		if (inner > 2) {
			const [from, to] = [Math.floor(inner / 2), inner];
			arena.matMulInner(runs, a, b, rows, inner, cols, from, to, {relu: false, accumulate: false});
			arena.matMul(whole, a, b, rows, inner, cols);
			expect(bits(runs).slice(0, rows * cols)).not.toEqual(bits(whole).slice(0, rows * cols));
		}

		arena.free([a, b, whole, runs]);
	});
});

describe('the wasm matMul on columns of wider matrices', () => {
	// layer-one-gradient.ts computes a weight gradient's columns run by run (the pixels some row of the part is not
	// blank in), each run a block of b's and out's columns with their rows `stride` floats apart: a run of 1–3 columns,
	// or those left after the 8- and 4-wide passes, must neither read nor write the columns beside it.
	const runs: Array<[from: number, to: number]> = [[0, 1], [2, 4], [5, 8], [9, 13], [14, 20], [21, 31], [33, 44], [44, 45]];
	it.each([[6, 9], [13, 17], [1, 4]])('%i rows × inner %i: each run gives the whole product\'s columns and leaves the others as they were', (rows, inner) => {
		const stride = 47;
		const a = arena.alloc(rows * inner);
		const b = arena.alloc(inner * stride);
		const whole = arena.alloc(rows * stride);
		const out = arena.alloc(rows * stride);
		fill(a, rows * 3 + inner);
		fill(b, inner * 7);
		arena.matMul(whole, a, b, rows, inner, stride);
		for (const [from, to] of runs) {
			arena.f32().fill(7, out.at, out.at + rows * stride);
			arena.matMulColumns(out, a, b, rows, inner, from, to, stride);
			const ours = bits(out);
			const theirs = bits(whole);
			for (let i = 0; i < rows; i++) {
				for (let j = 0; j < stride; j++) {
					const at = i * stride + j;
					const expected = j >= from && j < to ? theirs[at] : new Uint32Array(new Float32Array([7]).buffer)[0];
					if (ours[at] !== expected) expect({row: i, column: j, run: [from, to], bits: ours[at]}).toEqual({row: i, column: j, run: [from, to], bits: expected});
				}
			}
		}

		// Not vacuous: the product has floats that are neither zero nor the guard.
		expect(bits(whole).slice(0, rows * stride).filter(value => value !== 0 && value !== 0x8000_0000).length).toBeGreaterThan(rows * stride / 2);
		arena.free([a, b, whole, out]);
	});
});
