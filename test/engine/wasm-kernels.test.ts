// The hand-assembled WebAssembly kernels: a valid module, and a transpose equal to tf.transpose on awkward shapes.
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

	it('is unavailable (null) on another backend, so callers fall back to tfjs ops', async () => {
		await initBackend('cpu');
		try {
			expect(wasmHeap()).toBeNull();
		} finally {
			await initBackend('wasm');
		}
	});
});
