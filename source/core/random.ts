// Seeded randomness, so a run (split, augmentation, samples) replays exactly from its seed.

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/** mulberry32: tiny, fast, and good enough for shuffles and augmentation draws (not for cryptography). */
export function createRandom(seed: number): Random {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
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
