/**
 * A direct model's passes over its training-layout buffers (direct-model.ts): raw pixels in, the forward pass with
 * inverted dropout, softmax cross-entropy and its logit gradient, and the deltas back through the ReLU gates —
 * train-step.ts's mathematics, operand for operand. A thread alone runs them for a whole part of a step; a team member
 * (team-member.ts) for its block of rows.
 */
import {drawMasksInto} from './dropout-streams.js';
import {layerOneForward, type TransposedWeights} from './layer-one-forward.js';
import type {SparseRows} from './layer-one-sparse.js';
import type {StepRows} from './direct-model.js';
import type {Layer, StepBuffers} from './model-buffers.js';
import type {MlpShape, ParamName} from './mlp-params.js';
import type {Arena, HeapBuffer} from './wasm-arena.js';
import type {WasmKernels} from './wasm-kernels.js';

/** The bytes of the whole groups of 4 floats in `count` floats: a SIMD kernel's share of them. */
const wholeGroups = (count: number) => (count >>> 2) * 16;

/** What the passes work on: the model's arena, kernels and layers. */
export interface PassContext {
	shape: MlpShape;
	arena: Arena;
	kernels: WasmKernels;
	layers: Record<ParamName, Layer>;
	/** Which pixels the last forward pass's rows use (layer-one-gradient.ts scanPixels), for the gradients to reuse. */
	usedPixels: Uint8Array;
	/** p1ᵀ for the sparse forward pass (layer-one-sparse.ts): whether it is fresh, and it made fresh. */
	p1T: TransposedWeights;
}

export type RowPasses = ReturnType<typeof createRowPasses>;

export function createRowPasses({shape, arena, kernels, layers, usedPixels, p1T}: PassContext) {
	const [l1, l2, l3] = [layers.p1, layers.p2, layers.p3];
	/** The rows the last forward pass listed as a sparse matrix (layer-one-forward.ts), for their gradient to reuse. */
	let listed: SparseRows | null = null;

	/**
	 * The first `count` floats of `buffer` (raw pixels) divided by 255 in place, like the tfjs path: by the SIMD
	 * kernel (a float32 division gives the float a JS division stored in a Float32Array does: double rounding is
	 * harmless for a quotient of floats), the last floats of an odd count here.
	 */
	function scalePixels(buffer: HeapBuffer, count: number): void {
		kernels.divide(buffer.pointer, wholeGroups(count), 255);
		const heap = arena.f32();
		for (let i = count & ~3; i < count; i++) heap[buffer.at + i] = heap[buffer.at + i]! / 255;
	}

	/** x from raw pixel rows: copied, then scaled. */
	function uploadPixels(s: StepBuffers, pixels: Float32Array, n: number): void {
		const count = n * (shape.input + 1);
		arena.f32().set(pixels.subarray(0, count), s.x.at);
		scalePixels(s.x, count);
	}

	/** xᵀ of x's rows [from, from + n): the right operand of the forward pass. */
	function transposeRows(s: StepBuffers, from: number, n: number): void {
		kernels.transpose(s.x.pointer + from * (shape.input + 1) * 4, s.xT.pointer, n, shape.input + 1);
	}

	/**
	 * Forward pass over the n rows in s.xT (rows [from, from + n) of s.x), with inverted dropout when masks are given.
	 * Leaves logits in s.z.
	 */
	function forward(s: StepBuffers, from: number, n: number, mask1: HeapBuffer | null, mask2: HeapBuffer | null): void {
		const {input, hidden1, hidden2, classes} = shape;
		listed = layerOneForward(arena, s.a1Out, l1.p, s.xT, s.x, from, n, hidden1, input, usedPixels, p1T);
		finishHidden(s.a1, hidden1, n, mask1);
		arena.matMul(s.a2Out, l2.p, s.a1, hidden2, hidden1 + 1, n, {relu: true});
		finishHidden(s.a2, hidden2, n, mask2);
		arena.matMul(s.z, l3.p, s.a2, classes, hidden2 + 1, n);
	}

	/** Applies the dropout mask to a units × n block and writes the row of ones below it. */
	function finishHidden(activations: HeapBuffer, units: number, n: number, mask: HeapBuffer | null): void {
		const heap = arena.f32();
		const count = units * n;
		const {at} = activations;
		if (mask) {
			kernels.multiply(activations.pointer, mask.pointer, wholeGroups(count));
			for (let i = count & ~3; i < count; i++) heap[at + i] = heap[at + i]! * heap[mask.at + i]!;
		}

		heap.fill(1, at + count, at + count + n);
	}

	/**
	 * Softmax cross-entropy on s.z (classes × n), writing wᵢ·(pᵢ − tᵢ) to dLogits (n × classes) and dz3 (its
	 * transpose); `terms` gets each row's term of the returned sum.
	 */
	function lossAndLogitGradient(s: StepBuffers, rows: StepRows, terms: Float64Array | null): number {
		const heap = arena.f32();
		const {classes} = shape;
		const {n, targets, weights} = rows;
		const z = s.z.at;
		const d = s.dLogits.at;
		const dT = s.dz3.at;
		const exps = new Float64Array(classes);
		let loss = 0;
		for (let j = 0; j < n; j++) {
			let max = -Infinity;
			for (let c = 0; c < classes; c++) max = Math.max(max, heap[z + c * n + j]!);
			let sum = 0;
			for (let c = 0; c < classes; c++) {
				const e = Math.exp(heap[z + c * n + j]! - max);
				exps[c] = e;
				sum += e;
			}

			const logSum = Math.log(sum);
			const w = weights ? weights[j]! : rows.meanWeight;
			let rowLoss = 0;
			for (let c = 0; c < classes; c++) {
				const t = targets[j * classes + c]!;
				if (t !== 0) rowLoss -= t * (heap[z + c * n + j]! - max - logSum);
				const grad = w * (exps[c]! / sum - t);
				heap[d + j * classes + c] = grad;
				heap[dT + c * n + j] = grad;
			}

			const term = weights ? w * rowLoss : rowLoss;
			if (terms) terms[j] = term;
			loss += term;
		}

		return loss;
	}

	/**
	 * dz = dh ⊙ gate in place: the mask's scale where the activation is on (kept and positive), else 0 — by the SIMD
	 * kernel, the last floats of an odd count here.
	 */
	function gate(dz: HeapBuffer, activations: HeapBuffer, count: number, mask: HeapBuffer | null): void {
		if (mask) kernels.gate(dz.pointer, activations.pointer, mask.pointer, wholeGroups(count));
		else kernels.gatePlain(dz.pointer, activations.pointer, wholeGroups(count));
		const heap = arena.f32();
		const g = dz.at;
		const a = activations.at;
		for (let i = count & ~3; i < count; i++) {
			heap[g + i] = heap[a + i]! > 0 ? (mask ? heap[g + i]! * heap[mask.at + i]! : heap[g + i]!) : 0;
		}
	}

	/** The masks of `rows` into s's heap buffers, or null where it has none. */
	function heapMasks(s: StepBuffers, rows: StepRows): {mask1: HeapBuffer | null; mask2: HeapBuffer | null} {
		if (rows.maskDraw) {
			drawMasksInto(kernels, s.mask1.pointer, s.mask2.pointer, shape, rows.maskDraw);
			return {mask1: s.mask1, mask2: s.mask2};
		}

		const heap = arena.f32();
		const {n} = rows;
		const copy = (mask: Float32Array | null, into: HeapBuffer, units: number) => {
			if (!mask) return null;
			heap.set(mask.subarray(0, units * n), into.at);
			return into;
		};

		return {mask1: copy(rows.mask1, s.mask1, shape.hidden1), mask2: copy(rows.mask2, s.mask2, shape.hidden2)};
	}

	/** See DirectInternals.rowPass (direct-model.ts). Backward as train-step.ts: dz2 = (p3ᵀ · dz3) ⊙ gate, dz1 = (p2ᵀ · dz2) ⊙ gate. */
	function rowPass(s: StepBuffers, from: number, rows: StepRows, terms: Float64Array | null): number {
		const {hidden1, hidden2, classes} = shape;
		const {n} = rows;
		transposeRows(s, from, n);
		const {mask1, mask2} = heapMasks(s, rows);
		forward(s, from, n, mask1, mask2);
		const loss = lossAndLogitGradient(s, rows, terms);
		arena.matMul(s.dz2, l3.kernelT, s.dz3, hidden2, classes, n);
		gate(s.dz2, s.a2, hidden2 * n, mask2);
		kernels.transpose(s.a1.pointer, s.a1T.pointer, hidden1 + 1, n);
		arena.matMul(s.dz1, l2.kernelT, s.dz2, hidden1, hidden2, n);
		gate(s.dz1, s.a1, hidden1 * n, mask1);
		return loss;
	}

	/** The sparse rows the last forward pass listed, if they are rows [from, from + n) of s.x. */
	function sparseRowsOf(s: StepBuffers, from: number, n: number): SparseRows | undefined {
		return listed && listed.at === s.x.at + from * (shape.input + 1) && listed.k === n ? listed : undefined;
	}

	return {scalePixels, uploadPixels, transposeRows, forward, lossAndLogitGradient, gate, rowPass, sparseRowsOf};
}
