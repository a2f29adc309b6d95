/**
 * Where things live in a team's shared memory (protocol/team-buffer.ts has its control words): float offsets of the
 * trained model's blocks (its current weights, two checkpoints), the weights snapshot, the ring of the steps taken
 * since the last checkpoint, and each step's exchange blocks. Every block starts on a multiple of 4 floats and is
 * padded to one (the SIMD kernels work 4 floats at a time; float64 views need 8-byte alignment).
 */
import {jobNumbers} from '../core/augment-job.js';
import {controlBytes, headerBytes, type TeamMemory} from '../protocol/team-buffer.js';
import type {MlpShape} from './mlp-params.js';
import {stepParts, teamShares} from './team-plan.js';

const pad = (floats: number) => Math.ceil(floats / 4) * 4;

/** The three layers' matrices, each padded: float offsets within a block of parameters, and the block's size. */
export interface ParamLayout {
	/** Float offsets of p1, p2, p3 within a block. */
	offsets: [number, number, number];
	/** Their unpadded sizes, outputs × (inputs + 1). */
	sizes: [number, number, number];
	/** Floats per matrix row (inputs + 1), to find a unit's weights. */
	rowFloats: [number, number, number];
	/** Each layer's padded size. */
	padded: [number, number, number];
	/** The block's floats, padding included. */
	floats: number;
}

export function paramLayout(shape: MlpShape): ParamLayout {
	const rowFloats: [number, number, number] = [shape.input + 1, shape.hidden1 + 1, shape.hidden2 + 1];
	const sizes: [number, number, number] = [shape.hidden1 * rowFloats[0], shape.hidden2 * rowFloats[1], shape.classes * rowFloats[2]];
	const padded: [number, number, number] = [pad(sizes[0]), pad(sizes[1]), pad(sizes[2])];
	const offsets: [number, number, number] = [0, padded[0], padded[0] + padded[1]];
	return {offsets, sizes, rowFloats, padded, floats: offsets[2] + padded[2]};
}

/** Where a model's p, m and v are (each a parameter block), in a checkpoint or a heap copy. */
export interface StateBlocks {
	p: number;
	m: number;
	v: number;
}

/**
 * The trained model's blocks: its current weights (each member posts its units' new ones there after a step), and two
 * checkpoints of p, m and v (written in turn, so a checkpoint a member left half-written leaves the other whole).
 */
export function stateLayout(shape: MlpShape, at: number) {
	const params = paramLayout(shape);
	const checkpoint = (index: number): StateBlocks => {
		const base = at + params.floats + (index & 1) * 3 * params.floats;
		return {p: base, m: base + params.floats, v: base + 2 * params.floats};
	};

	return {params, weights: at, checkpoint, end: at + 7 * params.floats};
}

export type StateLayout = ReturnType<typeof stateLayout>;

/** Float64 values at the head of a ring entry. */
export const entryValues = {rows: 0, hasWeights: 1, meanWeight: 2, dropout: 3, dropoutRate: 4, dropoutSeed: 5, dropoutStep: 6} as const;
const entryHeadFloats = 16;

/**
 * One step's batch in the ring: its values, the rows' raw pixels (n × (input + 1), as StepRows has them: copying
 * floats is ten times faster than converting them to bytes), targets (n × classes) and weights (n). Members read
 * their rows here; the lead takes the ring's steps again alone when a member left mid-way (team.ts).
 */
export function ringEntry(shape: MlpShape, n: number, at: number) {
	const pixels = at + entryHeadFloats;
	const targets = pixels + pad(n * (shape.input + 1));
	const weights = targets + pad(n * shape.classes);
	return {at, pixels, targets, weights, end: weights + pad(n)};
}

export type RingEntry = ReturnType<typeof ringEntry>;

/** A step's exchange blocks: what each member posts of its rows for the others. */
export function stepBlocks(shape: MlpShape, n: number, members: number, at: number, rowStarts?: readonly number[]) {
	const {hidden1, hidden2, classes} = shape;
	const shares = teamShares(n, shape, members, rowStarts);
	let end = at;
	const take = (floats: number) => {
		const start = end;
		end += pad(floats);
		return start;
	};

	const blocks = shares.map(share => {
		const m = share.rows[1] - share.rows[0];
		return {
			// Each row's loss term, float64.
			terms: take(2 * m),
			dz1: take(hidden1 * m),
			dz2: take(hidden2 * m),
			a1T: take(m * (hidden1 + 1)),
			a2: take((hidden2 + 1) * m),
			dLogits: take(m * classes),
		};
	});
	return {shares, parts: stepParts(n), blocks, end};
}

export type StepBlocks = ReturnType<typeof stepBlocks>;

/** A small-batch prediction's scratch: the rows' raw pixels, then their probabilities. */
export function predictScratch(shape: MlpShape, n: number, at: number) {
	const pixels = at;
	const out = pixels + pad(n * (shape.input + 1));
	return {pixels, out, end: out + pad(n * shape.classes)};
}

/** A chunked prediction's scratch: the image rows (int32), then their logits. */
export function chunkScratch(shape: MlpShape, count: number, at: number) {
	const rows = at;
	const logits = rows + pad(count);
	return {rows, logits, end: logits + pad(count * shape.classes)};
}

/** An augmentation's scratch: the job's numbers (float64), the image rows (int32), then the output bytes. */
export function augmentScratch(count: number, size: number, at: number) {
	// The job's float64 numbers start on an even float.
	const job = at + (at % 2);
	const rows = job + pad(2 * jobNumbers);
	const output = rows + pad(count);
	return {job, rows, output, end: output + pad(Math.ceil((count * size) / 4))};
}

/** Views of a team memory, taken again whenever it grew. */
export interface TeamViews {
	control: Int32Array;
	values: Float64Array;
	f32: Float32Array;
	i32: Int32Array;
	f64: Float64Array;
}

export function teamViews(memory: TeamMemory): () => TeamViews {
	const control = new Int32Array(memory.buffer, 0, controlBytes / 4);
	const values = new Float64Array(memory.buffer, controlBytes, (headerBytes - controlBytes) / 8);
	let views: TeamViews | undefined;
	return () => {
		const {buffer} = memory;
		if (!views || views.f32.buffer.byteLength !== buffer.byteLength) {
			views = {control, values, f32: new Float32Array(buffer), i32: new Int32Array(buffer), f64: new Float64Array(buffer)};
		}

		return views;
	};
}

/** Grows the memory to hold `floats` floats (only the lead grows it). */
export function ensureFloats(memory: TeamMemory, floats: number): void {
	const bytes = floats * 4;
	if (memory.buffer.byteLength < bytes) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65_536));
}

export const firstBlock = headerBytes / 4;
