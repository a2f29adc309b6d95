/**
 * The MLP's numbers on the wasm backend without tfjs's op layer: every buffer is allocated once in tfjs-wasm's heap,
 * the eight matMuls of a step go to the project's SIMD matMul and predictions' to XNNPACK (wasm-arena.ts, the same
 * floats), and the small elementwise work — scaling, dropout, ReLU gates (SIMD kernels), softmax cross-entropy, the
 * ones rows that carry the biases — runs over the heap. The mathematics is train-step.ts's, operand for operand (the
 * weights the left operand, so nothing weight-sized is packed); mlp.ts's tfjs path stays as the reference it is
 * tested against (test/engine/direct-mlp.test.ts).
 * Why: a batch-32 step spent ~2 ms of ~4 ms in tfjs dispatch and bookkeeping for ~50 small ops.
 * Gradients and the Adam step are separate calls so two threads can share a batch (team.ts).
 * Here: the model's interface and state; its passes over the training layout are row-passes.ts's, its buffers
 * model-buffers.ts's.
 */
import {coefficients} from './adam.js';
import {requireRow} from './batch-buffers.js';
import type {MaskDraw} from './dropout-streams.js';
import {layerOneGradient} from './layer-one-gradient.js';
import {sparseChunkLayerOne, type SparseRows} from './layer-one-sparse.js';
import {checkBlendDecay, initialParamValues, paramNames, type MlpShape, type ParamName} from './mlp-params.js';
import {grownSet, makeInputGradientBuffers, makeLayers, makeStepBuffers, type ChunkBuffers, type InputGradientBuffers, type Layer, type StepBuffers} from './model-buffers.js';
import type {PixelArray} from './model.js';
import {predictionChunkRows} from './row-limits.js';
import {createRowPasses} from './row-passes.js';
import {createArena, type Arena, type HeapBuffer} from './wasm-arena.js';
import type {WasmKernels} from './wasm-kernels.js';

/** n training rows, as one step (or one thread's share of a step) takes them. */
export interface StepRows {
	n: number;
	/** Raw pixels 0..255, n × (input + 1), each row ending in 255 (the bias input once divided). */
	pixels: Float32Array;
	/** n × classes: one-hot labels or any distribution per row. */
	targets: Float32Array;
	/** Per-row loss weights, or null for every row weighing `meanWeight` (1/batch, the epoch loop's batch mean). */
	weights: Float32Array | null;
	meanWeight: number;
	/** Inverted-dropout masks, hidden × n feature-major, or null for no dropout (or for masks drawn as `maskDraw` says). */
	mask1: Float32Array | null;
	mask2: Float32Array | null;
	/** Masks to draw straight into the heap instead (dropout-streams.ts drawMasksInto); absent or null: `mask1`, `mask2`. */
	maskDraw?: MaskDraw | null;
}

/** Rows whose input gradient is asked for: n, their pixels (as StepRows) and one target distribution per row. */
export type InputRows = Pick<StepRows, 'n' | 'pixels' | 'targets'>;

export interface DirectModel {
	readonly shape: MlpShape;
	readonly learningRate: number;
	/**
	 * Counts every change of the weights or the optimizer state (an Adam step, a load): a team compares it with the
	 * version its helper holds, so no caller has to remember to say the weights changed.
	 */
	readonly version: number;
	/**
	 * Loss gradients of these rows into the gradient buffers (replacing them); returns Σ CE, or Σ wᵢ·CE with weights.
	 * `firstPart`: a split step's first part (split-step.ts): into buffers of their own, which the next adam() adds to
	 * the gradients of the second part as it reads them (second + first, as a team's members sum their units).
	 */
	gradients(rows: StepRows, firstPart?: boolean): number;
	/**
	 * The gradient of Σᵢ CE(tᵢ, softmax(f(xᵢ))) with respect to each row's input x = pixel/255, without dropout, into
	 * out (n × input, row-major); returns Σᵢ CE. `pixels` as StepRows has them, any real values (a perturbed image
	 * leaves 0..255). On buffers of its own: the weights, the optimizer state, the gradient buffers and the version
	 * are left as they are, so it may run between any two steps (VAT's power iteration, source/methods/vat.ts).
	 */
	inputGradients(rows: InputRows, out: Float32Array): number;
	/** One Adam step with the gradient buffers (plus a first part's, when one waits). */
	adam(): void;
	/** Softmax probabilities (n × classes) of up to `smallBatchRows` rows in the training layout; no weight packing. */
	predictSmall(pixels: Float32Array, n: number, out: Float32Array): void;
	/** Batch-major forward pass over chunks of images; `use` gets each chunk's logits (size × classes at heap[at …]). */
	forEachChunk(
		images: PixelArray,
		rows: ArrayLike<number> | null,
		count: number,
		use: (heap: Float32Array, at: number, start: number, size: number) => void,
	): void;
	weights(): Record<ParamName, Float32Array>;
	/**
	 * p ← fround(d·p) + fround(e·source) per weight, d = fround(decay), e = fround(1 − decay); `source` holds
	 * the three augmented matrices (another model's `paramViews` or a copy). A change of the weights: version + 1.
	 */
	blend(source: Record<ParamName, Float32Array>, decay: number): void;
	/** The parameters as views into the heap, no copy: valid until the next allocation in the heap. */
	paramViews(): Record<ParamName, Float32Array>;
	/**
	 * The gradient buffers as views into the heap, for another engine to write a step's gradients into before adam()
	 * (the native-engine probe, /work/ort-probe): valid until the next allocation in the heap.
	 */
	gradientViews(): Record<ParamName, Float32Array>;
	/** Floats this model holds in the wasm heap (for the test that the step buffers stay bounded). */
	heapFloats(): number;
	readonly disposed: boolean;
	/** The heap buffers and passes a team member computes its share of a step with (team-member.ts); engine only. */
	internals(): DirectInternals;
	dispose(): void;
}

/** What a team member (team-member.ts) needs of a model beyond the interface above. */
export interface DirectInternals {
	arena: Arena;
	kernels: WasmKernels;
	layers: Record<ParamName, Layer>;
	/** Step buffers for at least n rows (the same set until a larger n comes). */
	stepBuffers(n: number): StepBuffers;
	/** Raw pixel rows (n × (input + 1), as StepRows has them) divided by 255 into x's first n rows. */
	uploadPixels(s: StepBuffers, pixels: Float32Array, n: number): void;
	/**
	 * Forward and backward through the deltas for `rows.n` rows already in x from row `from`: leaves a1, a1ᵀ, a2, the
	 * logit gradient, dz2 and dz1 of those rows in s (each laid out for rows.n rows), no weight gradient. Returns the
	 * loss sum; `terms` gets each row's share of it (the canonical order sums them, team.ts).
	 */
	rowPass(s: StepBuffers, from: number, rows: StepRows, terms: Float64Array | null): number;
	/** Rows [from, from + n) of s.x as the last forward pass listed them for the sparse way, if it did (row-passes.ts). */
	sparseRowsOf(s: StepBuffers, from: number, n: number): SparseRows | undefined;
	/** The model took a step its team computed: one more Adam step, weights in the heap already replaced. */
	stepped(): void;
	/** Its weights or optimizer state were replaced in the heap (a team's checkpoint loaded): version + 1. */
	changed(): void;
	/** p2ᵀ and p3ᵀ from p2 and p3 (after the weights changed in the heap). */
	refreshTransposed(): void;
	adamSteps(): number;
	/** Sets the Adam step count (a model whose optimizer state comes back from its team). */
	setAdamSteps(steps: number): void;
}

export function createDirectModel(shape: MlpShape, seed: number, learningRate: number, kernels: WasmKernels): DirectModel {
	const arena = createArena(kernels);
	const initial = initialParamValues(shape, seed);
	const layers = makeLayers(arena, shape);
	for (const name of paramNames) arena.f32().set(initial[name], layers[name].p.at);

	const [l1, l2, l3] = [layers.p1, layers.p2, layers.p3];
	refreshTransposed(l2);
	refreshTransposed(l3);
	let adamSteps = 0;
	let step: StepBuffers | undefined;
	let probe: InputGradientBuffers | undefined;
	let chunk: ChunkBuffers | undefined;
	/** Where a split step's first part's gradients (split-step.ts) wait for adam() to add them; whether some do. */
	let first: Record<ParamName, HeapBuffer> | undefined;
	let firstWaits = false;
	let version = 0;
	let disposed = false;
	/** Which pixels the last forward pass's rows use (layer-one-gradient.ts scanPixels), for gradients() to reuse. */
	const usedPixels = new Uint8Array(shape.input + 1);

	function refreshTransposed(layer: Layer): void {
		kernels.transpose(layer.p.pointer, layer.pT.pointer, layer.outputs, layer.inputs + 1);
		if (layer === l1) p1TFresh = true;
	}

	/**
	 * Whether p1ᵀ holds p1 as it is: p2ᵀ and p3ᵀ are refreshed whenever the weights change (rule 5), p1ᵀ only when read
	 * — by predictions, input gradients and the sparse forward pass (layer-one-sparse.ts), which `freshP1T` serves.
	 */
	let p1TFresh = false;
	const freshP1T = (): HeapBuffer => {
		if (!p1TFresh) refreshTransposed(l1);
		return l1.pT;
	};

	const {scalePixels, uploadPixels, transposeRows, forward, lossAndLogitGradient, gate, rowPass, sparseRowsOf} = createRowPasses({
		shape,
		arena,
		kernels,
		layers,
		usedPixels,
		p1T: {fresh: () => p1TFresh, get: freshP1T},
	});
	const makeStep = (capacity: number) => makeStepBuffers(arena, shape, capacity);
	const makeProbe = (capacity: number) => makeInputGradientBuffers(arena, shape, capacity);

	function stepBuffers(n: number): StepBuffers {
		step = grownSet(arena, step, n, makeStep);
		return step;
	}

	function inputGradientBuffers(n: number): InputGradientBuffers {
		probe = grownSet(arena, probe, n, makeProbe);
		return probe;
	}

	function viewsOf(part: 'p' | 'g'): Record<ParamName, Float32Array> {
		const heap = arena.f32();
		const views = {} as Record<ParamName, Float32Array>;
		for (const name of paramNames) {
			const buffer = layers[name][part];
			views[name] = heap.subarray(buffer.at, buffer.at + buffer.size);
		}

		return views;
	}


	return {
		shape,
		learningRate,
		get version() {
			return version;
		},

		gradients(rows, firstPart = false) {
			const {input, hidden1, hidden2, classes} = shape;
			const {n} = rows;
			const s = stepBuffers(n);
			uploadPixels(s, rows.pixels, n);
			const loss = rowPass(s, 0, rows, null);
			if (firstPart) first ??= {p1: arena.alloc(l1.g.size), p2: arena.alloc(l2.g.size), p3: arena.alloc(l3.g.size)};
			const into = firstPart ? first! : {p1: l1.g, p2: l2.g, p3: l3.g};
			if (firstPart) firstWaits = true;
			// The weight gradients, as train-step.ts: g3 = (a2 · dLogits)ᵀ, g2 = dz2 · a1ᵀ, g1 = dz1 · x.
			arena.matMul(s.g3T, s.a2, s.dLogits, hidden2 + 1, n, classes);
			kernels.transpose(s.g3T.pointer, into.p3.pointer, hidden2 + 1, classes);
			arena.matMul(into.p2, s.dz2, s.a1T, hidden2, n, hidden1 + 1);
			// The forward pass just scanned these rows' pixels (rowPass over rows 0 … n of s.x), and may have listed them.
			layerOneGradient(arena, into.p1, s.dz1, s.x, hidden1, n, input, usedPixels, sparseRowsOf(s, 0, n));
			return loss;
		},

		inputGradients(rows, out) {
			const {input, hidden1, hidden2, classes} = shape;
			const {n} = rows;
			if (out.length < n * input) throw new RangeError(`inputGradients: out holds ${out.length} floats, ${n} rows need ${n * input}`);
			const s = inputGradientBuffers(n);
			uploadPixels(s, rows.pixels, n);
			transposeRows(s, 0, n);
			forward(s, 0, n, null, null);
			// Unweighted: each row's gradient is its own CE's, wrt the logits pᵢ − tᵢ (dz3, classes × n).
			const loss = lossAndLogitGradient(s, {...rows, weights: null, meanWeight: 1, mask1: null, mask2: null}, null);
			// Backward as in gradients(), without the weight gradients, one matMul further: dx = p1ᵀ · dz1.
			arena.matMul(s.dz2, l3.kernelT, s.dz3, hidden2, classes, n);
			gate(s.dz2, s.a2, hidden2 * n, null);
			arena.matMul(s.dz1, l2.kernelT, s.dz2, hidden1, hidden2, n);
			gate(s.dz1, s.a1, hidden1 * n, null);
			// p1ᵀ is otherwise refreshed only by forEachChunk (rule 5): refreshed here too, before its use as the left operand.
			refreshTransposed(l1);
			arena.matMul(s.dx, l1.kernelT, s.dz1, input, hidden1, n);
			kernels.transpose(s.dx.pointer, s.dxT.pointer, input, n);
			const heap = arena.f32();
			// Each gradient is wrt x = pixel/255, the model's input, not the raw pixel.
			out.set(heap.subarray(s.dxT.at, s.dxT.at + n * input));
			return loss;
		},

		adam() {
			adamSteps++;
			version++;
			p1TFresh = false;
			const c = coefficients({learningRate}, adamSteps);
			for (const name of paramNames) {
				const {p, g, m, v} = layers[name];
				// Buffers are padded to 4 floats with zeros, on which Adam changes nothing.
				const bytes = Math.ceil(p.size / 4) * 16;
				if (first && firstWaits) {
					kernels.addAdam(p.pointer, g.pointer, first[name].pointer, m.pointer, v.pointer, bytes, c.alpha, c.oneMinusBeta1, c.oneMinusBeta2, c.epsilon);
				} else {
					kernels.adam(p.pointer, g.pointer, m.pointer, v.pointer, bytes, c.alpha, c.oneMinusBeta1, c.oneMinusBeta2, c.epsilon);
				}
			}

			firstWaits = false;

			refreshTransposed(l2);
			refreshTransposed(l3);
		},

		predictSmall(pixels, n, out) {
			const {classes} = shape;
			const s = stepBuffers(n);
			uploadPixels(s, pixels, n);
			transposeRows(s, 0, n);
			forward(s, 0, n, null, null);
			const heap = arena.f32();
			for (let j = 0; j < n; j++) {
				for (let c = 0; c < classes; c++) out[j * classes + c] = heap[s.z.at + c * n + j]!;
			}

			// In place: each row's values are read before they are overwritten.
			softmaxRows(out, 0, n, classes, out, 0);
		},

		// Here the transposed weights are the packed right operand: packed once per call, reused by every chunk.
		forEachChunk(images, rows, count, use) {
			const {input, hidden1, hidden2, classes} = shape;
			chunk ??= {
				x: arena.alloc(predictionChunkRows * input),
				h1: arena.alloc(predictionChunkRows * hidden1),
				h2: arena.alloc(predictionChunkRows * hidden2),
				logits: arena.alloc(predictionChunkRows * classes),
			};
			const c = chunk;
			refreshTransposed(l1);
			// XNNPACK packs p1's kernelᵀ at the first chunk whose first layer it computes (the sparse way may take some).
			let packed1 = false;
			for (let start = 0; start < count; start += predictionChunkRows) {
				const size = Math.min(predictionChunkRows, count - start);
				let heap = arena.f32();
				// The rows' pixels as floats (a typed-array copy converts), then scaled: the floats a JS division per
				// pixel gave, ~5× faster.
				if (rows === null) {
					requireRow(images, (start + size - 1) * input, input, start + size - 1);
					heap.set(images.subarray(start * input, (start + size) * input), c.x.at);
				} else {
					for (let j = 0; j < size; j++) {
						const row = rows[start + j]!;
						const from = row * input;
						requireRow(images, from, input, row);
						heap.set(images.subarray(from, from + input), c.x.at + j * input);
					}
				}

				scalePixels(c.x, size * input);

				const samePacking = start > 0;
				if (!sparseChunkLayerOne(arena, c.h1, c.x, l1.kernelT, l1.biasT, size, input, hidden1)) {
					arena.matMul(c.h1, c.x, l1.kernelT, size, input, hidden1, {relu: true, bias: l1.biasT, samePacking: packed1});
					packed1 = true;
				}

				arena.matMul(c.h2, c.h1, l2.kernelT, size, hidden1, hidden2, {relu: true, bias: l2.biasT, samePacking});
				arena.matMul(c.logits, c.h2, l3.kernelT, size, hidden2, classes, {bias: l3.biasT, samePacking});
				heap = arena.f32();
				use(heap, c.logits.at, start, size);
			}
		},

		weights() {
			const heap = arena.f32();
			const copy = {} as Record<ParamName, Float32Array>;
			for (const name of paramNames) {
				const {p} = layers[name];
				copy[name] = heap.slice(p.at, p.at + p.size);
			}

			return copy;
		},

		blend(source, decay) {
			checkBlendDecay(decay);
			const d = Math.fround(decay);
			const e = Math.fround(1 - decay);
			const heap = arena.f32();
			for (const name of paramNames) {
				const {p} = layers[name];
				const from = source[name];
				if (from.length !== p.size) throw new RangeError(`blend: ${name} has ${from.length} weights, this model ${p.size}`);
				for (let i = 0; i < p.size; i++) {
					heap[p.at + i] = Math.fround(d * heap[p.at + i]!) + Math.fround(e * from[i]!);
				}
			}

			version++;
			p1TFresh = false;
			refreshTransposed(l2);
			refreshTransposed(l3);
		},

		paramViews() {
			return viewsOf('p');
		},

		gradientViews() {
			return viewsOf('g');
		},

		heapFloats() {
			return arena.liveFloats();
		},

		get disposed() {
			return disposed;
		},

		internals() {
			return {
				arena,
				kernels,
				layers,
				stepBuffers,
				uploadPixels,
				rowPass,
				sparseRowsOf,
				stepped() {
					adamSteps++;
					version++;
					p1TFresh = false;
				},
				changed() {
					version++;
					p1TFresh = false;
				},
				refreshTransposed() {
					p1TFresh = false;
					refreshTransposed(l2);
					refreshTransposed(l3);
				},
				adamSteps: () => adamSteps,
				setAdamSteps(steps) {
					adamSteps = steps;
				},
			};
		},

		dispose() {
			disposed = true;
			arena.dispose();
		},
	};
}

/** Softmax of each row of logits (n × classes at heap[at …]) into out[from …]. */
export function softmaxRows(heap: Float32Array, at: number, n: number, classes: number, out: Float32Array, from: number): void {
	for (let j = 0; j < n; j++) {
		const row = at + j * classes;
		let max = -Infinity;
		for (let c = 0; c < classes; c++) max = Math.max(max, heap[row + c]!);
		let sum = 0;
		const to = from + j * classes;
		for (let c = 0; c < classes; c++) {
			const e = Math.exp(heap[row + c]! - max);
			out[to + c] = e;
			sum += e;
		}

		for (let c = 0; c < classes; c++) out[to + c]! /= sum;
	}
}
