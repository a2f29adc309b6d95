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
