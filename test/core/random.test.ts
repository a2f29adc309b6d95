// Tests the seeded PRNG: replayable, uniform enough, and a true in-place permutation.
import {describe, expect, it} from 'vitest';
import {createRandom, randomFrom, randomIndex, shuffle, uniform} from '../../source/core/random.js';

describe('createRandom', () => {
	it('replays the same stream for the same seed and differs for another', () => {
		const a = createRandom(7);
		const b = createRandom(7);
		const c = createRandom(8);
		const streamA = Array.from({length: 20}, a);
		expect(Array.from({length: 20}, b)).toEqual(streamA);
		expect(Array.from({length: 20}, c)).not.toEqual(streamA);
	});

	it('starts a stream at any draw (randomFrom), the same draws as drawing up to it', () => {
		for (const seed of [0, 7, 0xffff_ffff, 2_654_435_761]) {
			const stream = Array.from({length: 300}, createRandom(seed));
			for (const index of [0, 1, 2, 137, 299]) {
				const from = randomFrom(seed, index);
				expect(Array.from({length: 300 - index}, from)).toEqual(stream.slice(index));
			}
		}

		// Far into a stream, where index · increment wraps around 2³² many times.
		const random = createRandom(11);
		let value = 0;
		for (let i = 0; i <= 1_000_003; i++) value = random();
		expect(randomFrom(11, 1_000_003)()).toBe(value);
	});

	it('stays in [0, 1) with a mean near one half', () => {
		const random = createRandom(1);
		let sum = 0;
		const buckets = new Array<number>(10).fill(0);
		for (let i = 0; i < 100_000; i++) {
			const value = random();
			expect(value >= 0 && value < 1).toBe(true);
			sum += value;
			buckets[Math.floor(value * 10)]!++;
		}

		expect(sum / 100_000).toBeCloseTo(0.5, 2);
		for (const bucket of buckets) expect(Math.abs(bucket - 10_000)).toBeLessThan(500);
	});
});

describe('uniform and randomIndex', () => {
	it('respect their bounds', () => {
		const random = createRandom(3);
		for (let i = 0; i < 1000; i++) {
			const value = uniform(random, -2, 5);
			expect(value).toBeGreaterThanOrEqual(-2);
			expect(value).toBeLessThan(5);
			const index = randomIndex(random, 4);
			expect([0, 1, 2, 3]).toContain(index);
		}
	});
});

describe('shuffle', () => {
	it('permutes in place, deterministically per seed', () => {
		const original = Int32Array.from({length: 100}, (_, i) => i);
		const shuffled = shuffle(original.slice(), createRandom(5));
		expect(Array.from(shuffled).sort((a, b) => a - b)).toEqual(Array.from(original));
		expect(Array.from(shuffled)).not.toEqual(Array.from(original));
		expect(Array.from(shuffle(original.slice(), createRandom(5)))).toEqual(Array.from(shuffled));
	});

	it('puts every element at the front about equally often', () => {
		const firsts = new Array<number>(4).fill(0);
		const random = createRandom(11);
		for (let i = 0; i < 40_000; i++) firsts[shuffle([0, 1, 2, 3], random)[0]!]!++;
		for (const count of firsts) expect(Math.abs(count - 10_000)).toBeLessThan(400);
	});
});
