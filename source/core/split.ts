/** Splits the training set into a small labeled set (stratified by class) and the unlabeled pool. */
import {unlabeledMark} from './dataset-info.js';
import {createRandom, shuffle} from './random.js';

/** Row indices into the training images: the labeled ones and the unlabeled pool. */
export interface SplitIndices {
	labeled: Int32Array;
	pool: Int32Array;
}

/**
 * Picks `labeled` training indices so each class keeps its share of the data, and leaves the rest as the pool.
 * Samples without a label (`unlabeledMark`, real mode) always go to the pool and count towards no class.
 *
 * Each class gets `labeled × classSize / total` images, and one at least (`labeledQuotas`). Those quotas are
 * fractional, so they are rounded by largest remainder: everyone gets the floor, and the leftover slots go to the
 * classes with the largest fractional parts (ties to the lower class). Plain rounding can miss the total by one or two
 * (on MNIST with 1000 labels it gives 999); this never does.
 *
 * Both index lists are sorted ascending; which images of a class are chosen depends only on `seed`.
 *
 * @param classes K, the dataset's class count (`classCount(info)`); every label is below it or `unlabeledMark`.
 */
export function stratifiedSplit(labels: Uint8Array, labeled: number, seed: number, classes: number): SplitIndices {
	const total = labels.length;
	const byClass = indicesByClass(labels, classes);
	const labeledTotal = byClass.reduce((sum, indices) => sum + indices.length, 0);
	if (!Number.isInteger(labeled) || labeled < classes || labeled > labeledTotal) {
		// Checked where the count enters (flag, preset, dataset fit); reaching here is a bug, not bad input.
		throw new RangeError(`stratifiedSplit: labeled must be a whole number from ${classes} to ${labeledTotal}, got ${labeled}`);
	}

	const quotas = labeledQuotas(
		byClass.map((indices) => indices.length),
		labeled,
	);

	const random = createRandom(seed);
	const isLabeled = new Uint8Array(total);
	for (let c = 0; c < classes; c++) {
		const indices = shuffle(byClass[c]!, random);
		for (let i = 0; i < quotas[c]!; i++) isLabeled[indices[i]!] = 1;
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
	const order = classSizes.map((_, c) => c).sort((a, b) => remainders[b]! - remainders[a]! || a - b);
	for (const c of order) {
		if (left === 0) break;
		quotas[c]!++;
		left--;
	}

	return quotas;
}

/**
 * The labeled split's quotas: `classQuotas`, with one label at least for every class that has a sample. A class whose
 * share rounds to 0 (1 of 720 rows at 300 labels) takes its one from the class its rounding favoured most (the largest
 * quota × total − labeled × size among quotas above 1), so the quotas still sum to `labeled`; where no share rounds
 * to 0 they are classQuotas' own, so counts that always fitted split as they did. Needs `labeled` ≥ the classes.
 */
export function labeledQuotas(classSizes: readonly number[], labeled: number): number[] {
	const quotas = classQuotas(classSizes, labeled);
	const total = classSizes.reduce((sum, size) => sum + size, 0);
	for (const [c, size] of classSizes.entries()) {
		if (size === 0 || quotas[c]! > 0) continue;
		let giver = -1;
		for (const [d, quota] of quotas.entries()) {
			if (quota < 2) continue;
			if (giver < 0 || quota * total - labeled * classSizes[d]! > quotas[giver]! * total - labeled * classSizes[giver]!) giver = d;
		}

		if (giver < 0) break;
		quotas[giver]!--;
		quotas[c] = 1;
	}

	return quotas;
}

/** Each class's sample indices, ascending; unlabeled samples belong to none. */
function indicesByClass(labels: Uint8Array, classes: number): Int32Array[] {
	const sizes = new Array<number>(classes).fill(0);
	for (let i = 0; i < labels.length; i++) {
		const label = labels[i]!;
		if (label === unlabeledMark) continue;
		if (label >= classes) {
			throw new RangeError(`stratifiedSplit: label ${label} of sample ${i} is not below the class count ${classes}`);
		}

		sizes[label]!++;
	}

	const byClass = sizes.map((size) => new Int32Array(size));
	const filled = new Array<number>(classes).fill(0);
	for (let i = 0; i < labels.length; i++) {
		const label = labels[i]!;
		if (label !== unlabeledMark) byClass[label]![filled[label]!++] = i;
	}

	return byClass;
}

/**
 * Real mode's split: the data itself says which samples have labels. Every labeled sample is labeled (none is hidden,
 * since there is no truth to check the pool against) and the pool is exactly the samples marked `unlabeledMark`.
 */
export function realSplit(labels: Uint8Array): SplitIndices {
	let unlabeled = 0;
	for (const label of labels) if (label === unlabeledMark) unlabeled++;
	const labeled = new Int32Array(labels.length - unlabeled);
	const pool = new Int32Array(unlabeled);
	let l = 0;
	let p = 0;
	for (let i = 0; i < labels.length; i++) {
		if (labels[i] === unlabeledMark) pool[p++] = i;
		else labeled[l++] = i;
	}

	return {labeled, pool};
}
