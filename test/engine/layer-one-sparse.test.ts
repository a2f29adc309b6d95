// The first layer's products summed over the pixels each row uses (engine/layer-one-sparse.ts), as the forward pass
// (layer-one-forward.ts, given p1ᵀ) and the weight gradient (layer-one-gradient.ts) take them where that pays, have
// the bits of the whole products relu(p1 · xᵀ) and dz1 · x: on MNIST parts, on a team member's units, on rows from
// the middle of a batch, on a blank row and one lit pixel — and write every output, whatever the buffer held (NaN
// before). Each case also checks the sparse way was the one taken, so a pass cannot come from the other ways.
import {beforeAll, describe, expect, it} from 'vitest';
import {initBackend} from '../../source/engine/backend.js';
import {layerOneForward} from '../../source/engine/layer-one-forward.js';
import {layerOneGradient} from '../../source/engine/layer-one-gradient.js';
import {rowEntries, sparseChunkLayerOne} from '../../source/engine/layer-one-sparse.js';
import {createArena, type Arena, type HeapBuffer} from '../../source/engine/wasm-arena.js';
import {wasmHeap} from '../../source/engine/wasm-heap.js';
import {mnistTrain, type MnistPart} from './mnist-files.js';
import {pixelRows} from './pixel-rows.js';

let arena: Arena;
let train: MnistPart;
const input = 784;
const width = input + 1;

beforeAll(async () => {
	await initBackend('wasm');
	arena = createArena(wasmHeap()!.kernels);
	train = mnistTrain();
});

/** `size` floats of mixed signs, some exact zeros (units a ReLU turned off), from a seed. */
function values(size: number, seed: number, scale: number): HeapBuffer {
	const buffer = arena.alloc(size);
	const heap = arena.f32();
	let state = seed;
	for (let i = 0; i < size; i++) {
		state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
		heap[buffer.at + i] = i % 7 === 0 ? 0 : Math.fround((state / 2 ** 32 - 0.5) * scale);
	}

	return buffer;
}

const bitsOf = (buffer: HeapBuffer, size: number) => new Uint32Array(arena.f32().buffer, buffer.pointer, size).slice();

function differing(a: HeapBuffer, b: HeapBuffer, size: number): number {
	const [want, got] = [bitsOf(a, size), bitsOf(b, size)];
	let differ = 0;
	for (let i = 0; i < size; i++) if (want[i] !== got[i]) differ++;
	return differ;
}

/** Rows [from, from + n) of x through layerOneForward given p1ᵀ, against the whole product; whether it went sparse. */
function forward(x: HeapBuffer, from: number, n: number, units: number, seed: number): {differ: number; sparse: boolean; positive: number} {
	const p1 = values(units * width, seed, 0.1);
	const pT = arena.alloc(units * width);
	const {kernels} = wasmHeap()!;
	kernels.transpose(p1.pointer, pT.pointer, units, width);
	const xT = arena.alloc(width * n);
	kernels.transpose(x.pointer + from * width * 4, xT.pointer, n, width);
	const whole = arena.alloc(units * n);
	arena.matMul(whole, p1, xT, units, width, n, {relu: true});
	const out = arena.alloc(units * n);
	arena.f32().fill(Number.NaN, out.at, out.at + units * n);
	let refreshed = 0;
	const listed = layerOneForward(arena, out, p1, xT, x, from, n, units, input, undefined, {
		fresh: () => true,
		get: () => {
			refreshed++;
			return pT;
		},
	});
	const differ = differing(whole, out, units * n);
	const positive = bitsOf(whole, units * n).filter(value => value !== 0).length;
	arena.free([p1, pT, xT, whole, out]);
	return {differ, sparse: listed !== null && refreshed === 1, positive};
}

/** layerOneGradient over k rows, against the whole product dz1 · x; the way it took. */
function gradient(x: HeapBuffer, k: number, units: number, seed: number): {differ: number; way: string} {
	const dz = values(units * k, seed, 0.02);
	const whole = arena.alloc(units * width);
	arena.matMul(whole, dz, x, units, k, width);
	const out = arena.alloc(units * width);
	arena.f32().fill(Number.NaN, out.at, out.at + units * width);
	const way = layerOneGradient(arena, out, dz, x, units, k, input);
	const differ = differing(whole, out, units * width);
	arena.free([dz, whole, out]);
	return {differ, way};
}

const rowsOf = (k: number, pixel: (row: number, column: number) => number): HeapBuffer => pixelRows(arena, k, input, pixel);
const mnistRows = (k: number, start: number) => rowsOf(k, (j, c) => train.images[(start + j) * input + c]!);

describe('the first layer\'s products over the pixels each row uses', () => {
	it('forward: the whole product\'s bits on MNIST parts of 16 and 64 rows, on rows mid-batch, on 36 units', () => {
		for (const [k, start, units] of [[16, 0, 512], [64, 640, 512], [16, 31_000, 36]] as const) {
			const x = mnistRows(k, start);
			const result = forward(x, 0, k, units, k + start);
			expect(result.sparse).toBe(true);
			expect(result.differ).toBe(0);
			// Not vacuous: relu left a good share of the outputs positive (and turned the rest to +0).
			expect(result.positive).toBeGreaterThan(units * k * 0.2);
			arena.free([x]);
		}

		// A team member's rows 21–37 of a 48-row batch, a blank row and one with a single lit pixel among them.
		const x = rowsOf(48, (j, c) => (j === 25 ? 0 : j === 30 ? (c === 400 ? 200 : 0) : train.images[(900 + j) * input + c]!));
		const result = forward(x, 21, 17, 512, 9);
		expect(result.sparse).toBe(true);
		expect(result.differ).toBe(0);
		arena.free([x]);
	});

	it('gradient: the whole product\'s bits on MNIST parts of 64 and 112 rows, on a member\'s 256 units', () => {
		for (const [k, start, units] of [[64, 0, 512], [112, 5000, 512], [64, 20_000, 256]] as const) {
			const x = mnistRows(k, start);
			const result = gradient(x, k, units, k + start);
			expect(result.way).toBe('sparse');
			expect(result.differ).toBe(0);
			arena.free([x]);
		}

		// Blank rows and a single lit pixel among MNIST rows.
		const x = rowsOf(64, (j, c) => (j % 9 === 0 ? 0 : j === 10 ? (c === 3 ? 17 : 0) : train.images[(300 + j) * input + c]!));
		const result = gradient(x, 64, 512, 11);
		expect(result.way).toBe('sparse');
		expect(result.differ).toBe(0);
		arena.free([x]);
	});

	it('is not taken where it does not pay: rows with no blank pixel, small parts of the gradient', () => {
		const dense = rowsOf(64, (j, c) => 1 + ((j * 31 + c) % 250));
		expect(forward(dense, 0, 64, 512, 3)).toMatchObject({sparse: false, differ: 0});
		expect(gradient(dense, 64, 512, 3)).toEqual({differ: 0, way: 'whole'});
		const small = mnistRows(16, 100);
		expect(gradient(small, 16, 512, 4)).toEqual({differ: 0, way: 'runs'});
		arena.free([dense, small]);
	});

	it('prediction chunks: XNNPACK\'s bits after relu (bias first), biases of +0 and −0 included; dense rows left to XNNPACK', () => {
		const units = 512;
		const size = 300;
		const pT = values(width * units, 21, 0.1);
		const kernelT = arena.view(pT, 0, input * units);
		const biasT = arena.view(pT, input * units, units);
		// Biases as trained (mixed signs), and exact zeros of both signs: where a sum can be ±0.
		for (let u = 0; u < units; u += 5) arena.f32()[biasT.at + u] = u % 2 === 0 ? 0 : -0;
		const chunk = (pixel: (row: number, column: number) => number) => {
			const x = arena.alloc(size * input);
			const heap = arena.f32();
			for (let r = 0; r < size; r++) for (let c = 0; c < input; c++) heap[x.at + r * input + c] = pixel(r, c) / 255;
			return x;
		};

		const x = chunk((r, c) => train.images[(7000 + r) * input + c]!);
		const want = arena.alloc(size * units);
		arena.matMul(want, x, kernelT, size, input, units, {relu: true, bias: biasT});
		const got = arena.alloc(size * units);
		arena.f32().fill(Number.NaN, got.at, got.at + size * units);
		expect(sparseChunkLayerOne(arena, got, x, kernelT, biasT, size, input, units)).toBe(true);
		expect(differing(want, got, size * units)).toBe(0);
		// Not vacuous: relu left a good share positive.
		expect(bitsOf(want, size * units).filter(value => value !== 0).length).toBeGreaterThan(size * units * 0.2);
		const dense = chunk((r, c) => 1 + ((r * 31 + c) % 250));
		arena.f32().fill(Number.NaN, got.at, got.at + size * units);
		expect(sparseChunkLayerOne(arena, got, dense, kernelT, biasT, size, input, units)).toBe(false);
		expect(Number.isNaN(arena.f32()[got.at]!)).toBe(true);
		arena.free([kernelT, biasT, pT, x, want, got, dense]);
	});

	it('lists a part\'s entries as the JS rule would (value !== 0, column order, NaN in, ±0 out), rows of any width', () => {
		for (const [cols, k, from] of [[width, 64, 100], [width, 16, 7], [12, 5, 0], [7, 9, 3], [4, 1, 0]] as const) {
			const x = cols === width ? mnistRows(k, from) : values(k * cols, 97 + cols, 2);
			const heap = arena.f32();
			if (cols !== width) {
				// Awkward values in the first row, in the vector part and in the columns past the last multiple of 4.
				const awkward = [Number.NaN, -0, 1e-45, -1e-45, 0, Number.POSITIVE_INFINITY, -3.4e38];
				for (const [i, value] of awkward.entries()) if (i < cols) heap[x.at + i] = value;
				// A blank row.
				if (k > 2) heap.fill(0, x.at + cols, x.at + 2 * cols);
			}

			const want: Array<[number, number]> = [];
			const wantStarts: number[] = [];
			for (let r = 0; r < k; r++) {
				wantStarts.push(want.length);
				for (let c = 0; c < cols; c++) {
					const value = heap[x.at + r * cols + c]!;
					if (value !== 0) want.push([c, r * cols + c]);
				}
			}

			wantStarts.push(want.length);
			// Not vacuous: MNIST rows have entries and blanks.
			expect(want.length).toBeGreaterThan(0);
			expect(want.length).toBeLessThan(k * cols);
			const listed = rowEntries(arena, x.at, k, cols);
			expect(listed.count).toBe(want.length);
			const ints = new Int32Array(arena.f32().buffer);
			const bits = new Uint32Array(arena.f32().buffer);
			const {idx, val, starts} = listed.entries;
			expect([...ints.subarray(starts.at, starts.at + k + 1)]).toEqual(wantStarts);
			expect([...ints.subarray(idx.at, idx.at + want.length)]).toEqual(want.map(([c]) => c));
			expect([...bits.subarray(val.at, val.at + want.length)]).toEqual(want.map(([, at]) => bits[x.at + at]));
			arena.free([x]);
		}
	});
});
