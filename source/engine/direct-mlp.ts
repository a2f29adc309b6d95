/**
 * The MLP on the wasm backend without tfjs's op layer: every buffer is allocated once in tfjs-wasm's heap, the eight
 * matMuls of a step go straight to its XNNPACK kernel (wasm-arena.ts), and the small elementwise work — scaling,
 * dropout, ReLU gates, softmax cross-entropy, the ones rows that carry the biases — is plain loops over the heap.
 * The mathematics is train-step.ts's, operand for operand (the weights stay the left operand, so XNNPACK packs only
 * the batch); mlp.ts's tfjs path stays as the reference it is tested against (test/engine/direct-mlp.test.ts).
 * Why: a batch-32 step spent ~2 ms of ~4 ms in tfjs dispatch and bookkeeping for ~50 small ops.
 */
import type {Random} from '../core/random.js';
import {coefficients, type AdamOptions} from './adam.js';
import {createBatchBuffers, fillDropoutMask, gatherBatch, gatherPixels, keptRows, type BatchBuffers} from './batch-buffers.js';
import {initialParamValues, paramNames, type MlpShape, type ParamName} from './mlp-params.js';
import type {Mlp} from './mlp.js';
import {createArena, type Arena, type HeapBuffer} from './wasm-arena.js';
import type {WasmKernels} from './wasm-kernels.js';

export interface DirectMlpOptions {
	shape: MlpShape;
	seed: number;
	learningRate: number;
	dropout: number;
	/** The dropout masks' stream (mlp.ts passes the same one its tfjs path would use). */
	dropoutRandom: Random;
	kernels: WasmKernels;
}

/** Rows per prediction chunk: keeps XNNPACK busy and the heap bounded (~13 MB of chunk buffers). */
const predictChunk = 2048;
/** Up to this many rows, prediction runs in the training layout (no weight packing at all; online methods' batches). */
const smallPredictRows = 1024;

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

/** Training buffers for up to `capacity` rows; reallocated when a larger batch comes. */
interface StepBuffers {
	capacity: number;
	/** n × (in + 1) pixels in [0, 1] with a trailing 1, and its transpose. */
	x: HeapBuffer;
	xT: HeapBuffer;
	/** (h1 + 1) × n: dropped-out activations with a trailing row of ones; h1Out is its first h1 rows. */
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

export function createDirectMlp(options: DirectMlpOptions): Mlp {
	const {shape, dropoutRandom} = options;
	const rate = options.dropout;
	const arena: Arena = createArena(options.kernels);
	const {kernels} = arena;
	const adamOptions: AdamOptions = {learningRate: options.learningRate};
	const initial = initialParamValues(shape, options.seed);
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
	let batch: BatchBuffers | undefined;
	let batchCapacity = 0;
	let batchLoss = 0;
	let batchSteps = 0;
	let disposed = false;

	function refreshTransposed(layer: Layer): void {
		kernels.transpose(layer.p.pointer, layer.pT.pointer, layer.outputs, layer.inputs + 1);
	}

	function batchBuffers(n: number): BatchBuffers {
		if (!batch || batchCapacity < n) {
			batch = createBatchBuffers(shape, n);
			batchCapacity = n;
		}

		return batch;
	}

	function stepBuffers(n: number): StepBuffers {
		if (step && step.capacity >= n) {
			return step;
		}

		// Old buffers stay allocated until dispose (rare: a batch only ever grows a few times).
		const {input, hidden1, hidden2, classes} = shape;
		const a1 = arena.alloc((hidden1 + 1) * n);
		const a2 = arena.alloc((hidden2 + 1) * n);
		step = {
			capacity: n,
			x: arena.alloc(n * (input + 1)),
			xT: arena.alloc((input + 1) * n),
			a1,
			a1Out: arena.view(a1, 0, hidden1 * n),
			a1T: arena.alloc(n * (hidden1 + 1)),
			a2,
			a2Out: arena.view(a2, 0, hidden2 * n),
			z: arena.alloc(classes * n),
			dLogits: arena.alloc(n * classes),
			dz3: arena.alloc(classes * n),
			g3T: arena.alloc((hidden2 + 1) * classes),
			dz2: arena.alloc(hidden2 * n),
			dz1: arena.alloc(hidden1 * n),
		};
		return step;
	}

	/** x and xᵀ from raw pixel rows (n × (in + 1), trailing 255), divided by 255 like the tfjs path. */
	function uploadPixels(s: StepBuffers, pixels: Float32Array, n: number): void {
		const heap = arena.f32();
		const width = shape.input + 1;
		const count = n * width;
		const at = s.x.at;
		for (let i = 0; i < count; i++) {
			heap[at + i] = pixels[i]! / 255;
		}

		kernels.transpose(s.x.pointer, s.xT.pointer, n, width);
	}

	/** Forward pass over the n rows in s.xT; with masks, inverted dropout after each hidden layer. Leaves logits in s.z. */
	function forward(s: StepBuffers, n: number, masks: BatchBuffers | null): void {
		const {input, hidden1, hidden2, classes} = shape;
		arena.matMul(s.a1Out, l1.p, s.xT, hidden1, input + 1, n, {relu: true});
		finishHidden(s.a1.at, hidden1, n, masks?.mask1);
		arena.matMul(s.a2Out, l2.p, s.a1, hidden2, hidden1 + 1, n, {relu: true});
		finishHidden(s.a2.at, hidden2, n, masks?.mask2);
		arena.matMul(s.z, l3.p, s.a2, classes, hidden2 + 1, n);
	}

	/** Applies the dropout mask to a hidden × n block and writes the row of ones below it. */
	function finishHidden(at: number, units: number, n: number, mask: Float32Array | undefined): void {
		const heap = arena.f32();
		const count = units * n;
		if (mask) {
			for (let i = 0; i < count; i++) {
				heap[at + i] = heap[at + i]! * mask[i]!;
			}
		}

		heap.fill(1, at + count, at + count + n);
	}

	/**
	 * Softmax cross-entropy on s.z (classes × n) against targets (n × classes), writing wᵢ·(pᵢ − tᵢ) to dLogits and
	 * dz3. Returns Σᵢ CE without weights (the epoch loss), or Σᵢ wᵢ·CE with them.
	 */
	function lossAndLogitGradient(s: StepBuffers, n: number, targets: Float32Array, weights: Float32Array | null): number {
		const heap = arena.f32();
		const {classes} = shape;
		const z = s.z.at;
		const d = s.dLogits.at;
		const dT = s.dz3.at;
		const mean = Math.fround(1 / n);
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
			const w = weights ? weights[j]! : mean;
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

	/** dz = dh ⊙ gate in place, the gate being the mask's scale where the activation is on (kept and positive), else 0. */
	function gate(dz: HeapBuffer, activations: HeapBuffer, count: number, mask: Float32Array | undefined): void {
		const heap = arena.f32();
		const g = dz.at;
		const a = activations.at;
		for (let i = 0; i < count; i++) {
			heap[g + i] = heap[a + i]! > 0 ? (mask ? heap[g + i]! * mask[i]! : heap[g + i]!) : 0;
		}
	}

	/** One Adam step on the n rows gathered into `b` (targets and weights given for trainBatch); returns the loss sum. */
	function trainStep(b: BatchBuffers, n: number, targets: Float32Array, weights: Float32Array | null): number {
		const {input, hidden1, hidden2, classes} = shape;
		if (rate > 0) {
			fillDropoutMask(b.mask1, hidden1 * n, rate, dropoutRandom);
			fillDropoutMask(b.mask2, hidden2 * n, rate, dropoutRandom);
		}

		const masks = rate > 0 ? b : null;
		const s = stepBuffers(n);
		uploadPixels(s, b.pixels, n);
		forward(s, n, masks);
		const loss = lossAndLogitGradient(s, n, targets, weights);
		// Backward, as train-step.ts: g3 = (a2 · dLogits)ᵀ; dz2 = (p3ᵀ · dz3) ⊙ gate; g2 = dz2 · a1ᵀ; and so on.
		arena.matMul(s.g3T, s.a2, s.dLogits, hidden2 + 1, n, classes);
		kernels.transpose(s.g3T.pointer, l3.g.pointer, hidden2 + 1, classes);
		arena.matMul(s.dz2, l3.kernelT, s.dz3, hidden2, classes, n);
		gate(s.dz2, s.a2, hidden2 * n, masks?.mask2);
		kernels.transpose(s.a1.pointer, s.a1T.pointer, hidden1 + 1, n);
		arena.matMul(l2.g, s.dz2, s.a1T, hidden2, n, hidden1 + 1);
		arena.matMul(s.dz1, l2.kernelT, s.dz2, hidden1, hidden2, n);
		gate(s.dz1, s.a1, hidden1 * n, masks?.mask1);
		arena.matMul(l1.g, s.dz1, s.x, hidden1, n, input + 1);
		adamUpdate();
		return loss;
	}

	function adamUpdate(): void {
		adamSteps++;
		const c = coefficients(adamOptions, adamSteps);
		for (const name of paramNames) {
			const {p, g, m, v} = layers[name];
			// Buffers are padded to 4 floats with zeros, on which Adam changes nothing.
			kernels.adam(p.pointer, g.pointer, m.pointer, v.pointer, Math.ceil(p.size / 4) * 16, c.alpha, c.oneMinusBeta1, c.oneMinusBeta2, c.epsilon);
		}

		refreshTransposed(l2);
		refreshTransposed(l3);
	}

	/** Softmax of s.z's n columns into out (n × classes, row-major). */
	function softmaxColumns(s: StepBuffers, n: number, out: Float32Array): void {
		const heap = arena.f32();
		const {classes} = shape;
		for (let j = 0; j < n; j++) {
			let max = -Infinity;
			for (let c = 0; c < classes; c++) max = Math.max(max, heap[s.z.at + c * n + j]!);
			let sum = 0;
			for (let c = 0; c < classes; c++) {
				const e = Math.exp(heap[s.z.at + c * n + j]! - max);
				out[j * classes + c] = e;
				sum += e;
			}

			for (let c = 0; c < classes; c++) out[j * classes + c]! /= sum;
		}
	}

	function chunkBuffers(): ChunkBuffers {
		chunk ??= {
			x: arena.alloc(predictChunk * shape.input),
			h1: arena.alloc(predictChunk * shape.hidden1),
			h2: arena.alloc(predictChunk * shape.hidden2),
			logits: arena.alloc(predictChunk * shape.classes),
		};
		return chunk;
	}

	/**
	 * Batch-major forward pass over chunks of rows (rows 0..count−1 when `rows` is null): here the transposed weights
	 * are the packed right operand, packed once per call and reused by every chunk; `use` gets each chunk's logits.
	 */
	function forEachChunk(
		images: Uint8Array,
		rows: ArrayLike<number> | null,
		count: number,
		use: (heap: Float32Array, logitsAt: number, start: number, size: number) => void,
	): void {
		const {input, hidden1, hidden2, classes} = shape;
		const c = chunkBuffers();
		refreshTransposed(l1);
		for (let start = 0; start < count; start += predictChunk) {
			const size = Math.min(predictChunk, count - start);
			let heap = arena.f32();
			for (let j = 0; j < size; j++) {
				const row = rows === null ? start + j : rows[start + j]!;
				const from = row * input;
				if (!(from >= 0 && from + input <= images.length)) {
					throw new RangeError(`row ${row} is outside the image buffer (${images.length / input} rows of ${input} pixels)`);
				}

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
	}

	function requireLive(): void {
		if (disposed) {
			throw new Error('this Mlp has been disposed');
		}
	}

	return {
		trainEpoch(images, labels, order, batchSize, onBatch) {
			requireLive();
			if (!Number.isInteger(batchSize) || batchSize < 1) {
				throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
			}

			const total = order.length;
			if (total === 0) {
				return {loss: Number.NaN};
			}

			const b = batchBuffers(Math.min(batchSize, total));
			let lossSum = 0;
			for (let start = 0; start < total; start += batchSize) {
				const n = Math.min(batchSize, total - start);
				gatherBatch(b, shape, images, labels, order, start, n);
				lossSum += trainStep(b, n, b.oneHot, null);
				onBatch?.(start + n);
			}

			return {loss: lossSum / total};
		},

		trainBatch(pixels, targets, weights) {
			requireLive();
			const kept = keptRows(shape, pixels, targets, weights);
			const n = kept.rows.length;
			if (n === 0) {
				return;
			}

			const b = batchBuffers(n);
			gatherPixels(b.pixels, shape.input, true, pixels, kept.rows, 0, n);
			batchLoss += trainStep(b, n, kept.targets, kept.weights);
			batchSteps++;
		},

		takeLoss() {
			requireLive();
			const steps = batchSteps;
			const loss = steps > 0 ? batchLoss / steps : Number.NaN;
			batchLoss = 0;
			batchSteps = 0;
			return {loss, steps};
		},

		predict(images, rows) {
			requireLive();
			const n = rows.length;
			const {classes} = shape;
			const probabilities = new Float32Array(n * classes);
			if (n === 0) {
				return probabilities;
			}

			if (n <= smallPredictRows) {
				const b = batchBuffers(n);
				gatherPixels(b.pixels, shape.input, true, images, rows, 0, n);
				const s = stepBuffers(n);
				uploadPixels(s, b.pixels, n);
				forward(s, n, null);
				softmaxColumns(s, n, probabilities);
				return probabilities;
			}

			forEachChunk(images, rows, n, (heap, at, start, size) => {
				for (let j = 0; j < size; j++) {
					const row = at + j * classes;
					let max = -Infinity;
					for (let c = 0; c < classes; c++) max = Math.max(max, heap[row + c]!);
					let sum = 0;
					const out = (start + j) * classes;
					for (let c = 0; c < classes; c++) {
						const e = Math.exp(heap[row + c]! - max);
						probabilities[out + c] = e;
						sum += e;
					}

					for (let c = 0; c < classes; c++) probabilities[out + c]! /= sum;
				}
			});
			return probabilities;
		},

		evaluate(images, labels) {
			requireLive();
			if (labels.length === 0) {
				return Number.NaN;
			}

			const {classes} = shape;
			let correct = 0;
			forEachChunk(images, null, labels.length, (heap, at, start, size) => {
				for (let j = 0; j < size; j++) {
					const row = at + j * classes;
					let best = 0;
					for (let c = 1; c < classes; c++) {
						if (heap[row + c]! > heap[row + best]!) best = c;
					}

					if (best === labels[start + j]) correct++;
				}
			});
			return correct / labels.length;
		},

		engine: 'direct',

		weights() {
			requireLive();
			const heap = arena.f32();
			const copy = {} as Record<ParamName, Float32Array>;
			for (const name of paramNames) {
				const {p} = layers[name];
				copy[name] = heap.slice(p.at, p.at + p.size);
			}

			return copy;
		},

		dispose() {
			if (!disposed) {
				disposed = true;
				arena.dispose();
			}
		},
	};
}
