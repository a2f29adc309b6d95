/**
 * The first layer's weight gradient g1 = dz1 · x without the pixels that are blank in every row: a column of g1 whose
 * pixel is 0 in all of a part's rows is a sum of products dz·0 = ±0 from +0, which is +0 — written as such, not
 * computed. In MNIST 47 % of the pixels are blank in every row of a 16-row part, 37 % of a 64-row part (the margins
 * around the digits); the product runs on the runs of columns in between (and the bias column), each run's bits those
 * of the whole product's columns (README.md rule 12). Only a gradient that is already NaN or infinite (a run that
 * diverged) would have put NaN where this writes +0.
 */
import {rowEntries, sparseGradient, sparsePays, stillListed, type SparseRows} from './layer-one-sparse.js';
import type {Arena, HeapBuffer} from './wasm-arena.js';

/** Fewer rows than this never take the sparse way (layer-one-sparse.ts): it pays only on large parts. */
const sparseLeastRows = 24;

/** Blank columns between two runs fewer than this are computed (their +0) rather than cutting the run. */
const leastGap = 8;

/** How pixelRuns closes gaps and widens runs: the gradient's defaults (runs of g1's columns), or the forward pass's. */
export interface RunShape {
	leastGap: number;
	/** Widen each run to a multiple of this many columns. */
	multiple: number;
}
/** Skipping fewer blank columns than this in all is not worth the runs and the fill. */
const leastSkipped = 64;

/**
 * Runs [from, to) of the columns of x (k rows of input + 1 floats from float `at` of heap) to compute: the pixels some
 * row uses, gaps below leastGap closed, each run widened to a multiple of 4 columns where the row allows (the matMul's
 * widest tiles), and the bias column. Columns outside every run are blank in all k rows. `used` gets the scan.
 */
export function pixelRuns(heap: Float32Array, at: number, k: number, input: number, used: Uint8Array, shape: RunShape = {leastGap, multiple: 4}): Array<[from: number, to: number]> {
	scanPixels(heap, at, k, input, used);
	return runsOf(used, input, shape);
}

/** used[c] = 1 where some of the k rows of x from float `at` has pixel c (and the bias column), else 0. */
export function scanPixels(heap: Float32Array, at: number, k: number, input: number, used: Uint8Array): void {
	const width = input + 1;
	// Column by column, down to the first row that uses the pixel: a used pixel is found within a few rows, so only
	// the blank ones are read in every row (~2.5× fewer reads than every row in full on MNIST's 64-row parts).
	const end = at + k * width;
	for (let c = 0; c < input; c++) {
		used[c] = 0;
		for (let i = at + c; i < end; i += width) {
			if (heap[i] !== 0) {
				used[c] = 1;
				break;
			}
		}
	}

	used[input] = 1;
}

/** pixelRuns's runs from a scan already made (scanPixels). */
export function runsOf(used: Uint8Array, input: number, shape: RunShape = {leastGap, multiple: 4}): Array<[from: number, to: number]> {
	const width = input + 1;
	const runs: Array<[number, number]> = [];
	for (let c = 0; c < width; c++) {
		if (!used[c]) continue;
		let end = c + 1;
		while (end < width && used[end]) end++;
		const last = runs.at(-1);
		if (last && c - last[1] < shape.leastGap) last[1] = end;
		else runs.push([c, end]);
		c = end;
	}

	for (const run of runs) run[1] = Math.min(width, run[0] + Math.ceil((run[1] - run[0]) / shape.multiple) * shape.multiple);
	// Widening may reach the next run: merge those.
	const merged: Array<[number, number]> = [];
	for (const run of runs) {
		const last = merged.at(-1);
		if (last && run[0] <= last[1]) last[1] = Math.max(last[1], run[1]);
		else merged.push(run);
	}

	return merged;
}

const scratch = {used: new Uint8Array(0)};

/**
 * out (units × (input + 1)) = dz1 (units × k) · x (k × (input + 1)), with its blank pixels' columns written as +0 —
 * or, where it pays, summed over the pixels each row uses (layer-one-sparse.ts). `scanned`: scanPixels of these very k
 * rows, made already (the forward pass over them did), so not made again; `listed`: the rows as the forward pass
 * listed them for the sparse way, used while the scratch still holds them; `sparse` false: never that way (the
 * bench's comparison). Returns the way it took.
 */
export function layerOneGradient(
	arena: Arena,
	out: HeapBuffer,
	dz1: HeapBuffer,
	x: HeapBuffer,
	units: number,
	k: number,
	input: number,
	scanned?: Uint8Array,
	listed?: SparseRows,
	sparse = true,
): 'sparse' | 'runs' | 'whole' {
	const width = input + 1;
	if (scratch.used.length < width) scratch.used = new Uint8Array(width);
	const runs = scanned ? runsOf(scanned, input) : pixelRuns(arena.f32(), x.at, k, input, scratch.used);
	const computed = runs.reduce((sum, [from, to]) => sum + to - from, 0);
	// Only the pixels each row uses, where that pays (layer-one-sparse.ts): on large parts.
	if (sparse && units % 4 === 0 && k >= sparseLeastRows) {
		const rows = listed && listed.at === x.at && listed.k === k && stillListed(listed) ? listed : rowEntries(arena, x.at, k, width);
		if (sparsePays(rows.count, computed, k, input, 'gradient')) {
			sparseGradient(arena, out, dz1, rows, units, input);
			return 'sparse';
		}
	}

	if (width - computed < leastSkipped) {
		arena.matMul(out, dz1, x, units, k, width);
		return 'whole';
	}

	arena.f32().fill(0, out.at, out.at + units * width);
	for (const [from, to] of runs) arena.matMulColumns(out, dz1, x, units, k, from, to, width);
	return 'runs';
}
