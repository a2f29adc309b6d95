/**
 * The first layer's products over the pixels each row uses, not the pixels every row of a part leaves blank: an
 * MNIST row lights ~19 % of its pixels, a 16-row part ~54 % of its columns and a 64-row part ~64 %, so summing a row's
 * lit pixels only does a third of the work of the column-skipping products (layer-one-forward.ts,
 * layer-one-gradient.ts) on large parts. Every sum keeps the bits of the whole product: its terms are the same, in
 * the inner dimension's order, each one float32 multiply and add, and the terms left out are ±0 added to a sum that
 * started from +0, which never changes it (README.md rules 19 and 20). The products run along units — rows of p1ᵀ
 * and of g1ᵀ — so the forward pass reads p1ᵀ (kept fresh by the model) and writes a1ᵀ, which is transposed into a1,
 * and the gradient is summed into g1ᵀ and transposed into g1. Those transposes make it pay only on larger parts:
 * `sparsePays` weighs each way's measured cost. A prediction chunk's first layer (`sparseChunkLayerOne`) needs no
 * transpose: its rows are batch-major already.
 */
import {grownCapacity} from './model-buffers.js';
import type {Arena, HeapBuffer} from './wasm-arena.js';

/** A part's rows as a sparse matrix in the heap: each row's lit columns (bias column included) and their values. */
interface RowEntries {
	capacity: number;
	/** int32 column of each entry, row by row. */
	idx: HeapBuffer;
	/** Its value. */
	val: HeapBuffer;
	/** int32 first entry of each row, and the end after the last row. */
	starts: HeapBuffer;
	rowsCapacity: number;
	/** Raised by every listing. */
	generation: number;
}

/** Rows listed by rowEntries: where they were (x's float offset of their first row, and k), and their entries. */
export interface SparseRows {
	at: number;
	k: number;
	entries: RowEntries;
	count: number;
	/** The listing's number: the scratch holds these rows' entries while entries.generation is still this. */
	generation: number;
}

/** Whether the scratch still holds these rows' entries (no rows were listed since). */
export const stillListed = (rows: SparseRows): boolean => rows.entries.generation === rows.generation;

interface Scratch {
	entries?: RowEntries;
	/** a1ᵀ (rows × units) or dz1ᵀ (rows × units). */
	byRow?: HeapBuffer;
	/** g1ᵀ ((input + 1) × units). */
	byColumn?: HeapBuffer;
}

const scratches = new WeakMap<Arena, Scratch>();

function scratchOf(arena: Arena): Scratch {
	let scratch = scratches.get(arena);
	if (!scratch) {
		scratch = {};
		scratches.set(arena, scratch);
	}

	return scratch;
}

/** A buffer of at least `size` floats in place of `current` (freed), grown by half at least. */
function atLeast(arena: Arena, current: HeapBuffer | undefined, size: number): HeapBuffer {
	if (current && current.size >= size) return current;
	if (current) arena.free([current]);
	return arena.alloc(grownCapacity(size, current?.size ?? 0));
}

/**
 * The entries of the k rows of x (`width` floats each, from float `at` of the heap) that are not ±0, row by row in
 * column order, into the arena's scratch (the listEntries kernel). Returns the entries and how many there are.
 */
export function rowEntries(arena: Arena, at: number, k: number, width: number): SparseRows {
	const scratch = scratchOf(arena);
	let entries = scratch.entries;
	if (!entries || entries.capacity < k * width || entries.rowsCapacity < k + 1) {
		if (entries) {
			// Rows listed in the old buffers are no longer there (stillListed).
			entries.generation++;
			arena.free([entries.idx, entries.val, entries.starts]);
		}

		// Grown by half at least, as the step buffers are (model-buffers.ts grownSet): both grow at the same row counts.
		const rows = grownCapacity(k, (entries?.rowsCapacity ?? 1) - 1);
		const generation = entries?.generation ?? 0;
		// listEntries may store 3 floats past the last entry.
		const floats = rows * width + 4;
		entries = {capacity: rows * width, idx: arena.alloc(floats), val: arena.alloc(floats), starts: arena.alloc(rows + 1), rowsCapacity: rows + 1, generation};
		scratch.entries = entries;
	}

	const count = arena.kernels.listEntries(at * 4, width * 4, k, width, entries.idx.pointer, entries.val.pointer, entries.starts.pointer);
	entries.generation++;
	return {at, k, entries, count, generation: entries.generation};
}

/**
 * Whether the sparse product beats the column-skipping one, in the dense kernel's time per term (~0.05 µs per 512
 * units on this project's machines): an entry costs ~1.75 of those (one row of p1ᵀ or g1ᵀ read and written per
 * entry, against the dense kernel's tiles kept in registers), and the gradient's way pays a fill and a transpose of
 * (input + 1) × units floats (~0.28 µs per 512 units per column of g1). `computed`: the columns the dense way would
 * compute, of k rows. Measured 2026-12-07 (`npm run bench -- --profile` prints both ways).
 */
export function sparsePays(count: number, computed: number, k: number, input: number, fixed: 'gradient' | 'stale p1ᵀ' | 'none'): boolean {
	const dense = computed * k;
	// p1ᵀ made fresh: a transpose of (input + 1) × units floats (~0.14 µs per 512 units per column), half of it charged
	// to each of a step's two parts, the second of which finds it fresh.
	const sparse = count * 1.75 + (fixed === 'gradient' ? (input + 1) * 7.2 : fixed === 'stale p1ᵀ' ? (input + 1) * 1.75 : 0);
	return sparse < dense;
}

/**
 * out (units × k) = relu(p1 · xᵀ) of the k rows whose entries these are, from pT = p1ᵀ ((input + 1) × units, fresh):
 * each row's a1ᵀ row summed over its entries, then transposed into out.
 */
export function sparseForward(arena: Arena, out: HeapBuffer, pT: HeapBuffer, {entries, k}: SparseRows, units: number): void {
	const scratch = scratchOf(arena);
	scratch.byRow = atLeast(arena, scratch.byRow, k * units);
	const byRow = scratch.byRow;
	const {kernels} = arena;
	arena.f32().fill(0, byRow.at, byRow.at + k * units);
	kernels.sparseRows(byRow.pointer, units * 4, 0, pT.pointer, 0, units * 4, entries.idx.pointer, entries.val.pointer, entries.starts.pointer, k, units * 4, 1);
	kernels.transpose(byRow.pointer, out.pointer, k, units);
}

/**
 * out (units × (input + 1)) = dz1 (units × k) · x (k × (input + 1)) for the k rows whose entries these are: dz1ᵀ's
 * rows, each scaled by an entry, summed into g1ᵀ's row of its column, then g1ᵀ transposed into out.
 */
export function sparseGradient(arena: Arena, out: HeapBuffer, dz1: HeapBuffer, {entries, k}: SparseRows, units: number, input: number): void {
	const width = input + 1;
	const scratch = scratchOf(arena);
	scratch.byRow = atLeast(arena, scratch.byRow, k * units);
	scratch.byColumn = atLeast(arena, scratch.byColumn, width * units);
	const {byRow, byColumn} = scratch;
	const {kernels} = arena;
	kernels.transpose(dz1.pointer, byRow.pointer, units, k);
	arena.f32().fill(0, byColumn.at, byColumn.at + width * units);
	kernels.sparseRows(byColumn.pointer, 0, units * 4, byRow.pointer, units * 4, 0, entries.idx.pointer, entries.val.pointer, entries.starts.pointer, k, units * 4, 0);
	kernels.transpose(byColumn.pointer, out.pointer, width, units);
}

/**
 * A prediction chunk's first layer, h1 (size × units) = relu(x (size × input) · p1's kernelᵀ + bias), over each row's
 * lit pixels where that pays: each h1 row starts as the bias and takes the row's entries in column order — XNNPACK's
 * sum, bias + a₀·b₀ + a₁·b₁ + … (README.md rule 1), less its ±0 terms. Those can change a sum only where it is ±0
 * (bias −0 plus a +0 term is +0), which relu makes +0 either way: the same bits after relu. False where it does not
 * pay (rows with few blank pixels), h1 untouched: the caller takes XNNPACK's product.
 */
export function sparseChunkLayerOne(arena: Arena, h1: HeapBuffer, x: HeapBuffer, kernelT: HeapBuffer, biasT: HeapBuffer, size: number, input: number, units: number): boolean {
	if (units % 4 !== 0) return false;
	const rows = rowEntries(arena, x.at, size, input);
	// XNNPACK computes every term, ~0.8 of the project kernel's time per term on these shapes.
	if (rows.count * 1.75 >= size * input * 0.8) return false;
	const heap = arena.f32();
	for (let r = 0; r < size; r++) heap.copyWithin(h1.at + r * units, biasT.at, biasT.at + units);
	const {entries} = rows;
	arena.kernels.sparseRows(h1.pointer, units * 4, 0, kernelT.pointer, 0, units * 4, entries.idx.pointer, entries.val.pointer, entries.starts.pointer, size, units * 4, 1);
	return true;
}
