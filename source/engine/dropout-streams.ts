/**
 * Dropout masks drawn per part of a step (split-step.ts), each part from its own stream keyed by (the model's dropout
 * seed, the step number, the part): whichever thread computes a part draws its masks, and draws the same ones — so a
 * helper draws its own half in parallel, and the masks do not depend on which thread asks or on thread timing.
 */
import {mulberryBits, mulberryStep, streamState} from '../core/random.js';
import type {MlpShape} from './mlp-params.js';
import {firstPartRows, splitsStep} from './row-limits.js';
import type {WasmKernels} from './wasm-kernels.js';

/** What a step's masks are drawn from: rate, the model's dropout seed, and the step's number in the model's life. */
export interface DropoutKey {
	rate: number;
	seed: number;
	step: number;
}

/** murmur3's finalizer: nearby keys give unrelated stream seeds. */
function mix(value: number): number {
	let h = value >>> 0;
	h = Math.imul(h ^ (h >>> 16), 0x85eb_ca6b);
	h = Math.imul(h ^ (h >>> 13), 0xc2b2_ae35);
	return (h ^ (h >>> 16)) >>> 0;
}

/** The seed of part `part`'s stream of step `key.step`. */
function partSeed(key: DropoutKey, part: number): number {
	return mix(mix(mix(key.seed) ^ key.step) + part);
}

/**
 * Keras semantics: a unit is kept with probability 1 − rate, and kept units are scaled by 1/(1 − rate). Each 32-bit
 * draw of createRandom(seed) decides two mask entries, the even one from its high 16 bits (so the rate is honoured to
 * 1/65,536): entry e is decided by draw firstDraw + ⌊e/2⌋. Fills mask[at … at + count) with entries [entry,
 * entry + count) — any run of them, so a thread can draw the columns it computes. Drawing was a tenth of a batch-128
 * step: mulberry32's step is taken here, not through a closure per draw.
 */
export function drawMask(mask: Float32Array, at: number, count: number, entry: number, seed: number, firstDraw: number, rate: number): void {
	const kept = 1 / (1 - rate);
	// An entry is kept when its 16 bits ≥ threshold, i.e. when below − bits < 0: the difference's sign bit, as 0 or 1,
	// times kept. A branch per entry mispredicted a third of the time and took twice the time of the draw.
	const below = Math.round(rate * 65_536) - 1;
	const end = entry + count;
	const to = at - entry;
	let state = streamState(seed, firstDraw + (entry >>> 1));
	for (let even = entry & ~1; even < end; even += 2) {
		state = (state + mulberryStep) >>> 0;
		const bits = mulberryBits(state);
		if (even >= entry) mask[to + even] = kept * ((below - (bits >>> 16)) >>> 31);
		if (even + 1 < end) mask[to + even + 1] = kept * ((below - (bits & 0xffff)) >>> 31);
	}
}

/** One part's masks (hidden × rows, feature-major): mask1's units, then mask2's, from the part's own stream. */
export function fillPartMasks(mask1: Float32Array, mask2: Float32Array, shape: MlpShape, rows: number, key: DropoutKey, part: number): void {
	const seed = partSeed(key, part);
	drawMask(mask1, 0, shape.hidden1 * rows, 0, seed, 0, key.rate);
	drawMask(mask2, 0, shape.hidden2 * rows, 0, seed, Math.ceil((shape.hidden1 * rows) / 2), key.rate);
}

/**
 * A whole step's masks in the batch layout (hidden × n): each part's columns are its own stream's draws, as the direct
 * engine draws them part by part. The tfjs path takes its masks from here, so both engines drop the same units.
 */
export function fillStepMasks(mask1: Float32Array, mask2: Float32Array, shape: MlpShape, n: number, key: DropoutKey): void {
	const parts = splitsStep(n) ? [[0, firstPartRows(n)], [firstPartRows(n), n]] : [[0, n]];
	for (const [index, [from, to]] of parts.entries()) {
		const rows = to! - from!;
		const part1 = new Float32Array(shape.hidden1 * rows);
		const part2 = new Float32Array(shape.hidden2 * rows);
		fillPartMasks(part1, part2, shape, rows, key, index);
		for (let u = 0; u < shape.hidden1; u++) mask1.set(part1.subarray(u * rows, (u + 1) * rows), u * n + from!);
		for (let u = 0; u < shape.hidden2; u++) mask2.set(part2.subarray(u * rows, (u + 1) * rows), u * n + from!);
	}
}

/** Columns [from, to) of part `part`'s masks (a part of `rows` rows), placed from column `offset` of a thread's block. */
export interface MaskSegment {
	part: number;
	rows: number;
	from: number;
	to: number;
	offset: number;
}

/**
 * A thread's columns of a step's masks, `width` per unit (the rows it computes), from each part it has rows in: a
 * team member computing some of a part's rows draws only those (the stream is a counter, core/random.ts
 * streamState), and draws the values fillPartMasks draws there, whichever rows it is given.
 */
export interface MaskDraw {
	key: DropoutKey;
	width: number;
	segments: MaskSegment[];
}

/**
 * The masks of `draw` into the heap — mask1 (hidden1 × width) and mask2 (hidden2 × width) from byte pointers — on the
 * SIMD kernel (wasm-dropout.ts): the very values drawMask gives, ~6× faster.
 */
export function drawMasksInto(kernels: Pick<WasmKernels, 'dropoutMask'>, mask1: number, mask2: number, shape: MlpShape, draw: MaskDraw): void {
	const {key, width} = draw;
	const below = Math.round(key.rate * 65_536) - 1;
	const kept = 1 / (1 - key.rate);
	for (const {part, rows, from, to, offset} of draw.segments) {
		const seed = partSeed(key, part);
		// mask2's draws follow mask1's.
		const second = Math.ceil((shape.hidden1 * rows) / 2);
		if (from === 0 && to === rows && width === rows) {
			// A whole part in a block of its own: each mask one run of entries.
			kernels.dropoutMask(mask1, 1, 0, shape.hidden1 * rows, 0, 0, seed, 0, below, kept);
			kernels.dropoutMask(mask2, 1, 0, shape.hidden2 * rows, 0, 0, seed, second, below, kept);
		} else {
			// A unit's columns are a run of its part's stream.
			kernels.dropoutMask(mask1 + offset * 4, shape.hidden1, width * 4, to - from, from, rows, seed, 0, below, kept);
			kernels.dropoutMask(mask2 + offset * 4, shape.hidden2, width * 4, to - from, from, rows, seed, second, below, kept);
		}
	}
}
