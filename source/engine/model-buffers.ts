/**
 * A direct model's heap buffers (direct-model.ts): each layer's parameters and optimizer state, and the buffer sets a
 * step, an input-gradient pass or a prediction's chunks work in — each allocated once in the arena and replaced only
 * when a larger batch comes.
 */
import {paramNames, type MlpShape, type ParamName} from './mlp-params.js';
import type {Arena, HeapBuffer} from './wasm-arena.js';

/** One layer's parameters and optimizer state: p is outputs × (inputs + 1), the bias in the last column. */
export interface Layer {
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
export interface StepBuffers {
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
	/** The step's dropout masks (h1 × n, h2 × n) copied into the heap, where the SIMD kernels apply them. */
	mask1: HeapBuffer;
	mask2: HeapBuffer;
}

/** The input-gradient pass's own set (not the training step's): a step set plus x's gradient in both layouts. */
export interface InputGradientBuffers extends StepBuffers {
	/** input × n, as the matMul gives it, and n × input, as the caller gets it. */
	dx: HeapBuffer;
	dxT: HeapBuffer;
}

/** Batch-major buffers for one chunk of a prediction (forEachChunk): pixels, both hidden layers, the logits. */
export interface ChunkBuffers {
	x: HeapBuffer;
	h1: HeapBuffer;
	h2: HeapBuffer;
	logits: HeapBuffer;
}

/** Each layer's p, g, m, v and pᵀ, zeros (the caller writes the initial weights into p). */
export function makeLayers(arena: Arena, shape: MlpShape): Record<ParamName, Layer> {
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
	}

	return layers;
}

/**
 * A buffer set holding at least n rows: `current` when it does, else a new one made by `make` and the old one
 * freed. A step's row count can rise all run (FixMatch uses more unlabeled rows as it grows sure): the capacity
 * grows by half at least, so there are few sets in a run, and the old set is freed for the heap to reuse.
 */
export function grownSet<Set extends {capacity: number; all: HeapBuffer[]}>(arena: Arena, current: Set | undefined, n: number, make: (capacity: number) => Set): Set {
	if (current && current.capacity >= n) {
		return current;
	}

	if (current) arena.free(current.all);
	return make(grownCapacity(n, current?.capacity ?? 0));
}

/** The capacity a buffer grows to when `needed` exceeds its `current` one: by half at least, so it grows seldom. */
export const grownCapacity = (needed: number, current: number): number => Math.max(needed, Math.ceil(current * 1.5));

/** A training-layout buffer set for up to `capacity` rows of `shape`. */
export function makeStepBuffers(arena: Arena, shape: MlpShape, capacity: number): StepBuffers {
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
		mask1: arena.alloc(hidden1 * capacity),
		mask2: arena.alloc(hidden2 * capacity),
	};
	return {capacity, all: Object.values(buffers), ...buffers};
}

/** A step set with room for x's gradient too (DirectModel.inputGradients). */
export function makeInputGradientBuffers(arena: Arena, shape: MlpShape, capacity: number): InputGradientBuffers {
	const set = makeStepBuffers(arena, shape, capacity);
	const dx = arena.alloc(shape.input * capacity);
	const dxT = arena.alloc(capacity * shape.input);
	return {...set, all: [...set.all, dx, dxT], dx, dxT};
}
