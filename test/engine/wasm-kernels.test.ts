// The hand-assembled WebAssembly kernels: a valid module, a transpose equal to tf.transpose on awkward shapes, an exact add.
import * as tf from '@tensorflow/tfjs-core';
import {beforeAll, describe, expect, it} from 'vitest';
import {initBackend} from '../../source/engine/backend.js';
import {wasmHeap} from '../../source/engine/wasm-heap.js';
import {wasmKernelsModule, webAssembly} from '../../source/engine/wasm-kernels.js';

beforeAll(async () => {
	await initBackend('wasm');
});

describe('wasm kernels', () => {
	it('assemble into a module WebAssembly accepts', () => {
		// Compiling is the validation: it throws a CompileError on any malformed byte.
		expect(() => new webAssembly.Module(wasmKernelsModule())).not.toThrow();
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
