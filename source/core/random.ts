// Seeded randomness, so a run (split, augmentation, samples) replays exactly from its seed.

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/** mulberry32's step: its state only ever advances by this constant, before each draw. */
export const mulberryStep = 0x6d2b79f5;

/**
 * mulberry32's output for a state as a 32-bit integer: createRandom's draws are these divided by 2³². A hot loop
 * (engine/dropout-streams.ts) steps the state itself and calls this: a closure call per draw costs more than the draw.
 */
export function mulberryBits(state: number): number {
	let t = state;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return (t ^ (t >>> 14)) >>> 0;
}

/** The state createRandom(seed) is in just before its draw number `index` (from 0): the state is a counter. */
export function streamState(seed: number, index: number): number {
	return ((seed >>> 0) + Math.imul(index, mulberryStep)) >>> 0;
}

/** mulberry32: tiny, fast, and good enough for shuffles and augmentation draws (not for cryptography). */
export function createRandom(seed: number): Random {
	return randomFrom(seed, 0);
}

/**
 * createRandom(seed) from its draw number `index` (from 0) on, without the draws before it: mulberry32's state is a
 * counter, so a thread can draw its own columns of a mask from the middle of a stream (engine/dropout-streams.ts).
 */
export function randomFrom(seed: number, index: number): Random {
	return randomAt(streamState(seed, index));
}

/**
 * A Random whose place in its stream can be read and moved on: a job handed to other threads (core/augment-job.ts)
 * draws a known span of it there, and the stream then skips that span here — the same draws as drawing them here.
 */
export interface Stream extends Random {
	/** The state just before the next draw: what randomAt takes to draw from here. */
	position(): number;
	/** Moves past `draws` draws without making them. */
	skip(draws: number): void;
}

/** createRandom(seed) as a Stream: the same draws. */
export function createStream(seed: number): Stream {
	let state = seed >>> 0;
	const next = () => {
		state = (state + mulberryStep) >>> 0;
		return mulberryBits(state) / 4_294_967_296;
	};

	return Object.assign(next, {
		position: () => state,
		skip(draws: number) {
			state = advance(state, draws);
		},
	});
}

/** The stream state `draws` draws after `state`. */
export function advance(state: number, draws: number): number {
	return (state + Math.imul(draws, mulberryStep)) >>> 0;
}

/** Draws as a stream in `state` (a Stream's position(), maybe advanced) would. */
export function randomAt(state: number): Random {
	let at = state >>> 0;
	return () => {
		at = (at + mulberryStep) >>> 0;
		return mulberryBits(at) / 4_294_967_296;
	};
}

/** Whether `random` is a Stream (its place can be read and moved). */
export function isStream(random: Random): random is Stream {
	return typeof (random as Partial<Stream>).skip === 'function' && typeof (random as Partial<Stream>).position === 'function';
}

/** A uniform number in [lo, hi). */
export function uniform(random: Random, lo: number, hi: number): number {
	return lo + (hi - lo) * random();
}

/** A uniform integer in [0, n). */
export function randomIndex(random: Random, n: number): number {
	return Math.floor(random() * n);
}

/** Fisher–Yates shuffle in place; returns the same array for chaining. */
export function shuffle<T extends {length: number; [index: number]: unknown}>(array: T, random: Random): T {
	for (let i = array.length - 1; i > 0; i--) {
		const j = randomIndex(random, i + 1);
		const held = array[i];
		array[i] = array[j];
		array[j] = held;
	}

	return array;
}

/** Fills out[0..count) with independent standard normal draws (Box–Muller: two per pair of uniform draws). */
export function fillGaussian(out: Float32Array, count: number, random: Random): void {
	for (let i = 0; i < count; i += 2) {
		// 1 − u keeps the logarithm's argument in (0, 1].
		const radius = Math.sqrt(-2 * Math.log(1 - random()));
		const angle = 2 * Math.PI * random();
		out[i] = radius * Math.cos(angle);
		if (i + 1 < count) out[i + 1] = radius * Math.sin(angle);
	}
}
