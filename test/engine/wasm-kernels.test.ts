// The hand-assembled WebAssembly kernels: a valid module, a transpose equal to tf.transpose on awkward shapes, an
// Adam step on the sum of two gradient blocks equal, float for float, to adding them and then stepping, and the
// step's elementwise passes equal, bit for bit, to the JS loops they replace.
import * as tf from '@tensorflow/tfjs-core';
import {beforeAll, describe, expect, it} from 'vitest';
import {initBackend} from '../../source/engine/backend.js';
import {wasmHeap} from '../../source/engine/wasm-heap.js';
import {flushTiny} from '../../source/engine/adam.js';
import {wasmKernelsModule, webAssembly} from '../../source/engine/wasm-kernels.js';

beforeAll(async () => {
	await initBackend('wasm');
});

describe('wasm kernels', () => {
	it('assemble into a module WebAssembly accepts', () => {
		// Compiling is the validation: it throws a CompileError on any malformed byte.
		expect(() => new webAssembly.Module(wasmKernelsModule())).not.toThrow();
	});

	it.each([
		[1, 1],
		[3, 7],
		[10, 257],
		[256, 513],
		[785, 512],
		// Every remainder of the 4 × 4 blocks: rows and columns 0–3 over a multiple of 4, and fewer than 4 of either.
		[4, 4],
		[8, 12],
		[5, 6],
		[6, 7],
		[7, 9],
		[2, 9],
		[9, 3],
		[13, 17],
		[129, 10],
	])('transpose %i×%i matches tf.transpose exactly, and writes nothing past its output', (rows, cols) => {
		const heap = wasmHeap()!;
		const source = tf.randomNormal([rows, cols], 0, 1, 'float32', rows * cols);
		// The output, then 8 guard floats: a block that ran past the last row or column would write into them.
		const destination = tf.fill([cols * rows + 8], -7);
		heap.kernels.transpose(heap.byteOffset(source), heap.byteOffset(destination), rows, cols);
		const expected = tf.transpose(source);
		const actual = heap.view(destination);
		const wanted = expected.dataSync();
		expect(actual.subarray(0, wanted.length).filter((value, i) => value !== wanted[i]).length).toBe(0);
		expect([...actual.subarray(wanted.length)]).toEqual(new Array(8).fill(-7));
		tf.dispose([source, destination, expected]);
	});

	it('transpose moves bits: NaN payloads and −0 come through', () => {
		const heap = wasmHeap()!;
		const [rows, cols] = [6, 5];
		const source = tf.zeros([rows, cols]);
		const destination = tf.zeros([cols, rows]);
		const bits = new Uint32Array(heap.view(source).buffer, heap.byteOffset(source), rows * cols);
		for (let i = 0; i < rows * cols; i++) bits[i] = i % 3 === 0 ? 0x7f_c0_00_00 + i : i % 3 === 1 ? 0x80_00_00_00 : 0x3f_80_00_00 + i;
		heap.kernels.transpose(heap.byteOffset(source), heap.byteOffset(destination), rows, cols);
		const out = new Uint32Array(heap.view(destination).buffer, heap.byteOffset(destination), rows * cols);
		for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) expect(out[c * rows + r]).toBe(bits[r * cols + c]);
		tf.dispose([source, destination]);
	});

	it('addAdam steps with g + first, the floats of adding them (f32 addition) and then adam, and leaves what follows untouched', () => {
		const heap = wasmHeap()!;
		// p, g, first, m, v: 257 groups of four floats each and four more after them.
		const size = 4 * 257 + 4;
		const blocks = [1, 2, 3, 4, 5].map(seed => tf.randomNormal([1, size], 0, 0.1, 'float32', seed));
		const [p, g, first, m, v] = blocks.map(block => heap.view(block));
		// v ≥ 0, as Adam's second moment always is; exact zeros and a sum that cancels among the gradients.
		for (let i = 0; i < size; i++) v![i] = Math.abs(v![i]!);
		for (let i = 0; i < size; i += 9) g![i] = 0;
		first![5] = -g![5]!;
		const before = blocks.map(block => heap.view(block).slice());
		const [pointer, gPointer, firstPointer, mPointer, vPointer] = blocks.map(block => heap.byteOffset(block));
		heap.kernels.addAdam(pointer!, gPointer!, firstPointer!, mPointer!, vPointer!, 257 * 16, 1e-3, 0.1, 0.001, 1e-7);
		const fused = [0, 3, 4].map(k => heap.view(blocks[k]!).slice());
		// Again from the same state: g += first by hand (float32 addition), then adam.
		for (const [k, block] of blocks.entries()) heap.view(block).set(before[k]!);
		const sum = heap.view(blocks[1]!);
		for (let i = 0; i < 4 * 257; i++) sum[i] = Math.fround(before[1]![i]! + before[2]![i]!);
		heap.kernels.adam(pointer!, gPointer!, mPointer!, vPointer!, 257 * 16, 1e-3, 0.1, 0.001, 1e-7);
		const separate = [0, 3, 4].map(k => heap.view(blocks[k]!).slice());
		const bits = (values: Float32Array) => [...new Uint32Array(values.buffer, values.byteOffset, values.length)];
		for (const [k, values] of fused.entries()) expect(bits(values)).toEqual(bits(separate[k]!));
		// The four floats after the 257 groups: untouched. And the step did move the weights.
		expect([...fused[0]!.subarray(4 * 257)]).toEqual([...before[0]!.subarray(4 * 257)]);
		expect(bits(fused[0]!.subarray(0, 4 * 257))).not.toEqual(bits(before[0]!.subarray(0, 4 * 257)));
		tf.dispose(blocks);
	});

	it('adam stores an m or v below 2⁻⁹⁸ as +0, and the weights keep the bits of the unflushed rule', () => {
		const heap = wasmHeap()!;
		// Where a gradient is 0 step after step, m decays by β1 toward 0, through products that are subnormal long before
		// m is (x86 takes a slow microcode path on every subnormal): m starts just above 2⁻⁹⁸, normal below it, just
		// above 2⁻¹²⁶, subnormal, ±0, NaN, larger; v just above 2⁻⁹⁸ (it crosses it: its √ near 2⁻⁴⁹), tiny, or larger.
		const tiny = 2 ** -98;
		const size = 64;
		const tensors = [1, 2, 3, 4].map(seed => tf.randomNormal([1, size], 0, 0.1, 'float32', seed));
		const [p, g, m, v] = tensors.map(tensor => heap.view(tensor));
		const start = [4e-29, 1e-30, -3e-36, 2e-38, -1.3e-38, 1e-40, -1e-42, 0, -0, Number.NaN, 5e-4];
		for (let i = 0; i < size; i++) {
			m![i] = start[i % start.length]!;
			v![i] = i % 3 === 0 ? 1e-37 : i % 3 === 1 ? 1.05 * tiny : Math.abs(v![i]!) * 1e-6;
			g![i] = 0;
		}

		// The rule in float32 without a flush, as before it (wasm-kernels.ts flushTiny says why p cannot tell).
		const f = Math.fround;
		const [alpha, c1, c2, epsilon] = [f(1e-3), f(0.1), f(0.001), f(1e-7)];
		const plain = {p: p!.slice(), m: m!.slice(), v: v!.slice()};
		const startP = p!.slice();
		const subnormal = (x: number) => x !== 0 && Math.abs(x) < 2 ** -126;
		const tinyNormal = (x: number) => Math.abs(x) >= 2 ** -126 && Math.abs(x) < tiny;
		let sawSubnormal = 0;
		let sawTinyNormal = 0;
		for (let step = 0; step < 400; step++) {
			heap.kernels.adam(heap.byteOffset(tensors[0]!), heap.byteOffset(tensors[1]!), heap.byteOffset(tensors[2]!), heap.byteOffset(tensors[3]!), size * 4, alpha, c1, c2, epsilon);
			for (let i = 0; i < size; i++) {
				plain.m[i] = f(plain.m[i]! + f(f(0 - plain.m[i]!) * c1));
				plain.v[i] = f(plain.v[i]! + f(f(0 - plain.v[i]!) * c2));
				plain.p[i] = f(plain.p[i]! - f(f(plain.m[i]! * alpha) / f(f(Math.sqrt(plain.v[i]!)) + epsilon)));
				if (subnormal(plain.m[i]!) || subnormal(plain.v[i]!)) sawSubnormal++;
				if (tinyNormal(plain.m[i]!) || tinyNormal(plain.v[i]!)) sawTinyNormal++;
				// m and v: the unflushed value, or +0 where that is below 2⁻⁹⁸ (NaN stays NaN).
				expect(Object.is(m![i], flushTiny(plain.m[i]!)) || (Number.isNaN(m![i]!) && Number.isNaN(plain.m[i]!))).toBe(true);
				expect(Object.is(v![i], flushTiny(plain.v[i]!))).toBe(true);
			}

			// The same weights as the unflushed rule's, bit for bit (a NaN m makes its weight NaN either way).
			expect(p!.filter((value, i) => !Object.is(value, plain.p[i]!)).length).toBe(0);
		}

		// Not vacuous: the unflushed rule did keep subnormals and normal values below 2⁻⁹⁸ (which the kernel stored as +0),
		// and the weights did move.
		expect(sawSubnormal).toBeGreaterThan(1000);
		expect(sawTinyNormal).toBeGreaterThan(1000);
		expect(v!.filter(value => Object.is(value, 0)).length).toBeGreaterThan(size / 2);
		expect(p!.filter((value, i) => value !== startP[i]).length).toBeGreaterThan(5);
		tf.dispose(tensors);
	});

	it('divide, multiply, gate and gatePlain give the bits of the JS loops they replace, and leave what follows untouched', () => {
		const heap = wasmHeap()!;
		// 64 groups of four floats and four more after them; awkward values in the first groups.
		const size = 4 * 64 + 4;
		const blocks = [11, 12, 13].map(seed => tf.randomNormal([1, size], 0, 1, 'float32', seed));
		const [g, a, q] = blocks.map(block => heap.view(block));
		const awkward = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, -1e-45, 1e-45, 3.4e38, -3.4e38];
		for (const [i, value] of awkward.entries()) {
			a![i] = value;
			g![i + 8] = value;
			q![i + 16] = value;
		}

		// Activations ≥ 0 with zeros and a mask of kept scale or 0, as a step has them, in the later groups.
		for (let i = 32; i < size; i++) {
			a![i] = i % 3 === 0 ? 0 : Math.abs(a![i]!);
			q![i] = i % 5 === 0 ? 0 : Math.fround(1 / 0.7);
		}

		const before = blocks.map(block => heap.view(block).slice());
		const [gPointer, aPointer, qPointer] = blocks.map(block => heap.byteOffset(block));
		const bits = (values: Float32Array) => [...new Uint32Array(values.buffer, values.byteOffset, values.length)];
		const restore = () => {
			for (const [k, block] of blocks.entries()) heap.view(block).set(before[k]!);
		};

		const expectKernel = (run: () => void, expected: (i: number) => number) => {
			restore();
			run();
			const wanted = Float32Array.from({length: size}, (_, i) => (i < 4 * 64 ? expected(i) : before[0]![i]!));
			expect(bits(heap.view(blocks[0]!))).toEqual(bits(wanted));
			// The inputs other than the output: untouched.
			expect(bits(heap.view(blocks[1]!))).toEqual(bits(before[1]!));
			expect(bits(heap.view(blocks[2]!))).toEqual(bits(before[2]!));
		};

		const [g0, a0, q0] = before as [Float32Array, Float32Array, Float32Array];
		expectKernel(() => heap.kernels.divide(gPointer!, 64 * 16, 255), i => g0[i]! / 255);
		expectKernel(() => heap.kernels.multiply(gPointer!, qPointer!, 64 * 16), i => g0[i]! * q0[i]!);
		expectKernel(() => heap.kernels.gate(gPointer!, aPointer!, qPointer!, 64 * 16), i => (a0[i]! > 0 ? g0[i]! * q0[i]! : 0));
		expectKernel(() => heap.kernels.gatePlain(gPointer!, aPointer!, 64 * 16), i => (a0[i]! > 0 ? g0[i]! : 0));
		// Guard against a vacuous pass: the gate did zero some floats and keep others.
		restore();
		heap.kernels.gate(gPointer!, aPointer!, qPointer!, 64 * 16);
		const gated = heap.view(blocks[0]!).subarray(32, 4 * 64);
		expect(gated.some(value => value === 0) && gated.some(value => value !== 0)).toBe(true);
		tf.dispose(blocks);
	});

	it('is unavailable (null) on another backend, so callers fall back to tfjs ops', async () => {
		await initBackend('cpu');
		try {
			expect(wasmHeap()).toBeNull();
		} finally {
			await initBackend('wasm');
		}
	});
});
