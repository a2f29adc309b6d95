/** Transposed copies of the two upper layers' weights, kept current with the wasm transpose kernel (backward pass input). */
import * as tf from '@tensorflow/tfjs-core';
import type {MlpParams} from './mlp-params.js';
import type {WasmHeap} from './wasm-heap.js';

/** p2ᵀ and p3ᵀ, valid for the parameters last passed to refresh. */
export interface TransposedWeights {
	p2: tf.Tensor2D;
	p3: tf.Tensor2D;
	refresh(params: MlpParams): void;
	dispose(): void;
}

export function createTransposedWeights(params: MlpParams, heap: WasmHeap): TransposedWeights {
	const [rows2, cols2] = params.p2.shape;
	const [rows3, cols3] = params.p3.shape;
	const copies: TransposedWeights = {
		p2: tf.zeros([cols2, rows2]),
		p3: tf.zeros([cols3, rows3]),
		refresh(current) {
			heap.kernels.transpose(heap.byteOffset(current.p2), heap.byteOffset(copies.p2), rows2, cols2);
			heap.kernels.transpose(heap.byteOffset(current.p3), heap.byteOffset(copies.p3), rows3, cols3);
		},
		dispose() {
			copies.p2.dispose();
			copies.p3.dispose();
		},
	};
	copies.refresh(params);
	return copies;
}
