// Splits the training set into a small labeled set (stratified by class) and the unlabeled pool.
import {createRandom, shuffle} from './random.js';

/** Row indices into the training images: the labeled ones and the unlabeled pool. */
export interface SplitIndices {
	labeled: Int32Array;
	pool: Int32Array;
}

const classCount = 10;

/**
 * Picks `labeled` training indices so each digit keeps its share of the data, and leaves the rest as the pool.
 *
 * Each class gets `labeled × classSize / total` images. Those quotas are fractional, so they are rounded by
 * largest remainder: everyone gets the floor, and the leftover slots go to the classes with the largest
 * fractional parts (ties to the lower digit). Plain rounding can miss the total by one or two
 * (on MNIST with 1000 labels it gives 999); this never does.
 *
 * Both index lists are sorted ascending; which images of a class are chosen depends only on `seed`.
 */
export function stratifiedSplit(labels: Uint8Array, labeled: number, seed: number): SplitIndices {
	const total = labels.length;
	if (!Number.isInteger(labeled) || labeled < classCount || labeled > total) {
		// Checked where the count enters (flag, preset, dataset fit); reaching here is a bug, not bad input.
		throw new RangeError(`stratifiedSplit: labeled must be a whole number from ${classCount} to ${total}, got ${labeled}`);
	}

	const byClass = indicesByClass(labels);
	const quotas = classQuotas(
		byClass.map((indices) => indices.length),
		labeled,
	);

	const random = createRandom(seed);
	const isLabeled = new Uint8Array(total);
	for (let c = 0; c < classCount; c++) {
		const indices = shuffle(byClass[c], random);
		for (let i = 0; i < quotas[c]; i++) isLabeled[indices[i]] = 1;
	}

	const labeledIndices = new Int32Array(labeled);
	const pool = new Int32Array(total - labeled);
	let l = 0;
	let p = 0;
	for (let i = 0; i < total; i++) {
		if (isLabeled[i]) labeledIndices[l++] = i;
		else pool[p++] = i;
	}

	return {labeled: labeledIndices, pool};
}

/** How many labeled images each class gets: proportional shares, rounded by largest remainder to sum to `labeled`. */
export function classQuotas(classSizes: readonly number[], labeled: number): number[] {
	const total = classSizes.reduce((sum, size) => sum + size, 0);
	// Integer arithmetic keeps the remainders exact, so ties are real ties and the result is platform-independent.
	const quotas = classSizes.map((size) => Math.floor((labeled * size) / total));
	const remainders = classSizes.map((size) => (labeled * size) % total);
	let left = labeled - quotas.reduce((sum, quota) => sum + quota, 0);
	const order = classSizes.map((_, c) => c).sort((a, b) => remainders[b] - remainders[a] || a - b);
	for (const c of order) {
		if (left === 0) break;
		quotas[c]++;
		left--;
	}

	return quotas;
}

function indicesByClass(labels: Uint8Array): Int32Array[] {
	const sizes = new Array<number>(classCount).fill(0);
	for (const label of labels) sizes[label]++;
	const byClass = sizes.map((size) => new Int32Array(size));
	const filled = new Array<number>(classCount).fill(0);
	for (let i = 0; i < labels.length; i++) byClass[labels[i]][filled[labels[i]]++] = i;
	return byClass;
}
