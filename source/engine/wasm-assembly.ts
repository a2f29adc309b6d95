/**
 * The little WebAssembly assembler the project's kernels are written with (wasm-kernels.ts, wasm-matmul.ts): value
 * types, the opcodes used, LEB128 numbers, vectors and sections.
 */
export const i32 = 0x7f;
export const f32 = 0x7d;
export const v128 = 0x7b;

export const op = {
	block: 0x02,
	loop: 0x03,
	if: 0x04,
	else: 0x05,
	br: 0x0c,
	brIf: 0x0d,
	end: 0x0b,
	localGet: 0x20,
	localSet: 0x21,
	i32Load: 0x28,
	f32Load: 0x2a,
	i32Store: 0x36,
	i32Const: 0x41,
	/** f32.const, then the float's 4 bytes, little-endian. */
	f32Const: 0x43,
	i32GeU: 0x4f,
	i32Add: 0x6a,
	i32Sub: 0x6b,
	i32Mul: 0x6c,
	i32And: 0x71,
	i32Or: 0x72,
	i32Xor: 0x73,
	i32ShrU: 0x76,
	i32LtU: 0x49,
	i32GtS: 0x4a,
	f32Store: 0x38,
	f32Ne: 0x5c,
	/** select: the first operand if the third (an i32) is non-zero, else the second. */
	select: 0x1b,
	void: 0x40,
} as const;

// SIMD instructions: the 0xfd prefix, then the opcode as unsigned LEB128.
export const simd = {
	load: [0xfd, 0x00],
	store: [0xfd, 0x0b],
	f32x4Splat: [0xfd, 0x13],
	/** v128.load32_splat: one float from memory into all four lanes. */
	load32Splat: [0xfd, 0x09],
	/** v128.store32_lane: lane (the byte after the memarg) to memory. */
	store32Lane: [0xfd, 0x5a],
	/** v128.store64_lane: lane (the byte after the memarg; 0 = floats 0 and 1) to memory. */
	store64Lane: [0xfd, 0x5b],
	/** v128.load32_lane: one float from memory into lane (the byte after the memarg) of the vector on the stack. */
	load32Lane: [0xfd, 0x56],
	/** v128.load64_zero: two floats from memory into lanes 0 and 1, zeros in 2 and 3. */
	load64Zero: [0xfd, 0x5d],
	i32x4MaxS: [0xfd, 0xb8, 0x01],
	f32x4Sqrt: [0xfd, 0xe3, 0x01],
	f32x4Add: [0xfd, 0xe4, 0x01],
	f32x4Sub: [0xfd, 0xe5, 0x01],
	f32x4Mul: [0xfd, 0xe6, 0x01],
	f32x4Div: [0xfd, 0xe7, 0x01],
	f32x4Ne: [0xfd, 0x42],
	f32x4Lt: [0xfd, 0x43],
	f32x4Gt: [0xfd, 0x44],
	f32x4Abs: [0xfd, 0xe0, 0x01],
	v128And: [0xfd, 0x4e],
	/** v128.andnot a b: a & ~b. */
	v128AndNot: [0xfd, 0x4f],
	/** v128.const with its 16 bytes: all zero. */
	zero: [0xfd, 0x0c, ...Array.from({length: 16}, () => 0)],
	/** v128.const: then its 16 bytes. */
	v128Const: [0xfd, 0x0c],
	/** i8x16.shuffle: then 16 lane indices into the two operands' 32 bytes. */
	shuffle: [0xfd, 0x0d],
	i32x4Splat: [0xfd, 0x11],
	i32x4GtS: [0xfd, 0x3b],
	/** i32x4.bitmask: each lane's top bit, lane 0 in bit 0. */
	i32x4Bitmask: [0xfd, 0xa4, 0x01],
	v128Or: [0xfd, 0x50],
	v128Xor: [0xfd, 0x51],
	i32x4ShrU: [0xfd, 0xad, 0x01],
	i32x4Add: [0xfd, 0xae, 0x01],
	i32x4Mul: [0xfd, 0xb5, 0x01],
} as const;

export function uleb(value: number): number[] {
	const bytes: number[] = [];
	let rest = value >>> 0;
	do {
		const byte = rest & 0x7f;
		rest >>>= 7;
		bytes.push(rest === 0 ? byte : byte | 0x80);
	} while (rest !== 0);
	return bytes;
}

export function sleb(value: number): number[] {
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

export const vector = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
export const utf8 = (text: string): number[] => vector([...new TextEncoder().encode(text)].map(byte => [byte]));
export const section = (id: number, content: number[]): number[] => [id, ...uleb(content.length), ...content];
export const get = (local: number): number[] => [op.localGet, local];
export const set = (local: number): number[] => [op.localSet, local];

/**
 * `for (; counter < limit; step) body` (unsigned): a block around a loop that leaves once the i32 local `counter` is at
 * least the value `limit` pushes, else runs `body`, then `step`, and goes round again.
 */
export function countedLoop(counter: number, limit: number[], body: number[], step: number[]): number[] {
	return [op.block, op.void, op.loop, op.void, ...get(counter), ...limit, op.i32GeU, op.brIf, 1, ...body, ...step, op.br, 0, op.end, op.end];
}
// memarg: alignment hint 0 (valid for any address) and offset 0.
export const memarg = [0x00, 0x00];
