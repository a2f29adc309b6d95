/**
 * Kernels tfjs-wasm lacks (a fused SIMD Adam step, a fast transpose, the step's elementwise passes), hand-assembled
 * into a WebAssembly module.
 */
// The module imports tfjs-wasm's own memory, so it works on tensors in place. Adam is one pass instead of twelve
// kernels, with f32x4.sqrt instead of tfjs's scalar libm sqrt; the transpose moves 4 × 4 blocks through SIMD
// shuffles (see transposeBody). Each instruction group below carries its meaning in a comment.

import {createWasmMatMul, type WasmMatMul} from './wasm-matmul.js';
import {countedLoop, f32, get, i32, memarg, op, section, set, simd, sleb, uleb, utf8, v128, vector} from './wasm-assembly.js';
import {dropoutBody, dropoutType} from './wasm-dropout.js';

/** The module's exports; every pointer is a byte offset into the shared memory. */
export interface WasmKernels {
	/**
	 * Keras's Adam on the `bytes / 4` floats at p, g, m, v (bytes a multiple of 16):
	 * m += (g − m)·c1; v += (g² − v)·c2; p −= (m·alpha)/(√v + epsilon), in float32 like tfjs's kernels — except
	 * that an m or v below 2⁻⁹⁸ is stored as +0 (see flushTiny).
	 */
	adam(
		p: number,
		g: number,
		m: number,
		v: number,
		bytes: number,
		alpha: number,
		c1: number,
		c2: number,
		epsilon: number,
	): void;
	/** destination (cols × rows) = transpose of source (rows × cols), both float32 row-major. */
	transpose(source: number, destination: number, rows: number, cols: number): void;
	/**
	 * adam with the gradient g + first (f32x4.add, then the same instructions): a step's two parts summed as Adam
	 * reads them, second part + first (split-step.ts), with the floats an add pass then adam would give.
	 */
	addAdam(
		p: number,
		g: number,
		first: number,
		m: number,
		v: number,
		bytes: number,
		alpha: number,
		c1: number,
		c2: number,
		epsilon: number,
	): void;
	/** p[i] = p[i] / divisor over `bytes / 4` floats (f32x4.div: the float32 a JS division stored in a Float32Array gives). */
	divide(p: number, bytes: number, divisor: number): void;
	/** p[i] = p[i] · q[i] over `bytes / 4` floats (a dropout mask on a layer's activations). */
	multiply(p: number, q: number, bytes: number): void;
	/**
	 * The backward pass's ReLU and dropout gate, without a branch per float: g[i] = a[i] > 0 ? g[i] · q[i] : +0
	 * (an f32x4.gt lane mask and-ed with the product). A branch per float mispredicted on half the units.
	 */
	gate(g: number, a: number, q: number, bytes: number): void;
	/** gate without a mask: g[i] = a[i] > 0 ? g[i] : +0. */
	gatePlain(g: number, a: number, bytes: number): void;
	/**
	 * Dropout mask entries as dropout-streams.ts drawMask draws them (wasm-dropout.ts): for u in [0, units), entries
	 * [entry + u·entryStride, + count) of stream `seed` (entry e decided by draw firstDraw + ⌊e/2⌋, kept where its
	 * 16 bits exceed `below`) as floats kept or +0 from byte out + u·outStride.
	 */
	dropoutMask(out: number, units: number, outStride: number, count: number, entry: number, entryStride: number, seed: number, firstDraw: number, below: number, kept: number): void;
	/**
	 * Sums over a sparse matrix's entries (layer-one-sparse.ts): for each row r < rows in order, for each of its entries
	 * k in [starts[r], starts[r + 1]) in order (int32 column idx[k], float val[k]), the `bytes / 4` floats at
	 * y + r·yRow + idx[k]·yColumn each get += val[k] · the float at x + r·xRow + idx[k]·xColumn (f32x4.mul, then
	 * f32x4.add: one float32 multiply and add per term, as the matMul); with `relu`, each row of y once its entries are
	 * summed gets the matMul's relu (i32x4.max_s with 0). Pointers in bytes; idx, val and starts int32/float32 arrays.
	 */
	sparseRows(y: number, yRow: number, yColumn: number, x: number, xRow: number, xColumn: number, idx: number, val: number, starts: number, rows: number, bytes: number, relu: number): void;
	/**
	 * Lists the entries of k rows of `width` floats (row r at byte x + r·rowBytes) that are not ±0, row by row in
	 * column order, as sparseRows reads them: int32 column idx[e] and the float's bits val[e] for each, int32 starts[r]
	 * each row's first entry and starts[k] their count, which it returns. A NaN is an entry (as `value !== 0`). It may
	 * write up to 3 floats past the last entry of idx and val (four lanes are stored, then counted).
	 */
	listEntries(x: number, rowBytes: number, k: number, width: number, idx: number, val: number, starts: number): number;
	/** A training step's matrix product (wasm-matmul.ts): out = act(a · b + bias), the floats XNNPACK gives. */
	matMul: WasmMatMul;
}


/** Where adamBody finds its operands: parameter and local indices. */
interface AdamOperands {
	p: number;
	g: number;
	/** A second gradient block added to g first (a step's first part, split-step.ts), or absent. */
	first?: number;
	m: number;
	v: number;
	bytes: number;
	/** alpha, c1, c2, epsilon follow in this order. */
	alpha: number;
	/** The first of the function's locals. */
	locals: number;
}

/** 2⁻⁹⁸, the magnitude below which Adam stores an m or v as +0 (flushTiny), as f32.const's little-endian bytes. */
const tinyMoment = [0x00, 0x00, 0x80, 0x0e];

/**
 * v = the vector in local `value` with each lane whose magnitude is below 2⁻⁹⁸ (tiny, subnormal, or ±0) set to +0;
 * NaN and larger lanes keep their bits. Why Adam needs it: where a weight's gradient is 0 step after step (a pixel
 * that is blank in every image of the batch, a unit that is off), m decays by β1 each step toward 0, and x86 takes a
 * microcode assist on every subnormal operand and result — first on m·alpha (subnormal once |m| < 2⁻¹²⁶/alpha,
 * ~2⁻¹¹⁶ at the default learning rate) and (0 − m)·c1, then on m itself. Flushed only once subnormal (2⁻¹²⁶), after
 * 1,500 batch-32 steps of MNIST ~2,800 m·alpha products were still subnormal and the pass took ~0.88 ms instead of
 * ~0.55 ms; unflushed, 31,491 m and v values were subnormal and it took 3.4–4.3 ms (`npm run bench -- --profile`
 * prints it). From 2⁻⁹⁸ up, no product of an m or v in the pass is subnormal for any alpha ≥ 2⁻²⁸ (only a gradient
 * below 2⁻⁶³ would make g² one; MNIST training has none).
 * The weights do not see the flush: an m below 2⁻⁹⁸ moves a weight by at most 2⁻⁹⁸·alpha/epsilon (alpha ≤ the
 * learning rate ≤ 1, epsilon 1e-7: < 3.2e-23), less than half an ulp of any weight of magnitude above ~1.1e-15, so p
 * keeps the bits of the unflushed rule unless a weight is (almost) exactly 0; and a v below 2⁻⁹⁸ has a rounded √v of
 * at most 2⁻⁴⁹, a quarter of an ulp of epsilon, so √v + epsilon is epsilon either way (at 2⁻⁹⁶ a rounded √v could be
 * 2⁻⁴⁸, half an ulp, and epsilon's odd last bit would round the tie up). Both m and v then continue from +0 instead,
 * which a later gradient of magnitude above ~1e-21 absorbs exactly. (test/engine/wasm-kernels.test.ts)
 */
function flushTiny(value: number, tiny4: number): number[] {
	return [...get(value), ...get(value), ...simd.f32x4Abs, ...get(tiny4), ...simd.f32x4Lt, ...simd.v128AndNot, ...set(value)];
}

/**
 * Adam in place over `bytes`: (p g [first] m v bytes: i32) (alpha c1 c2 eps: f32); locals i: i32; alpha4 c14 c24 eps4
 * gv mv vv tiny4: v128. With `first`, the gradient is g + first (f32x4.add, the add kernel's very operation), summed as
 * the step goes instead of in a pass of its own: the same floats, one pass over memory fewer.
 */
function adamBody(at: AdamOperands): number[] {
	const {p, g, first, m, v, bytes, alpha} = at;
	const [i, alpha4, c14, c24, epsilon4, gv, mv, vv, tiny4] = Array.from({length: 9}, (_, k) => at.locals + k) as [number, number, number, number, number, number, number, number, number];
	const address = (base: number): number[] => [...get(base), ...get(i), op.i32Add];
	const gradient = first === undefined
		? [...address(g), ...simd.load, ...memarg]
		: [...address(g), ...simd.load, ...memarg, ...address(first), ...simd.load, ...memarg, ...simd.f32x4Add];
	const code = [
		...[0, 1, 2, 3].flatMap(k => [...get(alpha + k), ...simd.f32x4Splat, ...set(alpha4 + k)]),
		op.f32Const, ...tinyMoment, ...simd.f32x4Splat, ...set(tiny4),
		op.block, op.void,
		op.loop, op.void,
		// if (i >= bytes) break;
		...get(i), ...get(bytes), op.i32GeU, op.brIf, 1,
		// gv = g[i] (+ first[i])
		...gradient, ...set(gv),
		// m[i] = mv = m[i] + (gv − m[i])·c1
		...address(m), ...simd.load, ...memarg, ...set(mv),
		...get(mv), ...get(gv), ...get(mv), ...simd.f32x4Sub, ...get(c14), ...simd.f32x4Mul, ...simd.f32x4Add, ...set(mv),
		...flushTiny(mv, tiny4),
		...address(m), ...get(mv), ...simd.store, ...memarg,
		// v[i] = vv = v[i] + (gv·gv − v[i])·c2
		...address(v), ...simd.load, ...memarg, ...set(vv),
		...get(vv), ...get(gv), ...get(gv), ...simd.f32x4Mul, ...get(vv), ...simd.f32x4Sub, ...get(c24), ...simd.f32x4Mul,
		...simd.f32x4Add, ...set(vv),
		...flushTiny(vv, tiny4),
		...address(v), ...get(vv), ...simd.store, ...memarg,
		// p[i] = p[i] − (mv·alpha)/(√vv + eps)
		...address(p),
		...address(p), ...simd.load, ...memarg,
		...get(mv), ...get(alpha4), ...simd.f32x4Mul,
		...get(vv), ...simd.f32x4Sqrt, ...get(epsilon4), ...simd.f32x4Add,
		...simd.f32x4Div, ...simd.f32x4Sub,
		...simd.store, ...memarg,
		// i += 16; continue
		...get(i), op.i32Const, ...sleb(16), op.i32Add, ...set(i),
		op.br, 0,
		op.end,
		op.end,
		op.end,
	];
	return [...vector([uleb(1).concat(i32), uleb(8).concat(v128)]), ...code];
}

/** Lanes (floats) of two v128s, as the 16 byte indices i8x16.shuffle takes: lanes 0–3 the first's, 4–7 the second's. */
const lanes = (...picks: number[]): number[] => picks.flatMap(lane => [4 * lane, 4 * lane + 1, 4 * lane + 2, 4 * lane + 3]);

/**
 * (src dst rows cols: i32). In blocks of 4 × 4 floats: four rows of a block read as four v128s, turned into its four
 * columns by eight shuffles, and stored as four rows of dst; the rows and columns left over (rows or cols not a
 * multiple of 4) float by float. dst is written a band of four rows at a time and src read down four columns at once:
 * the read stride (cols·4 bytes) is rarely a power of two, the write stride (rows·4) often is, and a power-of-two
 * stride maps every access to the same few L1 sets (which is what makes tfjs's transpose slow here). Floats are
 * moved as bits (loads, shuffles and stores never look at them), so NaN payloads and −0 come through. Against the
 * float-by-float loop it replaced (2026-12-07, this 2-core VM): p2ᵀ and p3ᵀ refreshed in 28 µs instead of 116, and
 * the profile's transposes row (x, a1, p2, p3, g3 of a batch-32 step) 50–69 µs instead of 128–158.
 */
function transposeBody(): number[] {
	const [source, destination, rows, cols] = [0, 1, 2, 3];
	const [c, r, from, to, readStride, writeStride, rows4, cols4, r0, r1, c0, c1] = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
	const [a, b, cc, d, t0, t1] = [16, 17, 18, 19, 20, 21];
	const load = (offset: number[]) => [...get(from), ...offset, op.i32Add, ...simd.load, ...memarg];
	const shuffled = (x: number, y: number, picks: number[]) => [...get(x), ...get(y), ...simd.shuffle, ...lanes(...picks)];
	const store = (row: number, x: number, y: number, picks: number[]) => [
		...get(to), ...(row === 0 ? [] : [...get(writeStride), op.i32Const, ...sleb(row), op.i32Mul, op.i32Add]),
		...shuffled(x, y, picks), ...simd.store, ...memarg,
	];
	// dst[c][r] = src[r][c] for c in [c0, c1), r in [r0, r1): a bit copy, float by float.
	const scalarRegion = [
		...get(c0), ...set(c),
		...countedLoop(c, get(c1), [
			// from = src + (r0·cols + c)·4; to = dst + (c·rows + r0)·4
			...get(source), ...get(r0), ...get(readStride), op.i32Mul, op.i32Add, ...get(c), op.i32Const, ...sleb(4), op.i32Mul, op.i32Add, ...set(from),
			...get(destination), ...get(c), ...get(writeStride), op.i32Mul, op.i32Add, ...get(r0), op.i32Const, ...sleb(4), op.i32Mul, op.i32Add, ...set(to),
			...get(r0), ...set(r),
			...countedLoop(r, get(r1), [...get(to), ...get(from), op.i32Load, 0x02, 0x00, op.i32Store, 0x02, 0x00], [
				...get(from), ...get(readStride), op.i32Add, ...set(from),
				...get(to), op.i32Const, ...sleb(4), op.i32Add, ...set(to),
				...get(r), op.i32Const, ...sleb(1), op.i32Add, ...set(r),
			]),
		], [...get(c), op.i32Const, ...sleb(1), op.i32Add, ...set(c)]),
	];
	const region = (rowFrom: number[], rowTo: number[], colFrom: number[], colTo: number[]) => [
		...rowFrom, ...set(r0), ...rowTo, ...set(r1), ...colFrom, ...set(c0), ...colTo, ...set(c1), ...scalarRegion,
	];
	const code = [
		...get(cols), op.i32Const, ...sleb(4), op.i32Mul, ...set(readStride),
		...get(rows), op.i32Const, ...sleb(4), op.i32Mul, ...set(writeStride),
		...get(rows), op.i32Const, ...sleb(-4), op.i32And, ...set(rows4),
		...get(cols), op.i32Const, ...sleb(-4), op.i32And, ...set(cols4),
		// The 4 × 4 blocks: columns c..c+3 of src become rows c..c+3 of dst.
		...countedLoop(c, get(cols4), [
			// from = src + c·4 (row r = 0); to = dst + c·rows·4
			...get(source), ...get(c), op.i32Const, ...sleb(4), op.i32Mul, op.i32Add, ...set(from),
			...get(destination), ...get(c), ...get(writeStride), op.i32Mul, op.i32Add, ...set(to),
			op.i32Const, ...sleb(0), ...set(r),
			...countedLoop(r, get(rows4), [
				// a, b, cc, d = src rows r..r+3, columns c..c+3
				...load([op.i32Const, ...sleb(0)]), ...set(a),
				...load(get(readStride)), ...set(b),
				...load([...get(readStride), op.i32Const, ...sleb(2), op.i32Mul]), ...set(cc),
				...load([...get(readStride), op.i32Const, ...sleb(3), op.i32Mul]), ...set(d),
				// t0 = a0 b0 a1 b1, t1 = a2 b2 a3 b3; a, b = c0 d0 c1 d1, c2 d2 c3 d3
				...shuffled(a, b, [0, 4, 1, 5]), ...set(t0),
				...shuffled(a, b, [2, 6, 3, 7]), ...set(t1),
				...shuffled(cc, d, [0, 4, 1, 5]), ...set(a),
				...shuffled(cc, d, [2, 6, 3, 7]), ...set(b),
				// dst row c + k, floats r..r+3: column k of the block
				...store(0, t0, a, [0, 1, 4, 5]),
				...store(1, t0, a, [2, 3, 6, 7]),
				...store(2, t1, b, [0, 1, 4, 5]),
				...store(3, t1, b, [2, 3, 6, 7]),
			], [
				...get(from), ...get(readStride), op.i32Const, ...sleb(4), op.i32Mul, op.i32Add, ...set(from),
				...get(to), op.i32Const, ...sleb(16), op.i32Add, ...set(to),
				...get(r), op.i32Const, ...sleb(4), op.i32Add, ...set(r),
			]),
		], [...get(c), op.i32Const, ...sleb(4), op.i32Add, ...set(c)]),
		// What the blocks left: the last rows % 4 rows of src (every column), then the last cols % 4 columns above them.
		...region(get(rows4), get(rows), [op.i32Const, ...sleb(0)], get(cols)),
		...region([op.i32Const, ...sleb(0)], get(rows4), get(cols4), get(cols)),
		op.end,
	];
	return [...vector([uleb(12).concat(i32), uleb(6).concat(v128)]), ...code];
}

/**
 * A loop over `bytes` (a multiple of 16) at 16 bytes a time with i32 local `i` from 0; `lanes` computes and stores
 * one v128 at offset i.
 */
function elementwiseLoop(bytes: number, i: number, lanes: number[]): number[] {
	// for (; i < bytes; i += 16) lanes; then the function's end.
	return [...countedLoop(i, get(bytes), lanes, [...get(i), op.i32Const, ...sleb(16), op.i32Add, ...set(i)]), op.end];
}

const byteAt = (base: number, i: number): number[] => [...get(base), ...get(i), op.i32Add];
const loadAt = (base: number, i: number): number[] => [...byteAt(base, i), ...simd.load, ...memarg];

/** (p bytes: i32) (divisor: f32); locals i: i32, d: v128. */
function divideBody(): number[] {
	const [p, bytes, divisor, i, d] = [0, 1, 2, 3, 4];
	const code = [
		...get(divisor), ...simd.f32x4Splat, ...set(d),
		...elementwiseLoop(bytes, i, [...byteAt(p, i), ...loadAt(p, i), ...get(d), ...simd.f32x4Div, ...simd.store, ...memarg]),
	];
	return [...vector([uleb(1).concat(i32), uleb(1).concat(v128)]), ...code];
}

/** (p q bytes: i32); locals i: i32. */
function multiplyBody(): number[] {
	const [p, q, bytes, i] = [0, 1, 2, 3];
	const code = elementwiseLoop(bytes, i, [...byteAt(p, i), ...loadAt(p, i), ...loadAt(q, i), ...simd.f32x4Mul, ...simd.store, ...memarg]);
	return [...vector([uleb(1).concat(i32)]), ...code];
}

/** (g a q bytes: i32) with a mask, or (g a bytes: i32) without; locals i: i32. */
function gateBody(masked: boolean): number[] {
	const [g, a] = [0, 1];
	const q = masked ? 2 : -1;
	const bytes = masked ? 3 : 2;
	const i = bytes + 1;
	const value = masked ? [...loadAt(g, i), ...loadAt(q, i), ...simd.f32x4Mul] : loadAt(g, i);
	// (a > 0) as a lane of ones or zeros, and-ed with the value: +0 where the unit is off, the value's bits where on.
	const on = [...loadAt(a, i), ...simd.zero, ...simd.f32x4Gt];
	const code = elementwiseLoop(bytes, i, [...byteAt(g, i), ...value, ...on, ...simd.v128And, ...simd.store, ...memarg]);
	return [...vector([uleb(1).concat(i32)]), ...code];
}

/**
 * (y yRow yColumn x xRow xColumn idx val starts rows bytes relu: i32); locals r k end row target source stop stop4: i32,
 * a zero: v128. See WasmKernels.sparseRows. The inner loop walks target and source 64 bytes (4 vectors, memarg
 * offsets 0–48) at a time while a whole 64 bytes is left, then 16: as the matMul's tiles, it keeps address arithmetic
 * out of the way of the loads, multiplies and adds (a loop of one vector ran ~1.5× the time).
 */
function sparseRowsBody(): number[] {
	const [y, yRow, yColumn, x, xRow, xColumn, idx, val, starts, rows, bytes, relu] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
	const [r, k, end, row, target, source, stop, stop4, a, zero] = [12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
	const times4 = (local: number) => [...get(local), op.i32Const, ...sleb(4), op.i32Mul];
	const i32At = (address: number[]) => [...address, op.i32Load, 0x02, 0x00];
	// target[offset] += a · source[offset], one vector at byte `offset` (memarg offsets are unsigned LEB128 bytes).
	const axpy = (offset: number) => [
		...get(target),
		...get(target), ...simd.load, 0x00, ...uleb(offset),
		...get(a), ...get(source), ...simd.load, 0x00, ...uleb(offset), ...simd.f32x4Mul,
		...simd.f32x4Add, ...simd.store, 0x00, ...uleb(offset),
	];
	const advance = (by: number) => [
		...get(target), op.i32Const, ...sleb(by), op.i32Add, ...set(target),
		...get(source), op.i32Const, ...sleb(by), op.i32Add, ...set(source),
	];
	// while (target < limit) { body; advance }: the pointers only grow, so an unsigned compare.
	const walk = (limit: number, body: number[], by: number) => [
		op.block, op.void, op.loop, op.void,
		...get(target), ...get(limit), op.i32GeU, op.brIf, 1,
		...body, ...advance(by),
		op.br, 0, op.end, op.end,
	];
	const code = [
		...countedLoop(r, get(rows), [
			// k, end = starts[r], starts[r + 1]; row = y + r·yRow (y's row of r, where relu goes)
			...i32At([...get(starts), ...times4(r), op.i32Add]), ...set(k),
			...i32At([...get(starts), ...times4(r), op.i32Add, op.i32Const, ...sleb(4), op.i32Add]), ...set(end),
			...get(y), ...get(r), ...get(yRow), op.i32Mul, op.i32Add, ...set(row),
			...countedLoop(k, get(end), [
				// a = val[k] in every lane; target, source = y and x at column idx[k] of row r; stop = target + bytes
				...get(val), ...times4(k), op.i32Add, ...simd.load32Splat, ...memarg, ...set(a),
				...i32At([...get(idx), ...times4(k), op.i32Add]), ...set(stop),
				...get(row), ...get(stop), ...get(yColumn), op.i32Mul, op.i32Add, ...set(target),
				...get(x), ...get(r), ...get(xRow), op.i32Mul, op.i32Add, ...get(stop), ...get(xColumn), op.i32Mul, op.i32Add, ...set(source),
				...get(target), ...get(bytes), op.i32Add, ...set(stop),
				// stop4 = target + (bytes & ~63): where the 64-byte steps end
				...get(target), ...get(bytes), op.i32Const, ...sleb(-64), op.i32And, op.i32Add, ...set(stop4),
				...walk(stop4, [...axpy(0), ...axpy(16), ...axpy(32), ...axpy(48)], 64),
				...walk(stop, axpy(0), 16),
			], [...get(k), op.i32Const, ...sleb(1), op.i32Add, ...set(k)]),
			// if (relu) row[i] = max_s(row[i], 0), as the matMul's relu
			...get(relu), op.if, op.void,
			...get(row), ...set(target),
			...get(row), ...get(bytes), op.i32Add, ...set(stop),
			...walk(stop, [...get(target), ...get(target), ...simd.load, ...memarg, ...get(zero), ...simd.i32x4MaxS, ...simd.store, ...memarg], 16),
			op.end,
		], [...get(r), op.i32Const, ...sleb(1), op.i32Add, ...set(r)]),
		op.end,
	];
	return [...vector([uleb(8).concat(i32), uleb(2).concat(v128)]), ...code];
}

/**
 * (x rowBytes k width idx val starts: i32) → count: i32; locals r c count row width4 mask: i32, v: v128. See
 * WasmKernels.listEntries. Four floats at a time: f32x4.ne with zero, i32x4.bitmask; a vector with no entry (the
 * blank border of a digit) costs a load and a compare, one with entries stores all four lanes' column and bits at
 * `count` and counts only the lit ones, with no branch per lane. The columns past the last multiple of 4 (MNIST's
 * bias column) float by float.
 */
function listEntriesBody(): number[] {
	const [x, rowBytes, k, width, idx, val, starts] = [0, 1, 2, 3, 4, 5, 6];
	const [r, c, count, row, width4, mask, v] = [7, 8, 9, 10, 11, 12, 13];
	const times4 = (local: number) => [...get(local), op.i32Const, ...sleb(4), op.i32Mul];
	const at = (base: number, index: number) => [...get(base), ...times4(index), op.i32Add];
	const i32Store = [op.i32Store, 0x02, 0x00];
	const lane = (l: number) => [
		// idx[count] = c + l; val[count] = lane l's bits; count += bit l of mask
		...at(idx, count), ...get(c), ...(l === 0 ? [] : [op.i32Const, ...sleb(l), op.i32Add]), ...i32Store,
		...at(val, count), ...get(v), ...simd.store32Lane, ...memarg, l,
		...get(count), ...get(mask), ...(l === 0 ? [] : [op.i32Const, ...sleb(l), op.i32ShrU]), op.i32Const, ...sleb(1), op.i32And, op.i32Add, ...set(count),
	];
	const code = [
		...get(width), op.i32Const, ...sleb(-4), op.i32And, ...set(width4),
		...countedLoop(r, get(k), [
			...at(starts, r), ...get(count), ...i32Store,
			...get(x), ...get(r), ...get(rowBytes), op.i32Mul, op.i32Add, ...set(row),
			op.i32Const, ...sleb(0), ...set(c),
			...countedLoop(c, get(width4), [
				...at(row, c), ...simd.load, ...memarg, ...set(v),
				...get(v), ...simd.zero, ...simd.f32x4Ne, ...simd.i32x4Bitmask, ...set(mask),
				...get(mask), op.if, op.void, ...lane(0), ...lane(1), ...lane(2), ...lane(3), op.end,
			], [...get(c), op.i32Const, ...sleb(4), op.i32Add, ...set(c)]),
			// c = width4: the columns left, one by one; the bits copied as an int32 (NaN payloads come through)
			...countedLoop(c, get(width), [
				...at(row, c), op.f32Load, 0x02, 0x00, op.f32Const, 0, 0, 0, 0, op.f32Ne, op.if, op.void,
				...at(idx, count), ...get(c), ...i32Store,
				...at(val, count), ...at(row, c), op.i32Load, 0x02, 0x00, ...i32Store,
				...get(count), op.i32Const, ...sleb(1), op.i32Add, ...set(count),
				op.end,
			], [...get(c), op.i32Const, ...sleb(1), op.i32Add, ...set(c)]),
		], [...get(r), op.i32Const, ...sleb(1), op.i32Add, ...set(r)]),
		...at(starts, k), ...get(count), ...i32Store,
		...get(count),
		op.end,
	];
	return [...vector([uleb(6).concat(i32), uleb(1).concat(v128)]), ...code];
}

/** The module's bytes: imports env.memory, exports each kernel of WasmKernels. */
export function wasmKernelsModule(): Uint8Array {
	const adamType = [0x60, ...vector([[i32], [i32], [i32], [i32], [i32], [f32], [f32], [f32], [f32]]), 0x00];
	const transposeType = [0x60, ...vector([[i32], [i32], [i32], [i32]]), 0x00];
	const addAdamType = [0x60, ...vector([[i32], [i32], [i32], [i32], [i32], [i32], [f32], [f32], [f32], [f32]]), 0x00];
	const adam = adamBody({p: 0, g: 1, m: 2, v: 3, bytes: 4, alpha: 5, locals: 9});
	const addAdam = adamBody({p: 0, g: 1, first: 2, m: 3, v: 4, bytes: 5, alpha: 6, locals: 10});
	const divideType = [0x60, ...vector([[i32], [i32], [f32]]), 0x00];
	const threePointers = [0x60, ...vector([[i32], [i32], [i32]]), 0x00];
	const gateType = [0x60, ...vector([[i32], [i32], [i32], [i32]]), 0x00];
	const sparseRowsType = [0x60, ...vector(Array.from({length: 12}, () => [i32])), 0x00];
	const listEntriesType = [0x60, ...vector(Array.from({length: 7}, () => [i32])), ...vector([[i32]])];
	// Type index, name and body of each function, in export order.
	const functions: Array<[type: number, name: string, body: number[]]> = [
		[0, 'adam', adam],
		[1, 'transpose', transposeBody()],
		[2, 'addAdam', addAdam],
		[3, 'divide', divideBody()],
		[4, 'multiply', multiplyBody()],
		[5, 'gate', gateBody(true)],
		[4, 'gatePlain', gateBody(false)],
		[6, 'dropoutMask', dropoutBody()],
		[7, 'sparseRows', sparseRowsBody()],
		[8, 'listEntries', listEntriesBody()],
	];
	return new Uint8Array([
		...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
		...section(1, vector([adamType, transposeType, addAdamType, divideType, threePointers, gateType, dropoutType, sparseRowsType, listEntriesType])),
		// Memory import with minimum 0 and no maximum: matches whatever memory tfjs-wasm created.
		...section(2, vector([[...utf8('env'), ...utf8('memory'), 0x02, 0x00, 0x00]])),
		...section(3, vector(functions.map(([type]) => [type]))),
		...section(7, vector(functions.map(([, name], index) => [...utf8(name), 0x00, index]))),
		...section(10, vector(functions.map(([, , body]) => [...uleb(body.length), ...body]))),
	]);
}

/** The project's TypeScript libs carry no WebAssembly types (they live in lib.dom); the little used here. */
export interface WasmMemory {
	readonly buffer: ArrayBufferLike;
}

interface WebAssemblyApi {
	Module: new (bytes: Uint8Array) => object;
	Instance: new (module: object, imports: object) => {exports: unknown};
	Memory: abstract new (...args: never[]) => WasmMemory;
}

export const webAssembly = (globalThis as unknown as {WebAssembly: WebAssemblyApi}).WebAssembly;

const instantiate = (bytes: Uint8Array, imports: object) => new webAssembly.Instance(new webAssembly.Module(bytes), imports).exports;

/** Instantiates the kernels over `memory` (synchronously: the modules are a few kilobytes). */
export function createWasmKernels(memory: WasmMemory): WasmKernels {
	const exports = instantiate(wasmKernelsModule(), {env: {memory}}) as Omit<WasmKernels, 'matMul'>;
	return {...exports, matMul: createWasmMatMul(memory, instantiate)};
}
