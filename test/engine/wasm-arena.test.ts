// The arena the direct engine allocates from (engine/wasm-arena.ts), and the rules its callers rely on: a changed
// right operand is re-packed unless told otherwise, the heap array is replaced when the heap grows, buffers are
// zero-padded to 4 floats, and freed buffers leave the arena.
import {beforeAll, describe, expect, it} from 'vitest';
import {initBackend} from '../../source/engine/backend.js';
import {createArena} from '../../source/engine/wasm-arena.js';
import {wasmHeap} from '../../source/engine/wasm-heap.js';

beforeAll(async () => {
	await initBackend('wasm');
});

const newArena = () => createArena(wasmHeap()!.kernels);

describe('the wasm arena', () => {
	it('re-packs a changed right operand by default; samePacking reuses the stale packing (why weights stay on the left)', () => {
		const arena = newArena();
		const [a, b, out] = [arena.alloc(2 * 3), arena.alloc(3 * 2), arena.alloc(2 * 2)];
		const heap = arena.f32();
		heap.set([1, 2, 3, 4, 5, 6], a.at);
		heap.set([1, 0, 0, 1, 1, 1], b.at);
		// XNNPACK's packing cache (predictions use it; a step's products run on the project's kernel, which packs nothing).
		arena.matMul(out, a, b, 2, 3, 2, {xnnpack: true});
		expect(Array.from(arena.f32().subarray(out.at, out.at + 4))).toEqual([4, 5, 10, 11]);
		// b changes, as weights do after every Adam step.
		arena.f32().set([2, 0, 0, 2, 2, 2], b.at);
		arena.matMul(out, a, b, 2, 3, 2, {samePacking: true});
		const stale = Array.from(arena.f32().subarray(out.at, out.at + 4));
		arena.matMul(out, a, b, 2, 3, 2, {xnnpack: true});
		expect(Array.from(arena.f32().subarray(out.at, out.at + 4))).toEqual([8, 10, 20, 22]);
		// The packing is really cached under b's id: without the re-pack the old b is used.
		expect(stale).toEqual([4, 5, 10, 11]);
		arena.dispose();
	});

	it('gives zeroed buffers padded to 4 floats, replaces its heap array when the heap grows, and frees buffers', () => {
		const arena = newArena();
		const small = arena.alloc(5);
		expect(Array.from(arena.f32().subarray(small.at, small.at + 8))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
		expect(arena.liveFloats()).toBe(8);
		const before = arena.f32();
		// 256 MB more than any heap these tests use: the heap must grow, and an array taken before is then stale.
		const big = arena.alloc(64 * 2 ** 20);
		expect(arena.f32().buffer).not.toBe(before.buffer);
		expect(before.length).toBe(0);
		const view = arena.view(big, 4, 8);
		arena.free([view, big]);
		expect(arena.liveFloats()).toBe(8);
		expect(() => arena.free([big])).toThrow(/not this arena's, or was freed/);
		arena.dispose();
		expect(arena.liveFloats()).toBe(0);
	});
});
