// The hand-assembled WebAssembly kernels: a valid module (over tfjs-wasm's memory or a team's shared one), a transpose
// equal to tf.transpose on awkward shapes, an exact add, and an Adam step into another state equal to the one in place.
import * as tf from '@tensorflow/tfjs-core';
import {beforeAll, describe, expect, it} from 'vitest';
import {initBackend} from '../../source/engine/backend.js';
import {wasmHeap} from '../../source/engine/wasm-heap.js';
import {createWasmKernels, wasmKernelsModule, webAssembly} from '../../source/engine/wasm-kernels.js';

beforeAll(async () => {
	await initBackend('wasm');
});

describe('wasm kernels', () => {
	it('assemble into a module WebAssembly accepts', () => {
		// Compiling is the validation: it throws a CompileError on any malformed byte.
		expect(() => new webAssembly.Module(wasmKernelsModule())).not.toThrow();
		expect(() => new webAssembly.Module(wasmKernelsModule(true))).not.toThrow();
	});

	it('adamTo writes the same floats into another state as adam in place, and leaves the state it read intact', () => {
		// A team's shared memory: 4 blocks of 1,028 floats (p, g, m, v) and 3 more (the new p, m, v).
		const memory = new (webAssembly.Memory as unknown as new (options: object) => {buffer: SharedArrayBuffer})({initial: 1, maximum: 4, shared: true});
		const kernels = createWasmKernels(memory, true);
		const floats = new Float32Array(memory.buffer);
		const size = 1028;
		const random = tf.randomNormal([4 * size], 0, 0.1, 'float32', 5).dataSync();
		floats.set(random);
		// v ≥ 0, as Adam's second moment always is; some exact zeros in g.
		for (let i = 3 * size; i < 4 * size; i++) floats[i] = Math.abs(floats[i]!);
		for (let i = size; i < 2 * size; i += 7) floats[i] = 0;
		const before = floats.slice(0, 4 * size);
		const [p, g, m, v, pOut, mOut, vOut] = Array.from({length: 7}, (_, k) => k * size * 4);
		kernels.adamTo(p!, g!, m!, v!, pOut!, mOut!, vOut!, size * 4, 1e-3, 0.1, 0.001, 1e-7);
		expect(floats.slice(0, 4 * size)).toEqual(before);
		kernels.adam(p!, g!, m!, v!, size * 4, 1e-3, 0.1, 0.001, 1e-7);
		const bits = (from: number) => [...new Uint32Array(memory.buffer, from * 4, size)];
		expect(bits(4 * size)).toEqual(bits(0));
		expect(bits(5 * size)).toEqual(bits(2 * size));
		expect(bits(6 * size)).toEqual(bits(3 * size));
		// Guard against a vacuous pass: the step moved the weights.
		expect(floats.slice(0, size)).not.toEqual(before.slice(0, size));
	});

	it.each([
		[1, 1],
		[3, 7],
		[10, 257],
		[256, 513],
		[785, 512],
	])('transpose %i×%i matches tf.transpose exactly', (rows, cols) => {
		const heap = wasmHeap()!;
		const source = tf.randomNormal([rows, cols], 0, 1, 'float32', rows * cols);
		const destination = tf.zeros([cols, rows]);
		heap.kernels.transpose(heap.byteOffset(source), heap.byteOffset(destination), rows, cols);
		const expected = tf.transpose(source);
		const actual = heap.view(destination);
		const wanted = expected.dataSync();
		expect(actual.length).toBe(wanted.length);
		expect(actual.filter((value, i) => value !== wanted[i]).length).toBe(0);
		tf.dispose([source, destination, expected]);
	});

	it('add sums two blocks in place, float for float as JavaScript adds them, and leaves what follows untouched', () => {
		const heap = wasmHeap()!;
		const destination = tf.randomNormal([1, 4 * 257 + 4], 0, 1, 'float32', 1);
		const source = tf.randomNormal([1, 4 * 257 + 4], 0, 1, 'float32', 2);
		const [a, b] = [heap.view(destination).slice(), heap.view(source).slice()];
		// 257 groups of four: the last four floats of destination must stay as they were.
		heap.kernels.add(heap.byteOffset(destination), heap.byteOffset(source), 257 * 16);
		const sum = heap.view(destination);
		for (let i = 0; i < 4 * 257; i++) expect(sum[i]).toBe(Math.fround(a[i]! + b[i]!));
		expect([...sum.subarray(4 * 257)]).toEqual([...a.subarray(4 * 257)]);
		tf.dispose([destination, source]);
	});

	it('is unavailable (null) on another backend, so callers fall back to tfjs ops', async () => {
		await initBackend('cpu');
		try {
			expect(wasmHeap()).toBeNull();
		} finally {
			await initBackend('wasm');
		}
	});
});
