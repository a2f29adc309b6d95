/**
 * The dropout masks' draw as a WebAssembly SIMD kernel: mulberry32 on four stream states at once (the stream is a
 * counter, core/random.ts), each draw deciding two mask entries — the even one from its high 16 bits, the odd one from
 * its low 16 bits — kept (the float `kept`) where those bits exceed `below`, else +0. The very values drawMask
 * (dropout-streams.ts) writes, for any run of entries (test/engine/dropout-streams.test.ts); ~6× faster than the JS
 * loop, which was ~3 % of a batch-32 step.
 */
import {mulberryStep} from '../core/random.js';
import {get, op, set, simd, sleb, uleb, vector, i32, v128} from './wasm-assembly.js';

/** The function's parameters, in order (all i32 but kept, an f32). */
const parameters = ['out', 'units', 'outStride', 'count', 'entry', 'entryStride', 'seed', 'firstDraw', 'below', 'kept'] as const;

/** Little-endian bytes of four i32 lanes. */
const lanes = (values: number[]): number[] => values.flatMap(value => [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff]);

/**
 * (out units outStride count entry entryStride seed firstDraw below: i32) (kept: f32): for each of `units` runs, the
 * `count` mask entries from entry + u·entryStride of the stream `seed` whose entry e is decided by draw
 * firstDraw + ⌊e/2⌋, as floats from byte out + u·outStride. Locals: u e end p t (i32); t4 steps4 kept4 below4 hi lo
 * one4 sixtyOne4 low4 (v128).
 */
export function dropoutBody(): number[] {
	const [out, units, outStride, count, entry, entryStride, seed, firstDraw, below, kept] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
	const first = parameters.length;
	const [u, e, end, p, t] = [first, first + 1, first + 2, first + 3, first + 4];
	const [t4, steps4, kept4, below4, hi, lo, one4, sixtyOne4, low4] = Array.from({length: 9}, (_, k) => first + 5 + k) as [
		number, number, number, number, number, number, number, number, number,
	];
	const constant = (value: number) => [op.i32Const, ...sleb(value | 0)];
	const loop = (exitWhen: number[], body: number[]) => [op.block, op.void, op.loop, op.void, ...exitWhen, op.brIf, 1, ...body, op.br, 0, op.end, op.end];
	const increment = (local: number, by: number) => [...get(local), ...constant(by), op.i32Add, ...set(local)];
	// The stream's state for the draw deciding entry e, before its step: seed + (firstDraw + ⌊e/2⌋)·step.
	const stateBefore = [...get(seed), ...get(firstDraw), ...get(e), ...constant(1), op.i32ShrU, op.i32Add, ...constant(mulberryStep), op.i32Mul, op.i32Add];
	// mulberry32's output for the state in t (core/random.ts mulberryBits), left in t.
	const bits = [
		// t = imul(t ^ (t >>> 15), t | 1)
		...get(t), ...get(t), ...constant(15), op.i32ShrU, op.i32Xor, ...get(t), ...constant(1), op.i32Or, op.i32Mul, ...set(t),
		// t ^= t + imul(t ^ (t >>> 7), t | 61)
		...get(t), ...get(t), ...get(t), ...get(t), ...constant(7), op.i32ShrU, op.i32Xor, ...get(t), ...constant(61), op.i32Or, op.i32Mul,
		op.i32Add, op.i32Xor, ...set(t),
		// t ^= t >>> 14
		...get(t), ...get(t), ...constant(14), op.i32ShrU, op.i32Xor, ...set(t),
	];
	// One entry: its draw's half (the high 16 bits for an even entry, the low for an odd one) > below ? kept : +0.
	const one = [
		...stateBefore, ...constant(mulberryStep), op.i32Add, ...set(t),
		...bits,
		...get(p),
		...get(kept), op.f32Const, 0, 0, 0, 0,
		...get(t), ...constant(0xffff), op.i32And, ...get(t), ...constant(16), op.i32ShrU, ...get(e), ...constant(1), op.i32And, op.select,
		...get(below), op.i32GtS,
		op.select,
		op.f32Store, 0x02, 0x00,
		...increment(e, 1),
		...increment(p, 4),
	];
	// The same on four draws at once (eight entries, e even): lanes k = the states of draws ⌊e/2⌋ + k, stepped.
	const v = (local: number) => get(local);
	const eight = [
		...stateBefore, ...simd.i32x4Splat, ...v(steps4), ...simd.i32x4Add, ...set(t4),
		...v(t4), ...v(t4), ...constant(15), ...simd.i32x4ShrU, ...simd.v128Xor, ...v(t4), ...v(one4), ...simd.v128Or, ...simd.i32x4Mul, ...set(t4),
		...v(t4), ...v(t4), ...v(t4), ...v(t4), ...constant(7), ...simd.i32x4ShrU, ...simd.v128Xor, ...v(t4), ...v(sixtyOne4), ...simd.v128Or, ...simd.i32x4Mul,
		...simd.i32x4Add, ...simd.v128Xor, ...set(t4),
		...v(t4), ...v(t4), ...constant(14), ...simd.i32x4ShrU, ...simd.v128Xor, ...set(t4),
		// hi = (t >>> 16) > below ? kept : +0; lo = (t & 0xffff) > below ? kept : +0 (lane masks and-ed with kept)
		...v(t4), ...constant(16), ...simd.i32x4ShrU, ...v(below4), ...simd.i32x4GtS, ...v(kept4), ...simd.v128And, ...set(hi),
		...v(t4), ...v(low4), ...simd.v128And, ...v(below4), ...simd.i32x4GtS, ...v(kept4), ...simd.v128And, ...set(lo),
		// entries e … e + 7 = hi0 lo0 hi1 lo1 | hi2 lo2 hi3 lo3
		...get(p), ...v(hi), ...v(lo), ...simd.shuffle, ...[0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23], ...simd.store, 0x00, 0x00,
		...get(p), ...v(hi), ...v(lo), ...simd.shuffle, ...[8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31], ...simd.store, 0x00, 16,
		...increment(e, 8),
		...increment(p, 32),
	];
	const code = [
		...simd.v128Const, ...lanes([1, 2, 3, 4].map(k => Math.imul(k, mulberryStep))), ...set(steps4),
		...get(kept), ...simd.f32x4Splat, ...set(kept4),
		...get(below), ...simd.i32x4Splat, ...set(below4),
		...constant(1), ...simd.i32x4Splat, ...set(one4),
		...constant(61), ...simd.i32x4Splat, ...set(sixtyOne4),
		...constant(0xffff), ...simd.i32x4Splat, ...set(low4),
		...loop([...get(u), ...get(units), op.i32GeU], [
			// e = entry + u·entryStride; end = e + count; p = out + u·outStride
			...get(entry), ...get(u), ...get(entryStride), op.i32Mul, op.i32Add, ...set(e),
			...get(e), ...get(count), op.i32Add, ...set(end),
			...get(out), ...get(u), ...get(outStride), op.i32Mul, op.i32Add, ...set(p),
			// An odd first entry alone (the low half of its draw), so the vector loop starts on a draw's even entry.
			...get(e), ...constant(1), op.i32And, ...get(e), ...get(end), op.i32LtU, op.i32And, op.if, op.void, ...one, op.end,
			...loop([...get(end), ...get(e), op.i32Sub, ...constant(8), op.i32LtU], eight),
			...loop([...get(e), ...get(end), op.i32GeU], one),
			...increment(u, 1),
		]),
		op.end,
	];
	return [...vector([uleb(5).concat(i32), uleb(9).concat(v128)]), ...code];
}

/** The kernel's type: nine i32 parameters and an f32, no result. */
export const dropoutType = [0x60, ...vector([...parameters.slice(0, 9).map(() => [i32]), [0x7d]]), 0x00];
