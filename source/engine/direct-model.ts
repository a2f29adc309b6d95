/**
 * The MLP's numbers on the wasm backend without tfjs's op layer: every buffer is allocated once in tfjs-wasm's heap,
 * the eight matMuls of a step go straight to its XNNPACK kernel (wasm-arena.ts), and the small elementwise work —
 * scaling, dropout, ReLU gates, softmax cross-entropy, the ones rows that carry the biases — is plain loops over the
 * heap. The mathematics is train-step.ts's, operand for operand (the weights stay the left operand, so XNNPACK packs
 * only the batch); mlp.ts's tfjs path stays as the reference it is tested against (test/engine/direct-mlp.test.ts).
 * Why: a batch-32 step spent ~2 ms of ~4 ms in tfjs dispatch and bookkeeping for ~50 small ops.
 * Gradients and the Adam step are separate calls so two threads can share a batch (team.ts).
 */
import {coefficients} from './adam.js';
import {requireRow} from './batch-buffers.js';
import {checkBlendDecay, initialParamValues, paramNames, type MlpShape, type ParamName} from './mlp-params.js';
import {predictionChunkRows} from './row-limits.js';
import {createArena, type HeapBuffer} from './wasm-arena.js';
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
	/** Inverted-dropout masks, hidden × n feature-major, or null for no dropout. */
	mask1: Float32Array | null;
	mask2: Float32Array | null;
}

export interface DirectModel {
	readonly shape: MlpShape;
	readonly learningRate: number;
	/**
	 * Counts every change of the weights or the optimizer state (an Adam step, a load): a team compares it with the
	 * version its helper holds, so no caller has to remember to say the weights changed.
	 */
	readonly version: number;
	/** Loss gradients of these rows into the gradient buffers (replacing them); returns Σ CE, or Σ wᵢ·CE with weights. */
	gradients(rows: StepRows): number;
	/** Keeps a copy of the gradient buffers (a step's first part, split-step.ts) … */
	keepGradients(): void;
	/** … and adds it to them (the second part's): the same floats as addGradients of that copy on another thread. */
	addKeptGradients(): void;
	/** Gradient buffers → out[at …] (p1, p2, p3 in order). */
	copyGradients(out: Float32Array, at: number): void;
	/** Gradient buffers += source[at …]; with the same two blocks, a + b and b + a give the same floats on both threads. */
	addGradients(source: Float32Array, at: number): void;
	/** One Adam step with the gradient buffers. */
	adam(): void;
	/** Parameters, m and v → out[at …] (3 · paramCount(shape) floats, p1 p2 p3 each), and the number of Adam steps taken. */
	saveState(out: Float32Array, at: number): number;
	loadState(source: Float32Array, at: number, steps: number): void;
	/** Softmax probabilities (n × classes) of up to `smallBatchRows` rows in the training layout; no weight packing. */
	predictSmall(pixels: Float32Array, n: number, out: Float32Array): void;
	/** Batch-major forward pass over chunks of images; `use` gets each chunk's logits (size × classes at heap[at …]). */
	forEachChunk(
		images: Uint8Array,
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
	dispose(): void;
}

/** One layer's parameters and optimizer state: p is outputs × (inputs + 1), the bias in the last column. */
interface Layer {
	p: HeapBuffer;
	g: HeapBuffer;
	m: HeapBuffer;
	v: HeapBuffer;
	/** pᵀ, (inputs + 1) × outputs: kernel rows then the bias row. */
	pT: HeapBuffer;
	/** The first `inputs` rows of pᵀ (the kernel) and the last (the bias), as their own tensor ids. */
	kernelT: HeapBuffer;
	biasT: HeapBuffer;
	outputs: number;
	inputs: number;
}

/** Training-layout buffers for up to `capacity` rows; replaced (and freed) when a larger batch comes. */
interface StepBuffers {
	capacity: number;
	/** Every buffer and view above, to free the set at once. */
	all: HeapBuffer[];
	/** n × (in + 1) pixels in [0, 1] with a trailing 1, and its transpose. */
	x: HeapBuffer;
	xT: HeapBuffer;
	/** (h1 + 1) × n: dropped-out activations with a trailing row of ones; a1Out is its first h1 rows. */
	a1: HeapBuffer;
	a1Out: HeapBuffer;
	a1T: HeapBuffer;
	a2: HeapBuffer;
	a2Out: HeapBuffer;
	/** classes × n logits. */
	z: HeapBuffer;
	/** Gradient wrt the logits, n × classes and classes × n. */
	dLogits: HeapBuffer;
	dz3: HeapBuffer;
	g3T: HeapBuffer;
	dz2: HeapBuffer;
	dz1: HeapBuffer;
}

interface ChunkBuffers {
	x: HeapBuffer;
	h1: HeapBuffer;
	h2: HeapBuffer;
	logits: HeapBuffer;
}

export function createDirectModel(shape: MlpShape, seed: number, learningRate: number, kernels: WasmKernels): DirectModel {
	const arena = createArena(kernels);
	const initial = initialParamValues(shape, seed);
	const widths: Record<ParamName, [outputs: number, inputs: number]> = {
		p1: [shape.hidden1, shape.input],
		p2: [shape.hidden2, shape.hidden1],
		p3: [shape.classes, shape.hidden2],
	};
	const layers = {} as Record<ParamName, Layer>;
	for (const name of paramNames) {
		const [outputs, inputs] = widths[name];
		const size = outputs * (inputs + 1);
		const pT = arena.alloc(size);
		layers[name] = {
			p: arena.alloc(size),
			g: arena.alloc(size),
			m: arena.alloc(size),
			v: arena.alloc(size),
			pT,
			kernelT: arena.view(pT, 0, inputs * outputs),
			biasT: arena.view(pT, inputs * outputs, outputs),
			outputs,
			inputs,
		};
		arena.f32().set(initial[name], layers[name].p.at);
	}

	const [l1, l2, l3] = [layers.p1, layers.p2, layers.p3];
	refreshTransposed(l2);
	refreshTransposed(l3);
	let adamSteps = 0;
	let step: StepBuffers | undefined;
	let chunk: ChunkBuffers | undefined;
	/** Where the other thread's gradients (team.ts), or this thread's first part's (split-step.ts), wait to be added. */
	let scratch: HeapBuffer[] | undefined;
	let version = 0;

	function refreshTransposed(layer: Layer): void {
		kernels.transpose(layer.p.pointer, layer.pT.pointer, layer.outputs, layer.inputs + 1);
	}

	function stepBuffers(n: number): StepBuffers {
		if (step && step.capacity >= n) {
			return step;
		}

		// A step's row count can rise all run (FixMatch uses more unlabeled rows as it grows sure): the capacity grows
		// by half at least, so there are few sets in a run, and the old set is freed for the heap to reuse.
		if (step) arena.free(step.all);
		const capacity = Math.max(n, Math.ceil((step?.capacity ?? 0) * 1.5));
		const {input, hidden1, hidden2, classes} = shape;
		const a1 = arena.alloc((hidden1 + 1) * capacity);
		const a2 = arena.alloc((hidden2 + 1) * capacity);
		const buffers = {
			x: arena.alloc(capacity * (input + 1)),
			xT: arena.alloc((input + 1) * capacity),
			a1,
			a1Out: arena.view(a1, 0, hidden1 * capacity),
			a1T: arena.alloc(capacity * (hidden1 + 1)),
			a2,
			a2Out: arena.view(a2, 0, hidden2 * capacity),
			z: arena.alloc(classes * capacity),
			dLogits: arena.alloc(capacity * classes),
			dz3: arena.alloc(classes * capacity),
			g3T: arena.alloc((hidden2 + 1) * classes),
			dz2: arena.alloc(hidden2 * capacity),
			dz1: arena.alloc(hidden1 * capacity),
		};
		step = {capacity, all: Object.values(buffers), ...buffers};
		return step;
	}

	/** x and xᵀ from raw pixel rows, divided by 255 like the tfjs path. */
	function uploadPixels(s: StepBuffers, pixels: Float32Array, n: number): void {
		const heap = arena.f32();
		const count = n * (shape.input + 1);
		const at = s.x.at;
		for (let i = 0; i < count; i++) {
			heap[at + i] = pixels[i]! / 255;
		}

		kernels.transpose(s.x.pointer, s.xT.pointer, n, shape.input + 1);
	}

	/** Forward pass over the n rows in s.xT, with inverted dropout when masks are given. Leaves logits in s.z. */
	function forward(s: StepBuffers, n: number, mask1: Float32Array | null, mask2: Float32Array | null): void {
		const {input, hidden1, hidden2, classes} = shape;
		arena.matMul(s.a1Out, l1.p, s.xT, hidden1, input + 1, n, {relu: true});
		finishHidden(s.a1.at, hidden1, n, mask1);
		arena.matMul(s.a2Out, l2.p, s.a1, hidden2, hidden1 + 1, n, {relu: true});
		finishHidden(s.a2.at, hidden2, n, mask2);
		arena.matMul(s.z, l3.p, s.a2, classes, hidden2 + 1, n);
	}

	/** Applies the dropout mask to a units × n block and writes the row of ones below it. */
	function finishHidden(at: number, units: number, n: number, mask: Float32Array | null): void {
		const heap = arena.f32();
		const count = units * n;
		if (mask) {
			for (let i = 0; i < count; i++) {
				heap[at + i] = heap[at + i]! * mask[i]!;
			}
		}

		heap.fill(1, at + count, at + count + n);
	}

	/** Softmax cross-entropy on s.z (classes × n), writing wᵢ·(pᵢ − tᵢ) to dLogits (n × classes) and dz3 (its transpose). */
	function lossAndLogitGradient(s: StepBuffers, rows: StepRows): number {
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

			loss += weights ? w * rowLoss : rowLoss;
		}

		return loss;
	}

	/** dz = dh ⊙ gate in place: the mask's scale where the activation is on (kept and positive), else 0. */
	function gate(dz: HeapBuffer, activations: HeapBuffer, count: number, mask: Float32Array | null): void {
		const heap = arena.f32();
		const g = dz.at;
		const a = activations.at;
		for (let i = 0; i < count; i++) {
			heap[g + i] = heap[a + i]! > 0 ? (mask ? heap[g + i]! * mask[i]! : heap[g + i]!) : 0;
		}
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

	function forEachGradient(use: (heap: Float32Array, layer: Layer, offset: number, index: number) => void): void {
		const heap = arena.f32();
		let offset = 0;
		for (const [index, name] of paramNames.entries()) {
			use(heap, layers[name], offset, index);
			offset += layers[name].p.size;
		}
	}

	return {
		shape,
		learningRate,
		get version() {
			return version;
		},

		gradients(rows) {
			const {input, hidden1, hidden2, classes} = shape;
			const {n} = rows;
			const s = stepBuffers(n);
			uploadPixels(s, rows.pixels, n);
			forward(s, n, rows.mask1, rows.mask2);
			const loss = lossAndLogitGradient(s, rows);
			// Backward, as train-step.ts: g3 = (a2 · dLogits)ᵀ; dz2 = (p3ᵀ · dz3) ⊙ gate; g2 = dz2 · a1ᵀ; and so on.
			arena.matMul(s.g3T, s.a2, s.dLogits, hidden2 + 1, n, classes);
			kernels.transpose(s.g3T.pointer, l3.g.pointer, hidden2 + 1, classes);
			arena.matMul(s.dz2, l3.kernelT, s.dz3, hidden2, classes, n);
			gate(s.dz2, s.a2, hidden2 * n, rows.mask2);
			kernels.transpose(s.a1.pointer, s.a1T.pointer, hidden1 + 1, n);
			arena.matMul(l2.g, s.dz2, s.a1T, hidden2, n, hidden1 + 1);
			arena.matMul(s.dz1, l2.kernelT, s.dz2, hidden1, hidden2, n);
			gate(s.dz1, s.a1, hidden1 * n, rows.mask1);
			arena.matMul(l1.g, s.dz1, s.x, hidden1, n, input + 1);
			return loss;
		},

		keepGradients() {
			scratch ??= paramNames.map(name => arena.alloc(layers[name].g.size));
			forEachGradient((heap, {g}, _offset, index) => heap.copyWithin(scratch![index]!.at, g.at, g.at + g.size));
		},

		addKeptGradients() {
			forEachGradient((_heap, {g}, _offset, index) => kernels.add(g.pointer, scratch![index]!.pointer, Math.ceil(g.size / 4) * 16));
		},

		copyGradients(out, at) {
			forEachGradient((heap, {g}, offset) => out.set(heap.subarray(g.at, g.at + g.size), at + offset));
		},

		addGradients(source, at) {
			// Copied into the heap first (one memcpy), then added four floats at a time by the wasm kernel.
			scratch ??= paramNames.map(name => arena.alloc(layers[name].g.size));
			forEachGradient((_, {g}, offset, index) => {
				// Taken after the allocation above: the heap may have grown.
				const heap = arena.f32();
				const copy = scratch![index]!;
				heap.set(source.subarray(at + offset, at + offset + g.size), copy.at);
				kernels.add(g.pointer, copy.pointer, Math.ceil(g.size / 4) * 16);
			});
		},

		adam() {
			adamSteps++;
			version++;
			const c = coefficients({learningRate}, adamSteps);
			for (const name of paramNames) {
				const {p, g, m, v} = layers[name];
				// Buffers are padded to 4 floats with zeros, on which Adam changes nothing.
				kernels.adam(p.pointer, g.pointer, m.pointer, v.pointer, Math.ceil(p.size / 4) * 16, c.alpha, c.oneMinusBeta1, c.oneMinusBeta2, c.epsilon);
			}

			refreshTransposed(l2);
			refreshTransposed(l3);
		},

		saveState(out, at) {
			const heap = arena.f32();
			let offset = at;
			for (const part of ['p', 'm', 'v'] as const) {
				for (const name of paramNames) {
					const buffer = layers[name][part];
					out.set(heap.subarray(buffer.at, buffer.at + buffer.size), offset);
					offset += buffer.size;
				}
			}

			return adamSteps;
		},

		loadState(source, at, steps) {
			const heap = arena.f32();
			let offset = at;
			for (const part of ['p', 'm', 'v'] as const) {
				for (const name of paramNames) {
					const buffer = layers[name][part];
					heap.set(source.subarray(offset, offset + buffer.size), buffer.at);
					offset += buffer.size;
				}
			}

			adamSteps = steps;
			version++;
			refreshTransposed(l2);
			refreshTransposed(l3);
		},

		predictSmall(pixels, n, out) {
			const {classes} = shape;
			const s = stepBuffers(n);
			uploadPixels(s, pixels, n);
			forward(s, n, null, null);
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
			for (let start = 0; start < count; start += predictionChunkRows) {
				const size = Math.min(predictionChunkRows, count - start);
				let heap = arena.f32();
				for (let j = 0; j < size; j++) {
					const row = rows === null ? start + j : rows[start + j]!;
					const from = row * input;
					requireRow(images, from, input, row);

					const to = c.x.at + j * input;
					for (let i = 0; i < input; i++) heap[to + i] = images[from + i]! / 255;
				}

				const samePacking = start > 0;
				arena.matMul(c.h1, c.x, l1.kernelT, size, input, hidden1, {relu: true, bias: l1.biasT, samePacking});
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

		dispose() {
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
