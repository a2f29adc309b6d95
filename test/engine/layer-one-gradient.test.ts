// The first layer's weight gradient with the blank pixels' columns written as +0 (engine/layer-one-gradient.ts) has
// the bits of the whole product dz1 · x on MNIST rows (blank margins around the digits), on rows with no blank pixel,
// on blank rows, on one lit pixel, on a team member's block of units — and it writes every column, whatever the
// buffer held (NaN before).
import {beforeAll, describe, expect, it} from 'vitest';
import {initBackend} from '../../source/engine/backend.js';
import {layerOneGradient, pixelRuns} from '../../source/engine/layer-one-gradient.js';
import {createArena, type Arena, type HeapBuffer} from '../../source/engine/wasm-arena.js';
import {wasmHeap} from '../../source/engine/wasm-heap.js';
import {mnistTrain, type MnistPart} from './mnist-files.js';
import {pixelRows} from './pixel-rows.js';

let arena: Arena;
let train: MnistPart;
const input = 784;
const width = input + 1;
const runsOf = (x: HeapBuffer, k: number) => pixelRuns(arena.f32(), x.at, k, input, new Uint8Array(width));
const computed = (runs: Array<[number, number]>) => runs.reduce((sum, [from, to]) => sum + to - from, 0);

beforeAll(async () => {
	await initBackend('wasm');
	arena = createArena(wasmHeap()!.kernels);
	train = mnistTrain();
});

/** k rows of x as a step has them (pixel-rows.ts). */
const rowsOf = (k: number, pixel: (row: number, column: number) => number): HeapBuffer => pixelRows(arena, k, input, pixel);

/** units × k deltas: mixed signs, some exact zeros (units a ReLU turned off). */
function deltas(units: number, k: number, seed: number): HeapBuffer {
	const dz = arena.alloc(units * k);
	const heap = arena.f32();
	let state = seed;
	for (let i = 0; i < units * k; i++) {
		state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
		heap[dz.at + i] = i % 7 === 0 ? 0 : Math.fround((state / 2 ** 32 - 0.5) * 0.02);
	}

	return dz;
}

const bitsOf = (buffer: HeapBuffer, size: number) => new Uint32Array(arena.f32().buffer, buffer.pointer, size).slice();

/** layerOneGradient's bits against the whole product's, into a buffer first filled with NaN. */
function compare(units: number, k: number, x: HeapBuffer, seed: number): number {
	const dz = deltas(units, k, seed);
	const whole = arena.alloc(units * width);
	arena.matMul(whole, dz, x, units, k, width);
	const skipped = arena.alloc(units * width);
	arena.f32().fill(Number.NaN, skipped.at, skipped.at + units * width);
	layerOneGradient(arena, skipped, dz, x, units, k, input);
	const [want, got] = [bitsOf(whole, units * width), bitsOf(skipped, units * width)];
	let differ = 0;
	for (let i = 0; i < want.length; i++) if (want[i] !== got[i]) differ++;
	arena.free([dz, whole, skipped]);
	return differ;
}

describe('the first layer\'s weight gradient without blank pixels', () => {
	it('gives the whole product\'s bits on MNIST parts of 16 and 64 rows, which skip their blank pixels', () => {
		for (const [k, start] of [[16, 0], [64, 640], [16, 31_000], [1, 7]] as const) {
			const x = rowsOf(k, (j, c) => train.images[(start + j) * input + c]!);
			// Not vacuous: MNIST's parts leave blank columns around their digits, and those are skipped.
			expect(computed(runsOf(x, k))).toBeLessThan(0.85 * width);
			expect(compare(512, k, x, k + start)).toBe(0);
			arena.free([x]);
		}
	});

	it('gives the whole product\'s bits with no blank pixel, with every pixel blank, and on 37 units of a member', () => {
		const full = rowsOf(16, (j, c) => 1 + ((j * 31 + c) % 250));
		expect(runsOf(full, 16)).toEqual([[0, width]]);
		expect(compare(512, 16, full, 3)).toBe(0);
		const blank = rowsOf(16, () => 0);
		expect(runsOf(blank, 16)).toEqual([[input, width]]);
		expect(compare(512, 16, blank, 4)).toBe(0);
		// A single lit pixel in the middle of one row: everything else skipped, that column computed.
		const one = rowsOf(16, (j, c) => (j === 9 && c === 400 ? 200 : 0));
		expect(runsOf(one, 16)).toEqual([[400, 404], [input, width]]);
		expect(compare(37, 16, one, 5)).toBe(0);
		const digits = rowsOf(16, (j, c) => train.images[(100 + j) * input + c]!);
		expect(compare(37, 16, digits, 6)).toBe(0);
		arena.free([full, blank, one, digits]);
	});
});
