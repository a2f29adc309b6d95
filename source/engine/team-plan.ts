/**
 * Who computes what in a team step (team.ts): a step of n rows is always the canonical two parts (split-step.ts),
 * and a team of N threads shares it out without cutting a part's sums. Each member takes a block of the batch's rows
 * for the forward and backward passes (per-row work: any block of rows gives the same bits, rule 12 of README.md),
 * then a block of each layer's output units, whose weight gradients it computes over both whole parts (each a
 * matMul over the part's rows, as a thread alone does) and sums second + first, and whose Adam step it takes.
 */
import type {MlpShape} from './mlp-params.js';
import {firstPartRows} from './row-limits.js';

/** [from, to) */
export type Span = readonly [from: number, to: number];

export interface MemberShare {
	/** The batch rows whose forward pass and deltas this member computes. */
	rows: Span;
	/** The output units of layers 1 and 2 whose weight gradients and Adam step it computes. */
	units1: Span;
	units2: Span;
	/** Whether it computes layer 3's (the classes' few weights: one member, the last). */
	layer3: boolean;
}

/** The canonical parts of a split step of n rows: [0, ⌈n/2⌉) and [⌈n/2⌉, n). */
export function stepParts(n: number): [Span, Span] {
	const h = firstPartRows(n);
	return [
		[0, h],
		[h, n],
	];
}

/** Member `index` of `members`'s block of `count` items: contiguous, sizes within one of each other. */
export function memberSpan(count: number, members: number, index: number): Span {
	return [Math.ceil((index * count) / members), Math.ceil(((index + 1) * count) / members)];
}

/**
 * Units cut at multiples of 4: a unit's weights are a row of its layer's matrix, so a block of 4 units starts on a
 * multiple of 4 floats, where the SIMD Adam step (4 floats at a time) can start.
 */
function unitSpan(units: number, members: number, index: number): Span {
	const [from, to] = memberSpan(Math.ceil(units / 4), members, index);
	return [Math.min(units, from * 4), Math.min(units, to * 4)];
}

/** Every member's share of a step of n rows (member 0 is the lead). */
export function teamShares(n: number, shape: MlpShape, members: number): MemberShare[] {
	return Array.from({length: members}, (_, index) => ({
		rows: memberSpan(n, members, index),
		units1: unitSpan(shape.hidden1, members, index),
		units2: unitSpan(shape.hidden2, members, index),
		layer3: index === members - 1,
	}));
}

/** The rows two spans share, or null. */
export function overlap(a: Span, b: Span): Span | null {
	const from = Math.max(a[0], b[0]);
	const to = Math.min(a[1], b[1]);
	return from < to ? [from, to] : null;
}
