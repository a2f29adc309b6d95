/**
 * The training step's matrix products as hand-assembled WebAssembly SIMD (out = act(a · b + bias), all row-major),
 * ~20 % faster than tfjs-wasm's XNNPACK on a step's shapes and giving its very floats: each output is the sum
 * bias + a₀·b₀ + a₁·b₁ + … in the inner dimension's order, one f32x4.mul and f32x4.add per term, as XNNPACK's wasm
 * kernels compute it — so a seed gives the bits it gave on XNNPACK (test/engine/wasm-matmul.test.ts).
 *
 * Tiles of 6 rows × 8 columns (twelve accumulators, two vectors of b, one splat of a: x64 has 16 vector registers)
 * read b straight from its rows (no packing: a step's b changes every step); the rows and columns left over go to
 * 1-row and to 4-, 3-, 2- and 1-column variants of the same loop, so any shape is exact.
 */
import {countedLoop, get, i32, memarg, op, section, set, simd, sleb, uleb, utf8, v128, vector} from './wasm-assembly.js';
import type {WasmMemory} from './wasm-kernels.js';

/**
 * A kernel's tile: rows of a per pass, and columns of b (8: two vectors; 4: one; 3, 2 or 1: the first lanes of one,
 * read and written lane by lane, so nothing past the product's last column is touched).
 */
interface Tile {
	rows: number;
	cols: TileCols;
}

type TileCols = 8 | 4 | 3 | 2 | 1;
const tileCols: readonly TileCols[] = [8, 4, 3, 2, 1];

/** Rows of a per pass: 6 measured ~3 % faster than 4, 5 or 3 on a step's shapes (twelve accumulators, no spill). */
const tileRows = 6;
const tiles: Tile[] = [tileRows, 1].flatMap(rows => tileCols.map(cols => ({rows, cols})));
const name = (tile: Tile) => `gemm${tile.rows}x${tile.cols}`;

/** The kernels' parameters (all i32), in order. */
const parameters = ['a', 'b', 'out', 'bias', 'rows', 'inner', 'cols', 'lda', 'ldb', 'ldo', 'relu', 'accumulate'] as const;

/**
 * (a b out bias rows inner cols lda ldb ldo relu accumulate: i32), pointers in bytes, lda, ldb and ldo the row strides
 * of a, b and out in bytes, bias 0 for none; rows and cols multiples of the tile's. `accumulate` 1: the sums start from
 * out's values (the product of the inner dimension's earlier columns, stored as floats: exact) instead of the bias.
 * Locals: i j k pb and a pointer per tile row (i32); the accumulators, b's vectors, a's splat and zero (v128).
 */
function gemmBody(tile: Tile): number[] {
	const [a, b, out, bias, rows, inner, cols, lda, ldb, ldo, relu, accumulate] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;
	const first = parameters.length;
	let next = first;
	const [i, j, k, pb] = [next++, next++, next++, next++];
	const pa = Array.from({length: tile.rows}, () => next++);
	const i32Locals = next - first;
	const vectors = tile.cols === 8 ? 2 : 1;
	const acc = Array.from({length: tile.rows * vectors}, () => next++);
	const bv = Array.from({length: vectors}, () => next++);
	const [av, zero] = [next++, next++];
	const v128Locals = next - first - i32Locals;
	const i32Const = (value: number) => [op.i32Const, ...sleb(value)];
	const add = 0x6a;
	const mul = 0x6c;
	// A vector of b's (or the bias's, or out's) columns at address + offset bytes: a whole vector; or the last 1–3
	// columns lane by lane (lanes past them zero, or for one column the same float in every lane), reading no float
	// past the row's last column. Each lane is its own sum, so the lanes read as zeros change no column's floats.
	const loadColumns = (address: number[], offset: number): number[] => {
		if (tile.cols >= 4) return [...address, ...simd.load, 0x04, ...uleb(offset)];
		if (tile.cols === 1) return [...address, ...simd.load32Splat, 0x02, ...uleb(offset)];
		const pair = [...address, ...simd.load64Zero, 0x02, ...uleb(offset)];
		return tile.cols === 2 ? pair : [...address, ...pair, ...simd.load32Lane, 0x02, ...uleb(offset + 8), 2];
	};
	// The vector in `local` to out at address + offset bytes: whole, or its first 1–3 lanes (the columns left).
	const storeColumns = (address: number[], local: number, offset: number): number[] => {
		if (tile.cols >= 4) return [...address, ...get(local), ...simd.store, 0x04, ...uleb(offset)];
		if (tile.cols === 1) return [...address, ...get(local), ...simd.store32Lane, 0x02, ...uleb(offset), 0];
		const pair = [...address, ...get(local), ...simd.store64Lane, 0x02, ...uleb(offset), 0];
		return tile.cols === 2 ? pair : [...pair, ...address, ...get(local), ...simd.store32Lane, 0x02, ...uleb(offset + 8), 2];
	};
	const loop = (counter: number, limit: number, body: number[], step: number[]) => countedLoop(counter, get(limit), body, step);
	const accumulator = (row: number, vector: number) => acc[row * vectors + vector]!;
	// out + (i + r)·ldo + j·4: the tile's row r in out.
	const outRow = (r: number) => [...get(out), ...get(i), ...i32Const(r), add, ...get(ldo), mul, add, ...get(j), ...i32Const(4), mul, add];
	const initialize = [
		...get(accumulate), op.if, op.void,
		// acc = out[i + r][j …]: a product continued over more of the inner dimension
		...Array.from({length: tile.rows}, (_, r) => bv.flatMap((_vector, h) => [...loadColumns(outRow(r), 16 * h), ...set(accumulator(r, h))])).flat(),
		op.else,
		...get(bias), op.if, op.void,
		// acc = bias[j …] (the sum starts from the bias, as XNNPACK's does)
		...Array.from({length: vectors}, (_, h) => [...loadColumns([...get(bias), ...get(j), ...i32Const(4), mul, add], 16 * h), ...set(bv[h]!)]).flat(),
		op.else,
		...bv.flatMap(vector => [...get(zero), ...set(vector)]),
		op.end,
		...Array.from({length: tile.rows}, (_, r) => bv.flatMap((vector, h) => [...get(vector), ...set(accumulator(r, h))])).flat(),
		op.end,
		// pa[r] = a + (i + r)·lda; pb = b + j·4; k = 0
		...pa.flatMap((pointer, r) => [...get(a), ...get(i), ...i32Const(r), add, ...get(lda), mul, add, ...set(pointer)]),
		...get(b), ...get(j), ...i32Const(4), mul, add, ...set(pb),
		...i32Const(0), ...set(k),
	];
	// acc += splat(a[r][k]) · b[k][j …], row by row; then the next k.
	const term = [
		...bv.flatMap((vector, h) => [...loadColumns(get(pb), 16 * h), ...set(vector)]),
		...pa.flatMap((pointer, r) => [
			...get(pointer), ...simd.load32Splat, 0x02, 0x00, ...set(av),
			...bv.flatMap((vector, h) => [
				...get(accumulator(r, h)), ...get(av), ...get(vector), ...simd.f32x4Mul, ...simd.f32x4Add, ...set(accumulator(r, h)),
			]),
			...get(pointer), ...i32Const(4), add, ...set(pointer),
		]),
		...get(pb), ...get(ldb), add, ...set(pb),
	];
	// relu as XNNPACK's: a signed integer max with 0, so every float with its sign bit set becomes +0.
	const activate = [
		...get(relu), op.if, op.void,
		...acc.flatMap(value => [...get(value), ...get(zero), ...simd.i32x4MaxS, ...set(value)]),
		op.end,
	];
	const store = Array.from({length: tile.rows}, (_, r) => bv.flatMap((_vector, h) => storeColumns(outRow(r), accumulator(r, h), 16 * h))).flat();
	const code = [
		...loop(i, rows, [
			...i32Const(0), ...set(j),
			...loop(j, cols, [...initialize, ...loop(k, inner, term, [...get(k), ...i32Const(1), add, ...set(k)]), ...activate, ...store],
				[...get(j), ...i32Const(tile.cols), add, ...set(j)]),
		], [...get(i), ...i32Const(tile.rows), add, ...set(i)]),
		op.end,
	];
	return [...vector([[...uleb(i32Locals), i32], [...uleb(v128Locals), v128]]), ...code];
}

/** The module's bytes: imports env.memory, exports one gemm per tile. */
export function wasmMatMulModule(): Uint8Array {
	const type = [0x60, ...vector(parameters.map(() => [i32])), 0x00];
	return new Uint8Array([
		...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
		...section(1, vector([type])),
		...section(2, vector([[...utf8('env'), ...utf8('memory'), 0x02, 0x00, 0x00]])),
		...section(3, vector(tiles.map(() => [0]))),
		...section(7, vector(tiles.map((tile, index) => [...utf8(name(tile)), 0x00, index]))),
		...section(10, vector(tiles.map(tile => {
			const body = gemmBody(tile);
			return [...uleb(body.length), ...body];
		}))),
	]);
}

type Gemm = (a: number, b: number, out: number, bias: number, rows: number, inner: number, cols: number, lda: number, ldb: number, ldo: number, relu: number, accumulate: number) => void;

/** How a product's operands sit in wider matrices, and where its sums start. */
export interface MatMulLayout {
	/** Floats from one row of b and of out to the next (default cols): they are columns of wider matrices. */
	stride?: number;
	/** Floats from one row of a to the next (default inner): a's inner dimension is columns of a wider matrix. */
	lda?: number;
	/**
	 * The sums start from out's values rather than the bias: a product over the inner dimension cut into runs, each run
	 * continuing the last one's sums, gives the whole product's bits (each term added in the same order).
	 */
	accumulate?: boolean;
}

/**
 * out (rows × cols) = act(a (rows × inner) · b (inner × cols) + bias), byte pointers into the memory; bias 0 for none.
 */
export type WasmMatMul = (out: number, a: number, b: number, bias: number, rows: number, inner: number, cols: number, relu: boolean, layout?: MatMulLayout) => void;

/** Instantiates the kernels over `memory` and returns the product that cuts a shape into their tiles. */
export function createWasmMatMul(memory: WasmMemory, instantiate: (bytes: Uint8Array, imports: object) => unknown): WasmMatMul {
	const exports = instantiate(wasmMatMulModule(), {env: {memory}}) as Record<string, Gemm>;
	// Resolved once, in `tiles`' order (6 rows: 8, 4, 3, 2, 1 columns; then 1 row): no export looked up by name
	// per call.
	const byTile = tiles.map(tile => exports[name(tile)]!);
	const gemm = (rows: number, cols: number) => byTile[(rows === tileRows ? 0 : tileCols.length) + tileCols.indexOf(cols as TileCols)]!;
	return (out, a, b, bias, rows, inner, cols, relu, layout = {}) => {
		const stride = layout.stride ?? cols;
		const ldb = stride * 4;
		const lda = (layout.lda ?? inner) * 4;
		const flag = relu ? 1 : 0;
		const accumulate = layout.accumulate ? 1 : 0;
		const wholeRows = rows - (rows % tileRows);
		const wide = cols & ~7;
		const four = cols - wide >= 4 ? 4 : 0;
		const left = cols - wide - four;
		// Column blocks: [0, wide) by 8, then 4, then the last 1–3 in one pass (a pass over a costs about as much for
		// 1 column as for 4, so they do not take one each).
		const blocks: Array<[from: number, count: number, tile: number]> = [[0, wide, 8], [wide, four, 4], [wide + four, left, left]];
		for (const [firstRow, count, passRows] of [[0, wholeRows, tileRows], [wholeRows, rows - wholeRows, 1]] as const) {
			if (count === 0) continue;
			for (const [from, width, tileCols] of blocks) {
				if (width === 0) continue;
				gemm(passRows, tileCols)(a + firstRow * lda, b + from * 4, out + (firstRow * stride + from) * 4, bias === 0 ? 0 : bias + from * 4, count, inner, width, lda, ldb, ldb, flag, accumulate);
			}
		}
	};
}
