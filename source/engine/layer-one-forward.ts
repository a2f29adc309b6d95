/**
 * The first layer's forward product a1 = relu(p1 · xᵀ) without the pixels that are blank in every row: such a pixel's
 * terms p·0 are ±0, and a sum that starts from +0 is never −0 (x + y rounds to +0 when it is zero), so adding them
 * leaves every sum as it was — skipping them gives the whole product's bits (README.md rule 20). The product runs over
 * the runs of pixels some row uses (layer-one-gradient.ts `pixelRuns`, the bias column always) in the inner
 * dimension's order, each run's sums continuing the last one's (stored and reloaded as floats: exact), relu on the
 * last. In MNIST 47 % of the pixels are blank in every row of a 16-row part, 37 % of a 64-row part. Only weights that
 * are already NaN or infinite (a run that diverged) would have given NaN in a skipped term. Given p1ᵀ, it sums over
 * each row's own lit pixels instead where that pays (layer-one-sparse.ts).
 */
import {pixelRuns, type RunShape} from './layer-one-gradient.js';
import {rowEntries, sparseForward, sparsePays, type SparseRows} from './layer-one-sparse.js';
import type {Arena, HeapBuffer} from './wasm-arena.js';

/** Skipping fewer pixels than this in all is not worth the runs' extra passes over the output. */
const leastSkipped = 64;

/** Fewer rows than this never take the sparse way: listing them costs more than it could save. */
const sparseLeastRows = 8;

const scratch = {used: new Uint8Array(0)};

/**
 * The inner dimension's runs: any width (the kernel takes one term at a time), gaps under 4 pixels computed — on
 * MNIST's 16- and 64-row parts a gap of 4 measured best among 1, 2, 4, 6, 8 and 12 (2026-12-06, in one thread).
 */
export const forwardRunShape: RunShape = {leastGap: 4, multiple: 1};

/** The sparse way needs p1ᵀ: whether it is fresh (else making it so costs a transpose), and it made fresh. */
export interface TransposedWeights {
	fresh(): boolean;
	get(): HeapBuffer;
}

/**
 * out (units × n) = relu(p1 (units × (input + 1)) · xT ((input + 1) × n)), where xT is rows [from, from + n) of x
 * (transposed): the pixels those rows leave blank skipped, or, with `p1T` and where it pays, only the pixels each row
 * uses (layer-one-sparse.ts). `used` gets the rows' scan (layer-one-gradient.ts scanPixels), for the weight gradient
 * over the same rows to reuse; so do the rows listed for the sparse way, returned (null when it was not taken).
 */
export function layerOneForward(
	arena: Arena,
	out: HeapBuffer,
	p1: HeapBuffer,
	xT: HeapBuffer,
	x: HeapBuffer,
	from: number,
	n: number,
	units: number,
	input: number,
	used?: Uint8Array,
	p1T?: TransposedWeights,
): SparseRows | null {
	const width = input + 1;
	if (scratch.used.length < width) scratch.used = new Uint8Array(width);
	const scan = used ?? scratch.used;
	const runs = pixelRuns(arena.f32(), x.at + from * width, n, input, scan, forwardRunShape);
	const computed = runs.reduce((sum, [start, end]) => sum + end - start, 0);
	if (p1T && units % 4 === 0 && n >= sparseLeastRows) {
		const rows = rowEntries(arena, x.at + from * width, n, width);
		if (sparsePays(rows.count, computed, n, input, p1T.fresh() ? 'none' : 'stale p1ᵀ')) {
			sparseForward(arena, out, p1T.get(), rows, units);
			return rows;
		}
	}

	if (width - computed < leastSkipped) {
		arena.matMul(out, p1, xT, units, width, n, {relu: true});
		return null;
	}

	for (const [index, [start, end]] of runs.entries()) {
		arena.matMulInner(out, p1, xT, units, width, n, start, end, {relu: index === runs.length - 1, accumulate: index > 0});
	}

	return null;
}
