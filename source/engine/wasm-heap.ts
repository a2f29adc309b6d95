/** Direct access to tfjs-wasm's memory, for the kernels in wasm-kernels.ts; null on any other backend. */
import * as tf from '@tensorflow/tfjs-core';
import {createWasmKernels, webAssembly, type WasmKernels, type WasmMemory} from './wasm-kernels.js';

/** The kernels plus where a tensor's data lives. */
export interface WasmHeap {
	kernels: WasmKernels;
	/** Byte offset of a float32 tensor's data in the shared memory. */
	byteOffset(tensor: tf.Tensor): number;
	/** A Float32Array over the tensor's data: writes change the tensor. Re-take it after any allocation (memory may grow). */
	view(tensor: tf.Tensor): Float32Array;
}

/** The slice of tfjs-backend-wasm 4.22's BackendWasm this relies on. */
interface WasmBackendInternals {
	wasm?: {asm?: {memory?: unknown}};
	typedArrayFromHeap?: (tensor: tf.TensorInfo) => Float32Array;
}

const heaps = new WeakMap<WasmMemory, WasmKernels>();

export function wasmHeap(): WasmHeap | null {
	if (tf.getBackend() !== 'wasm') {
		return null;
	}

	const backend = tf.backend() as unknown as WasmBackendInternals;
	const memory = backend.wasm?.asm?.memory;
	const typedArrayFromHeap = backend.typedArrayFromHeap?.bind(backend);
	if (!(memory instanceof webAssembly.Memory) || !typedArrayFromHeap) {
		return null;
	}

	let kernels = heaps.get(memory);
	if (!kernels) {
		try {
			kernels = createWasmKernels(memory);
		} catch {
			// No WebAssembly SIMD here: the caller falls back to tfjs ops.
			return null;
		}

		heaps.set(memory, kernels);
	}

	return {
		kernels,
		view: tensor => typedArrayFromHeap(tensor),
		byteOffset: tensor => typedArrayFromHeap(tensor).byteOffset,
	};
}

/** A matrix transpose: the wasm kernel when available (several times faster on power-of-two strides), else tf.transpose. */
export function matrixTranspose(heap: WasmHeap | null): (matrix: tf.Tensor2D) => tf.Tensor2D {
	if (!heap) {
		return matrix => tf.transpose(matrix);
	}

	return matrix => {
		const [rows, cols] = matrix.shape;
		// fill runs as one kernel in the wasm heap; tf.zeros would build the zeros in JavaScript first.
		const out = tf.fill([cols, rows], 0) as tf.Tensor2D;
		heap.kernels.transpose(heap.byteOffset(matrix), heap.byteOffset(out), rows, cols);
		return out;
	};
}
