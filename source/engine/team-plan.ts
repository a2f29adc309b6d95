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

/**
 * Every member's share of a step of n rows (member 0 is the lead): rows in even blocks, or from `rowStarts` (each
 * member's first row, in member order, the first 0; the last block runs to n) — any blocks give the same bits.
 */
export function teamShares(n: number, shape: MlpShape, members: number, rowStarts?: readonly number[]): MemberShare[] {
	return Array.from({length: members}, (_, index) => ({
		rows: rowStarts ? ([rowStarts[index]!, rowStarts[index + 1] ?? n] as const) : memberSpan(n, members, index),
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

/** A team's rows at one row count: how many each member takes, and what its share has been costing it (smoothed). */
export interface RowBalance {
	/** Rows per member, in member order; n in all. */
	counts: number[];
	/** ms from a step's start to the member's Adam step, waits for the others left out. */
	busy: number[];
	/** ms per row of its rows phase. */
	perRow: number[];
}

/** How much a smoothed time moves toward each new measurement: a step's times here vary by half from one to the next. */
const smoothing = 0.1;

/** Even blocks (memberSpan's), nothing measured yet. */
export function evenRowBalance(n: number, members: number): RowBalance {
	const counts = Array.from({length: members}, (_, index) => {
		const [from, to] = memberSpan(n, members, index);
		return to - from;
	});
	return {counts, busy: counts.map(() => Number.NaN), perRow: counts.map(() => Number.NaN)};
}

/** The row starts teamShares takes for these counts. */
export function rowStartsOf(counts: readonly number[]): number[] {
	let at = 0;
	return counts.map(count => {
		const start = at;
		at += count;
		return start;
	});
}

/**
 * Rows a balance moves at once: 4 where every member can hold two such blocks, else 1. A member's rows are the
 * columns of its forward pass's products, which the matMul computes 8 and 4 at a time and the last 1–3 in one more
 * pass (wasm-matmul.ts): its time steps up at each multiple of 4 rows, so rows moved one at a time cost the member
 * that takes them a whole pass for one row (18 rows take 1.0 ms against 16 rows' 0.8 ms), and a noisy step moved them
 * back and forth across those steps.
 */
export function rowQuantum(n: number, members: number): number {
	return n >= 8 * members ? 4 : 1;
}

/**
 * After a whole step, from each member's times (its rows phase, and its units until its Adam step): a block of rows
 * (`rowQuantum`) moves from the member that has been finishing last to the one finishing first, when they are further
 * apart than moving it would close — a member on a slower or busier core (or with more work of its own: the last
 * layer) ends up with fewer rows, and the members reach their Adam steps together instead of one waiting for the
 * other. On smoothed times, since a step's times here swing by half: a split chased from single steps swung between a
 * sixth and five-sixths of the batch. The rows carry no state (a member's units do: their Adam state), so they may
 * move every step; and since any blocks of rows give the same bits (README.md rule 12), where they go never changes a
 * number. Each member keeps at least an eighth of an even share (at least one row), so its times stay measured.
 */
export function nextRowBalance(balance: RowBalance, rowsMs: readonly number[], unitsMs: readonly number[]): RowBalance {
	const members = balance.counts.length;
	const counts = [...balance.counts];
	const busy = [...balance.busy];
	const perRow = [...balance.perRow];
	const smooth = (old: number, value: number) => (Number.isNaN(old) ? value : old + (value - old) * smoothing);
	for (let i = 0; i < members; i++) {
		const rows = rowsMs[i]!;
		const units = unitsMs[i]!;
		if (!(rows >= 0 && units >= 0 && Number.isFinite(rows + units))) return balance;
		busy[i] = smooth(busy[i]!, rows + units);
		if (counts[i]! > 0) perRow[i] = smooth(perRow[i]!, rows / counts[i]!);
	}

	if (members < 2) return {counts, busy, perRow};
	const n = counts.reduce((a, b) => a + b, 0);
	const least = Math.max(1, Math.floor(n / members / 8));
	let last = 0;
	let first = 0;
	for (let i = 1; i < members; i++) {
		if (busy[i]! > busy[last]!) last = i;
		if (busy[i]! < busy[first]!) first = i;
	}

	const rowCost = Math.max(perRow[last]!, perRow[first]!);
	const moved = rowQuantum(n, members);
	// Moving q rows closes the gap by about 2q rows' time: only a gap wider than that is worth a move (it never
	// overshoots, so the rows do not swing back and forth).
	if (last !== first && counts[last]! - moved >= least && busy[last]! - busy[first]! > 2 * moved * rowCost) {
		counts[last]! -= moved;
		counts[first]! += moved;
		// The smoothed times as they will be, so the next steps do not move more rows for the same gap.
		busy[last]! -= moved * perRow[last]!;
		busy[first]! += moved * perRow[first]!;
	}

	return {counts, busy, perRow};
}
