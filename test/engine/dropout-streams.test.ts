// Dropout masks (engine/dropout-streams.ts): Keras's inverted dropout, two units per 32-bit draw; a part's masks depend
// only on (seed, step, part), and a whole step's masks in the batch layout are the parts' masks side by side — what
// lets each thread draw its own rows.
import {beforeAll, describe, expect, it} from 'vitest';
import {createRandom} from '../../source/core/random.js';
import {initBackend} from '../../source/engine/backend.js';
import {drawMask, drawMasksInto, fillPartMasks, fillStepMasks} from '../../source/engine/dropout-streams.js';
import {createArena, type Arena} from '../../source/engine/wasm-arena.js';
import {wasmHeap} from '../../source/engine/wasm-heap.js';

const shape = {input: 4, hidden1: 6, hidden2: 3, classes: 2};
const key = {rate: 0.3, seed: 1234, step: 17};
let arena: Arena;
const kernels = () => wasmHeap()!.kernels;

beforeAll(async () => {
	await initBackend('wasm');
	arena = createArena(kernels());
});

function part(rows: number, partKey: typeof key, index: number) {
	const mask1 = new Float32Array(shape.hidden1 * rows);
	const mask2 = new Float32Array(shape.hidden2 * rows);
	fillPartMasks(mask1, mask2, shape, rows, partKey, index);
	return {mask1, mask2};
}

/** The masks as the previous release drew them (createRandom's draws, two entries each): what drawMask must equal. */
function reference(length: number, rate: number, seed: number): Float32Array {
	const mask = new Float32Array(length);
	const random = createRandom(seed);
	const kept = 1 / (1 - rate);
	const threshold = Math.round(rate * 65_536);
	for (let i = 0; i < length; i += 2) {
		const bits = random() * 4_294_967_296;
		mask[i] = bits >>> 16 >= threshold ? kept : 0;
		if (i + 1 < length) mask[i + 1] = (bits & 0xffff) >= threshold ? kept : 0;
	}

	return mask;
}

describe('drawMask', () => {
	it('keeps 1 − rate of the units, scaled by 1/(1 − rate), and zeroes the rest', () => {
		for (const rate of [0.1, 0.3, 0.5]) {
			const mask = new Float32Array(200_001);
			drawMask(mask, 0, mask.length, 0, 7, 0, rate);
			const kept = mask.filter(value => value !== 0);
			expect(new Set(kept)).toEqual(new Set([Math.fround(1 / (1 - rate))]));
			// 200,001 Bernoulli draws: the share is within 5 standard deviations of 1 − rate.
			const sd = Math.sqrt((rate * (1 - rate)) / mask.length);
			expect(Math.abs(kept.length / mask.length - (1 - rate))).toBeLessThan(5 * sd);
		}
	});

	it('draws the very masks of createRandom\'s draws, any run of entries of them, and leaves the rest of the array alone', () => {
		for (const [length, seed] of [[7, 3], [1000, 4], [12_289, 99]] as const) {
			const whole = reference(length, 0.3, seed);
			const mask = new Float32Array(length);
			drawMask(mask, 0, length, 0, seed, 0, 0.3);
			expect(mask).toEqual(whole);
			// Entries [3, length − 2) into the middle of a larger array.
			const part = new Float32Array(length + 4).fill(-1);
			drawMask(part, 2, length - 5, 3, seed, 0, 0.3);
			expect(part.subarray(2, length - 3)).toEqual(whole.subarray(3, length - 2));
			expect([...part.subarray(0, 2), ...part.subarray(length - 3)]).toEqual(Array.from({length: 9}, () => -1));
		}

		// A later draw as the first: the stream from that draw on.
		const shifted = new Float32Array(10);
		drawMask(shifted, 0, 10, 0, 5, 3, 0.3);
		expect(shifted).toEqual(reference(16, 0.3, 5).subarray(6));
	});

	it('keeps every unit at rate 0', () => {
		const mask = new Float32Array(1001);
		drawMask(mask, 0, mask.length, 0, 1, 0, 0);
		expect(mask.every(value => value === 1)).toBe(true);
	});
});

describe('dropout streams', () => {
	it('draw a part\'s masks from (seed, step, part) alone: the same every time, others for another step or part', () => {
		const a = part(20, key, 1);
		expect(part(20, key, 1)).toEqual(a);
		expect(part(20, {...key, step: 18}, 1).mask1).not.toEqual(a.mask1);
		expect(part(20, key, 0).mask1).not.toEqual(a.mask1);
		expect(part(20, {...key, seed: 1235}, 1).mask1).not.toEqual(a.mask1);
		// Inverted dropout: kept units scaled by 1/(1 − rate), about 1 − rate of them kept.
		const many = part(2000, key, 0).mask1;
		const kept = many.filter(value => value !== 0);
		expect(kept.every(value => value === Math.fround(1 / 0.7))).toBe(true);
		expect(kept.length / many.length).toBeCloseTo(0.7, 1);
	});

	it('lay a split step\'s masks out as its two parts\' columns side by side, and an unsplit step\'s as part 0', () => {
		for (const n of [9, 32, 5]) {
			const mask1 = new Float32Array(shape.hidden1 * n);
			const mask2 = new Float32Array(shape.hidden2 * n);
			fillStepMasks(mask1, mask2, shape, n, key);
			const parts = n >= 8 ? [[0, Math.ceil(n / 2)], [Math.ceil(n / 2), n]] : [[0, n]];
			for (const [index, [from, to]] of parts.entries()) {
				const rows = to! - from!;
				const own = part(rows, key, index);
				for (let u = 0; u < shape.hidden1; u++) {
					expect(mask1.subarray(u * n + from!, u * n + to!)).toEqual(own.mask1.subarray(u * rows, (u + 1) * rows));
				}

				for (let u = 0; u < shape.hidden2; u++) {
					expect(mask2.subarray(u * n + from!, u * n + to!)).toEqual(own.mask2.subarray(u * rows, (u + 1) * rows));
				}
			}
		}
	});

	it('draw any columns of a part\'s masks on their own (a team member\'s rows), in the heap: the same values as the whole part', () => {
		const draw = (rows: number, width: number, segment: {part: number; from: number; to: number; offset: number}) => {
			const mask1 = arena.alloc(shape.hidden1 * width);
			const mask2 = arena.alloc(shape.hidden2 * width);
			arena.f32().fill(Number.NaN, mask1.at, mask1.at + mask1.size);
			arena.f32().fill(Number.NaN, mask2.at, mask2.at + mask2.size);
			drawMasksInto(kernels(), mask1.pointer, mask2.pointer, shape, {key, width, segments: [{rows, ...segment}]});
			const heap = arena.f32();
			const drawn = {mask1: heap.slice(mask1.at, mask1.at + mask1.size), mask2: heap.slice(mask2.at, mask2.at + mask2.size)};
			arena.free([mask1, mask2]);
			return drawn;
		};

		for (const rows of [9, 16, 7]) {
			const whole = part(rows, key, 1);
			for (const [from, to] of [[0, rows], [0, 3], [3, 8], [1, 2], [rows - 1, rows]]) {
				if (to! > rows) continue;
				// Into the middle of a wider block, as a member whose rows straddle the parts writes its second part's.
				const width = to! - from! + 5;
				const out = draw(rows, width, {part: 1, from: from!, to: to!, offset: 2});
				for (let u = 0; u < shape.hidden1; u++) {
					expect(out.mask1.subarray(u * width + 2, u * width + 2 + to! - from!)).toEqual(whole.mask1.subarray(u * rows + from!, u * rows + to!));
				}

				for (let u = 0; u < shape.hidden2; u++) {
					expect(out.mask2.subarray(u * width + 2, u * width + 2 + to! - from!)).toEqual(whole.mask2.subarray(u * rows + from!, u * rows + to!));
				}
			}
		}

		// A whole part into a block of its own width: drawn as the part is drawn alone.
		const whole = part(16, key, 0);
		const out = draw(16, 16, {part: 0, from: 0, to: 16, offset: 0});
		expect(out.mask1).toEqual(whole.mask1);
		expect(out.mask2).toEqual(whole.mask2);
		// Guard against a vacuous pass: the masks drop some units and keep others.
		const sample = part(16, key, 1).mask1;
		expect(new Set(sample).size).toBe(2);
	});

	it('draw in the SIMD kernel the very floats drawMask writes, for any run of entries, rate and stride', () => {
		const heap = () => arena.f32();
		let compared = 0;
		for (const rate of [0.3, 0.5, 0.1, 0, 0.9, 0.25]) {
			for (const [units, count, entry, entryStride, firstDraw] of [[1, 1, 0, 0, 0], [1, 1, 1, 0, 5], [1, 7, 3, 0, 0], [1, 8, 0, 0, 0], [1, 9, 1, 0, 100], [1, 12_288, 0, 0, 0], [3, 17, 5, 40, 9], [512, 16, 3, 32, 0], [4, 1, 7, 9, 2]] as const) {
				const seed = (Math.imul(count + units, 2_654_435_761) ^ entry) >>> 0;
				const outStride = count + 3;
				const buffer = arena.alloc(units * outStride + 8);
				heap().fill(7, buffer.at, buffer.at + buffer.size);
				kernels().dropoutMask(buffer.pointer, units, outStride * 4, count, entry, entryStride, seed, firstDraw, Math.round(rate * 65_536) - 1, 1 / (1 - rate));
				const got = heap().slice(buffer.at, buffer.at + buffer.size);
				const want = new Float32Array(buffer.size).fill(7);
				for (let u = 0; u < units; u++) drawMask(want, u * outStride, count, entry + u * entryStride, seed, firstDraw, rate);
				expect(new Uint32Array(got.buffer)).toEqual(new Uint32Array(want.buffer));
				compared += units * count;
				arena.free([buffer]);
			}
		}

		expect(compared).toBeGreaterThan(50_000);
	});
});
