/** Two kernels tfjs-wasm lacks (a fused SIMD Adam step, a fast transpose), hand-assembled into a WebAssembly module. */
// The module imports tfjs-wasm's own memory, so it works on tensors in place. Adam is one pass instead of twelve
// kernels, with f32x4.sqrt instead of tfjs's scalar libm sqrt; the transpose is ~10× faster than tfjs-wasm's on the
// 256×513 weight matrix (see transposeBody). Each instruction group below carries its meaning in a comment.

/** The module's exports; every pointer is a byte offset into the shared memory. */
export interface WasmKernels {
	/**
	 * Keras's Adam on the `bytes / 4` floats at p, g, m, v (bytes a multiple of 16):
	 * m += (g − m)·c1; v += (g² − v)·c2; p −= (m·alpha)/(√v + epsilon), in float32 like tfjs's kernels.
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
	/** destination[i] += source[i] for the `bytes / 4` floats (bytes a multiple of 16): summing two threads' gradients. */
	add(destination: number, source: number, bytes: number): void;
	/**
	 * adam from one state into another: reads p, m, v and writes pOut, mOut, vOut (the same instructions as adam, so
	 * the same floats). A team's threads step the shared state this way and keep the state they read intact.
	 */
	adamTo(
		p: number,
		g: number,
		m: number,
		v: number,
		pOut: number,
		mOut: number,
		vOut: number,
		bytes: number,
		alpha: number,
		c1: number,
		c2: number,
		epsilon: number,
	): void;
}

const i32 = 0x7f;
const f32 = 0x7d;
const v128 = 0x7b;

const op = {
	block: 0x02,
	loop: 0x03,
	br: 0x0c,
	brIf: 0x0d,
	end: 0x0b,
	localGet: 0x20,
	localSet: 0x21,
	i32Load: 0x28,
	i32Store: 0x36,
	i32Const: 0x41,
	i32GeU: 0x4f,
	i32Add: 0x6a,
	i32Mul: 0x6c,
	void: 0x40,
} as const;

// SIMD instructions: the 0xfd prefix, then the opcode as unsigned LEB128.
const simd = {
	load: [0xfd, 0x00],
	store: [0xfd, 0x0b],
	f32x4Splat: [0xfd, 0x13],
	f32x4Sqrt: [0xfd, 0xe3, 0x01],
	f32x4Add: [0xfd, 0xe4, 0x01],
	f32x4Sub: [0xfd, 0xe5, 0x01],
	f32x4Mul: [0xfd, 0xe6, 0x01],
	f32x4Div: [0xfd, 0xe7, 0x01],
} as const;

function uleb(value: number): number[] {
	const bytes: number[] = [];
	let rest = value >>> 0;
	do {
		const byte = rest & 0x7f;
		rest >>>= 7;
		bytes.push(rest === 0 ? byte : byte | 0x80);
	} while (rest !== 0);
	return bytes;
}

function sleb(value: number): number[] {
	const bytes: number[] = [];
	let rest = value | 0;
	for (;;) {
		const byte = rest & 0x7f;
		rest >>= 7;
		const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
		bytes.push(done ? byte : byte | 0x80);
		if (done) {
			return bytes;
		}
	}
}

const vector = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const utf8 = (text: string): number[] => vector([...new TextEncoder().encode(text)].map(byte => [byte]));
const section = (id: number, content: number[]): number[] => [id, ...uleb(content.length), ...content];
const get = (local: number): number[] => [op.localGet, local];
const set = (local: number): number[] => [op.localSet, local];
// memarg: alignment hint 0 (valid for any address) and offset 0.
const memarg = [0x00, 0x00];

/** Where adamBody finds its operands: parameter and local indices. */
interface AdamOperands {
	p: number;
	g: number;
	m: number;
	v: number;
	/** Where the new p, m and v go: the same as p, m, v for the in-place step. */
	pOut: number;
	mOut: number;
	vOut: number;
	bytes: number;
	/** alpha, c1, c2, epsilon follow in this order. */
	alpha: number;
	/** The first of the function's locals. */
	locals: number;
}

/**
 * Adam over `bytes`: (p g m v [pOut mOut vOut] bytes: i32) (alpha c1 c2 eps: f32); locals i: i32; alpha4 c14 c24
 * eps4 gv mv vv: v128. In place (adam) or from one state into another (adamTo): the same instructions in the same
 * order either way, so both give the same floats.
 */
function adamBody(at: AdamOperands): number[] {
	const {p, g, m, v, pOut, mOut, vOut, bytes, alpha} = at;
	const [i, alpha4, c14, c24, epsilon4, gv, mv, vv] = Array.from({length: 8}, (_, k) => at.locals + k) as [number, number, number, number, number, number, number, number];
	const address = (base: number): number[] => [...get(base), ...get(i), op.i32Add];
	const code = [
		...[0, 1, 2, 3].flatMap(k => [...get(alpha + k), ...simd.f32x4Splat, ...set(alpha4 + k)]),
		op.block, op.void,
		op.loop, op.void,
		// if (i >= bytes) break;
		...get(i), ...get(bytes), op.i32GeU, op.brIf, 1,
		// gv = g[i]
		...address(g), ...simd.load, ...memarg, ...set(gv),
		// mOut[i] = mv = m[i] + (gv − m[i])·c1
		...address(m), ...simd.load, ...memarg, ...set(mv),
		...get(mv), ...get(gv), ...get(mv), ...simd.f32x4Sub, ...get(c14), ...simd.f32x4Mul, ...simd.f32x4Add, ...set(mv),
		...address(mOut), ...get(mv), ...simd.store, ...memarg,
		// vOut[i] = vv = v[i] + (gv·gv − v[i])·c2
		...address(v), ...simd.load, ...memarg, ...set(vv),
		...get(vv), ...get(gv), ...get(gv), ...simd.f32x4Mul, ...get(vv), ...simd.f32x4Sub, ...get(c24), ...simd.f32x4Mul,
		...simd.f32x4Add, ...set(vv),
		...address(vOut), ...get(vv), ...simd.store, ...memarg,
		// pOut[i] = p[i] − (mv·alpha)/(√vv + eps)
		...address(pOut),
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
	return [...vector([uleb(1).concat(i32), uleb(7).concat(v128)]), ...code];
}

/**
 * (src dst rows cols: i32); locals c r from to stride: i32. Writes dst row by row and reads src down its columns:
 * the read stride (cols·4 bytes) is rarely a power of two, the write stride (rows·4) often is, and a power-of-two
 * stride maps every access to the same few L1 sets (which is what makes tfjs's transpose slow here).
 */
function transposeBody(): number[] {
	const [source, destination, rows, cols] = [0, 1, 2, 3];
	const [c, r, from, to, stride] = [4, 5, 6, 7, 8];
	const code = [
		...get(cols), op.i32Const, ...sleb(4), op.i32Mul, ...set(stride),
		...get(destination), ...set(to),
		op.block, op.void,
		op.loop, op.void,
		...get(c), ...get(cols), op.i32GeU, op.brIf, 1,
		// from = src + c·4; r = 0
		...get(source), ...get(c), op.i32Const, ...sleb(4), op.i32Mul, op.i32Add, ...set(from),
		op.i32Const, ...sleb(0), ...set(r),
		op.block, op.void,
		op.loop, op.void,
		...get(r), ...get(rows), op.i32GeU, op.brIf, 1,
		// *to = *from (a bit copy)
		...get(to), ...get(from), op.i32Load, 0x02, 0x00, op.i32Store, 0x02, 0x00,
		...get(from), ...get(stride), op.i32Add, ...set(from),
		...get(to), op.i32Const, ...sleb(4), op.i32Add, ...set(to),
		...get(r), op.i32Const, ...sleb(1), op.i32Add, ...set(r),
		op.br, 0,
		op.end,
		op.end,
		...get(c), op.i32Const, ...sleb(1), op.i32Add, ...set(c),
		op.br, 0,
		op.end,
		op.end,
		op.end,
	];
	return [...vector([uleb(5).concat(i32)]), ...code];
}

/** (dst src bytes: i32); local i: i32. dst[i] += src[i], four floats at a time. */
function addBody(): number[] {
	const [destination, source, bytes, i] = [0, 1, 2, 3];
	const address = (base: number): number[] => [...get(base), ...get(i), op.i32Add];
	const code = [
		op.block, op.void,
		op.loop, op.void,
		...get(i), ...get(bytes), op.i32GeU, op.brIf, 1,
		// dst[i] = dst[i] + src[i]
		...address(destination),
		...address(destination), ...simd.load, ...memarg,
		...address(source), ...simd.load, ...memarg,
		...simd.f32x4Add,
		...simd.store, ...memarg,
		...get(i), op.i32Const, ...sleb(16), op.i32Add, ...set(i),
		op.br, 0,
		op.end,
		op.end,
		op.end,
	];
	return [...vector([uleb(1).concat(i32)]), ...code];
}

/**
 * The module's bytes: imports env.memory, exports adam, transpose, add and adamTo. `shared`: the memory it imports is
 * a shared one (a team's, engine/team-memory.ts) rather than tfjs-wasm's own.
 */
export function wasmKernelsModule(shared = false): Uint8Array {
	const adamType = [0x60, ...vector([[i32], [i32], [i32], [i32], [i32], [f32], [f32], [f32], [f32]]), 0x00];
	const transposeType = [0x60, ...vector([[i32], [i32], [i32], [i32]]), 0x00];
	const addType = [0x60, ...vector([[i32], [i32], [i32]]), 0x00];
	const adamToType = [0x60, ...vector([[i32], [i32], [i32], [i32], [i32], [i32], [i32], [i32], [f32], [f32], [f32], [f32]]), 0x00];
	const inPlace = {p: 0, g: 1, m: 2, v: 3, pOut: 0, mOut: 2, vOut: 3, bytes: 4, alpha: 5, locals: 9};
	const into = {p: 0, g: 1, m: 2, v: 3, pOut: 4, mOut: 5, vOut: 6, bytes: 7, alpha: 8, locals: 12};
	const bodies = [adamBody(inPlace), transposeBody(), addBody(), adamBody(into)].map(body => [...uleb(body.length), ...body]);
	// Memory import with minimum 0 and no maximum: matches whatever memory tfjs-wasm created. A shared memory must
	// declare a maximum: the largest there is (65,536 pages, 4 GB), which any shared memory's own maximum fits.
	const memory = shared ? [0x03, 0x00, ...uleb(65_536)] : [0x00, 0x00];
	return new Uint8Array([
		...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
		...section(1, vector([adamType, transposeType, addType, adamToType])),
		...section(2, vector([[...utf8('env'), ...utf8('memory'), 0x02, ...memory]])),
		...section(3, vector([[0], [1], [2], [3]])),
		...section(7, vector([
			[...utf8('adam'), 0x00, 0],
			[...utf8('transpose'), 0x00, 1],
			[...utf8('add'), 0x00, 2],
			[...utf8('adamTo'), 0x00, 3],
		])),
		...section(10, vector(bodies)),
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

/** Instantiates the kernels over `memory` (synchronously: the module is a few hundred bytes); `shared` as above. */
export function createWasmKernels(memory: WasmMemory, shared = false): WasmKernels {
	const module = new webAssembly.Module(wasmKernelsModule(shared));
	const instance = new webAssembly.Instance(module, {env: {memory}});
	return instance.exports as WasmKernels;
}
