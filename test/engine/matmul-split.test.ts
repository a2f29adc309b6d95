// What a team of threads rests on (engine/README.md rule 12): both matMuls — the project's kernel, which a step's
// products run on, and XNNPACK, which predictions use — compute each output element as the same sequential sum over
// the inner dimension, whatever the other dimensions are. So any block of rows of the left
// operand (a layer's output units: a team member's share of a weight gradient) or of columns of the right one (a
// member's rows of the batch in the forward pass) gives the very bits of the whole product — but cutting the inner
// dimension does not (it regroups the sum), which is why a step's parts stay whole.
import {beforeAll, describe, expect, it} from 'vitest';
import {initBackend} from '../../source/engine/backend.js';
import {createArena, type Arena, type HeapBuffer} from '../../source/engine/wasm-arena.js';
import {wasmHeap} from '../../source/engine/wasm-heap.js';

let arena: Arena;

beforeAll(async () => {
	await initBackend('wasm');
	arena = createArena(wasmHeap()!.kernels);
});

function filled(size: number, seed: number): HeapBuffer {
	const buffer = arena.alloc(size);
	const heap = arena.f32();
	let state = seed;
	for (let i = 0; i < size; i++) {
		state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
		heap[buffer.at + i] = Math.fround((state / 2 ** 32 - 0.5) * 3);
	}

	return buffer;
}

const bits = (buffer: HeapBuffer, size: number) => new Uint32Array(arena.f32().buffer, buffer.pointer, size).slice();

/** How many entries differ (a loop: vitest's toEqual takes seconds on arrays of this size). */
function mismatches(got: Uint32Array, want: Uint32Array): number {
	if (got.length !== want.length) return Math.max(got.length, want.length);
	let count = 0;
	for (let i = 0; i < got.length; i++) if (got[i] !== want[i]) count++;
	return count;
}

// [rows, inner, cols] of the step's products: g1 = dz1 · x, g2 = dz2 · a1ᵀ, forward p1 · xᵀ, dz1 = p2ᵀ · dz2, …
const shapes = [
	[512, 16, 785],
	[256, 16, 513],
	[512, 785, 16],
	[256, 513, 17],
	[512, 256, 16],
	[257, 16, 10],
	[10, 257, 9],
	[1024, 64, 785],
	[13, 7, 5],
] as const;

describe.each([['the project\'s kernel', {}], ['XNNPACK', {xnnpack: true}]] as const)('%s: matMul blocks', (_engine, engine) => {
	it.each(shapes)('%i×%i · %i: any block of rows or of columns has the bits of the whole product', (rows, inner, cols) => {
		const a = filled(rows * inner, rows + inner);
		const b = filled(inner * cols, cols + 1);
		const whole = arena.alloc(rows * cols);
		arena.matMul(whole, a, b, rows, inner, cols, engine);
		const expected = bits(whole, rows * cols);
		let compared = 0;
		for (const cut of [1, 4, Math.floor(rows / 3), Math.floor(rows / 2) & ~3, rows - 1]) {
			if (cut <= 0 || cut >= rows) continue;
			for (const [from, to] of [[0, cut], [cut, rows]] as const) {
				const left = arena.view(a, from * inner, (to - from) * inner);
				const out = arena.alloc((to - from) * cols);
				arena.matMul(out, left, b, to - from, inner, cols, engine);
				expect(mismatches(bits(out, (to - from) * cols), expected.subarray(from * cols, to * cols))).toBe(0);
				compared++;
				arena.free([left, out]);
			}
		}

		for (const cut of [1, 3, 8, Math.floor(cols / 2), cols - 1]) {
			if (cut <= 0 || cut >= cols) continue;
			for (const [from, to] of [[0, cut], [cut, cols]] as const) {
				const width = to - from;
				const right = arena.alloc(inner * width);
				const out = arena.alloc(rows * width);
				const heap = arena.f32();
				for (let k = 0; k < inner; k++) heap.copyWithin(right.at + k * width, b.at + k * cols + from, b.at + k * cols + to);
				arena.matMul(out, a, right, rows, inner, width, engine);
				const got = bits(out, rows * width);
				const want = new Uint32Array(rows * width);
				for (let i = 0; i < rows; i++) want.set(expected.subarray(i * cols + from, i * cols + to), i * width);
				expect(mismatches(got, want)).toBe(0);
				compared++;
				arena.free([right, out]);
			}
		}

		expect(compared).toBeGreaterThan(4);
		arena.free([a, b, whole]);
	});

	it('differs when the inner dimension is cut and the halves summed: a step part is never cut', () => {
		const [rows, inner, cols] = [64, 32, 96];
		const a = filled(rows * inner, 3);
		const b = filled(inner * cols, 4);
		const whole = arena.alloc(rows * cols);
		arena.matMul(whole, a, b, rows, inner, cols, engine);
		// a[:, :16] · b[:16] + a[:, 16:] · b[16:], the halves' sum in float32.
		const half = inner / 2;
		const heap = arena.f32();
		const [aFirst, aSecond] = [arena.alloc(rows * half), arena.alloc(rows * half)];
		for (let i = 0; i < rows; i++) {
			heap.copyWithin(aFirst.at + i * half, a.at + i * inner, a.at + i * inner + half);
			heap.copyWithin(aSecond.at + i * half, a.at + i * inner + half, a.at + (i + 1) * inner);
		}

		const [bFirst, bSecond] = [arena.view(b, 0, half * cols), arena.view(b, half * cols, half * cols)];
		const [first, second] = [arena.alloc(rows * cols), arena.alloc(rows * cols)];
		arena.matMul(first, aFirst, bFirst, rows, half, cols, engine);
		arena.matMul(second, aSecond, bSecond, rows, half, cols, engine);
		const f32 = arena.f32();
		let differ = 0;
		for (let i = 0; i < rows * cols; i++) {
			if (Math.fround(f32[first.at + i]! + f32[second.at + i]!) !== f32[whole.at + i]) differ++;
		}

		expect(differ).toBeGreaterThan(0);
		arena.free([bFirst, bSecond, a, b, whole, aFirst, aSecond, first, second]);
	});
});
