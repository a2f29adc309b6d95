/** Float buffers in tfjs-wasm's heap, registered as tensors, and the one matMul the direct engine needs. */
import {activation, wasmInternals, type WasmInternals} from './wasm-internals.js';
import type {WasmKernels} from './wasm-kernels.js';

/** `size` floats at `pointer`, known to the C kernels as tensor `id`. */
export interface HeapBuffer {
	readonly id: number;
	readonly pointer: number;
	readonly size: number;
	/** The first float's index in a Float32Array over the whole heap (pointer / 4). */
	readonly at: number;
}

export interface MatMulOptions {
	relu?: boolean;
	/** A bias of `cols` floats added to every output row. */
	bias?: HeapBuffer;
	/**
	 * Reuse XNNPACK's packing of `b` from an earlier call (b and the bias unchanged since). By default b is re-packed:
	 * its contents or its shape changed, and XNNPACK caches the packing under b's id, which would otherwise be stale.
	 */
	samePacking?: boolean;
	/** XNNPACK even for a step's product (the tests' oracle for the project's kernel); a bias or samePacking implies it. */
	xnnpack?: boolean;
}

export interface Arena {
	readonly kernels: WasmKernels;
	/** A zeroed buffer of `size` floats, padded to a multiple of 4 (the SIMD kernels work 4 at a time). */
	alloc(size: number): HeapBuffer;
	/** Another tensor id over `size` floats of `of` from float `offset` (e.g. a bias row at a matrix's end). */
	view(of: HeapBuffer, offset: number, size: number): HeapBuffer;
	/** Drops buffers and views of this arena (their ids, and the memory of those alloc gave); views before what they view. */
	free(buffers: readonly HeapBuffer[]): void;
	/** Floats allocated and not freed (padding included): what this arena holds of the heap. */
	liveFloats(): number;
	/** The heap as floats; the array is replaced whenever the heap grows, so take it again after any allocation. */
	f32(): Float32Array;
	/** out (rows × cols) = act(a (rows × inner) · b (inner × cols) + bias), all row-major. */
	matMul(out: HeapBuffer, a: HeapBuffer, b: HeapBuffer, rows: number, inner: number, cols: number, options?: MatMulOptions): void;
	/**
	 * Columns [from, to) of out (rows × stride) = a (rows × inner) · columns [from, to) of b (inner × stride), on the
	 * project's kernel, the other columns of out untouched: the bits those columns of the whole product have (rule 12).
	 */
	matMulColumns(out: HeapBuffer, a: HeapBuffer, b: HeapBuffer, rows: number, inner: number, from: number, to: number, stride: number): void;
	/**
	 * The terms [from, to) of the inner dimension of out (rows × cols) = act(a (rows × inner) · b (inner × cols)), on
	 * the project's kernel: started from out's values when `accumulate` (the runs before this one's sums), else from 0.
	 * Runs taken in order, the last with `relu` if the product has it, give the whole product's bits (rule 20).
	 */
	matMulInner(out: HeapBuffer, a: HeapBuffer, b: HeapBuffer, rows: number, inner: number, cols: number, from: number, to: number, options: {relu: boolean; accumulate: boolean}): void;
	/** Frees every buffer and drops the ids (and the XNNPACK operators cached on them). */
	dispose(): void;
}

export function createArena(kernels: WasmKernels, internals: WasmInternals = wasmInternals()): Arena {
	const owned = new Set<HeapBuffer>();
	const ids = new Set<number>();
	// Two int32 shape triples, [1, rows, inner] and [1, inner, cols], rewritten before each matMul.
	const shapes = internals.malloc(24);
	let heap = new Float32Array(internals.memory.buffer);
	let ints = new Int32Array(internals.memory.buffer);

	function f32(): Float32Array {
		if (heap.buffer !== internals.memory.buffer) {
			heap = new Float32Array(internals.memory.buffer);
			ints = new Int32Array(internals.memory.buffer);
		}

		return heap;
	}

	function register(pointer: number, size: number): HeapBuffer {
		const id = internals.newId();
		internals.registerTensor(id, size, pointer);
		ids.add(id);
		return {id, pointer, size, at: pointer >>> 2};
	}

	function repack(buffer: HeapBuffer): void {
		internals.disposeData(buffer.id);
		internals.registerTensor(buffer.id, buffer.size, buffer.pointer);
	}

	return {
		kernels,
		alloc(size) {
			const padded = Math.ceil(size / 4) * 4;
			const pointer = internals.malloc(Math.max(padded, 4) * 4);
			const buffer = register(pointer, size);
			f32().fill(0, buffer.at, buffer.at + padded);
			owned.add(buffer);
			return buffer;
		},
		free(buffers) {
			for (const buffer of buffers) {
				if (!ids.delete(buffer.id)) throw new Error(`buffer ${buffer.id} is not this arena's, or was freed already`);
				internals.disposeData(buffer.id);
				if (owned.delete(buffer)) internals.free(buffer.pointer);
			}
		},
		liveFloats() {
			let floats = 0;
			for (const buffer of owned) floats += Math.max(Math.ceil(buffer.size / 4) * 4, 4);
			return floats;
		},
		view(of, offset, size) {
			if (!(offset >= 0 && offset + size <= Math.ceil(of.size / 4) * 4)) {
				throw new RangeError(`view of ${size} floats at ${offset} lies outside a buffer of ${of.size}`);
			}

			return register(of.pointer + offset * 4, size);
		},
		f32,
		matMulColumns(out, a, b, rows, inner, from, to, stride) {
			if (!(from >= 0 && from < to && to <= stride) || rows * inner > a.size || inner * stride > b.size || rows * stride > out.size) {
				throw new RangeError(`matMulColumns ${rows}×${inner} · columns [${from}, ${to}) of ${inner}×${stride} does not fit its buffers`);
			}

			kernels.matMul(out.pointer + from * 4, a.pointer, b.pointer + from * 4, 0, rows, inner, to - from, false, {stride});
		},
		matMulInner(out, a, b, rows, inner, cols, from, to, options) {
			if (!(from >= 0 && from < to && to <= inner) || rows * inner > a.size || inner * cols > b.size || rows * cols > out.size) {
				throw new RangeError(`matMulInner ${rows}×${inner} · ${inner}×${cols} over [${from}, ${to}) does not fit its buffers`);
			}

			kernels.matMul(out.pointer, a.pointer + from * 4, b.pointer + from * cols * 4, 0, rows, to - from, cols, options.relu, {lda: inner, accumulate: options.accumulate});
		},
		matMul(out, a, b, rows, inner, cols, options = {}) {
			if (rows * inner > a.size || inner * cols > b.size || rows * cols > out.size) {
				throw new RangeError(`matMul ${rows}×${inner} · ${inner}×${cols} does not fit its buffers`);
			}

			// A step's products (b new every call, no bias): the project's kernel, ~20 % faster than XNNPACK there with
			// the same floats (wasm-matmul.ts). Predictions (a bias, b packed once for many chunks): XNNPACK.
			if (!options.samePacking && !options.bias && !options.xnnpack) {
				kernels.matMul(out.pointer, a.pointer, b.pointer, 0, rows, inner, cols, options.relu === true);
				return;
			}

			if (!options.samePacking) {
				repack(b);
				if (options.bias) repack(options.bias);
			}

			f32();
			const s = shapes >>> 2;
			ints[s] = 1;
			ints[s + 1] = rows;
			ints[s + 2] = inner;
			ints[s + 3] = 1;
			ints[s + 4] = inner;
			ints[s + 5] = cols;
			internals.fusedMatMul(
				a.id,
				shapes,
				3,
				b.id,
				shapes + 12,
				3,
				0,
				0,
				options.relu ? activation.relu : activation.linear,
				options.bias?.id ?? 0,
				0,
				0,
				out.id,
			);
		},
		dispose() {
			for (const id of ids) internals.disposeData(id);
			for (const buffer of owned) internals.free(buffer.pointer);
			internals.free(shapes);
			ids.clear();
			owned.clear();
		},
	};
}
