/** Noisy Student's data balancing: the pseudo-labeled set gets the labeled set's class shares, so no class starves. */
import type {PseudoLabelSelection} from './pseudo-labels.js';
import {randomIndex, type Random} from './random.js';

/**
 * Xie et al. (2020) balance the teacher's pseudo-labels before the student learns from them: "for classes where we
 * have too many images, we take the images with the highest confidence", and in classes with too few "we duplicate
 * images" at random. Without it a class the teacher is unsure of (Fashion-MNIST's shirts: 856 of 34,872 confident
 * labels in one measured round, 24 in the next) nearly vanishes from the student's data, the student predicts it even
 * less, and each round starves it further.
 *
 * Each class c gets round(accepted × share_c) places, share_c being its share of the labeled images (so the set keeps
 * its size and matches the labeled distribution): its most confident accepted images fill them, or, when it has fewer,
 * all of them once and then random duplicates. A class with no accepted image stays empty — there is nothing to copy.
 *
 * @param selection the round's accepted positions, their labels and every position's confidence.
 * @param labeledShares each class's share of the labeled images (sums to 1).
 * @returns pool positions, a position repeated once per copy; classes in order, most confident first.
 */
export function balancePseudoLabels(selection: Pick<PseudoLabelSelection, 'accepted' | 'labels' | 'confidence'>, labeledShares: readonly number[], random: Random): Int32Array {
	const classes = labeledShares.length;
	const total = selection.accepted.length;
	const members: number[][] = Array.from({length: classes}, () => []);
	for (let k = 0; k < total; k++) {
		const label = selection.labels[k]!;
		if (label >= classes) throw new RangeError(`balancePseudoLabels: label ${label} is not below ${classes}`);
		members[label]!.push(selection.accepted[k]!);
	}

	const out: number[] = [];
	for (let c = 0; c < classes; c++) {
		const own = members[c]!;
		if (own.length === 0) continue;
		const places = Math.round(total * labeledShares[c]!);
		// Most confident first; equal confidences keep pool order, so the cut is the same on every run.
		own.sort((a, b) => selection.confidence[b]! - selection.confidence[a]! || a - b);
		const kept = own.slice(0, places);
		out.push(...kept);
		for (let copy = kept.length; copy < places; copy++) out.push(own[randomIndex(random, own.length)]!);
	}

	return Int32Array.from(out);
}

/** Each class's share of the labels: the target distribution of the balanced pseudo-labels. */
export function labelShares(labels: ArrayLike<number>, classes: number): number[] {
	const counts = new Array<number>(classes).fill(0);
	for (let i = 0; i < labels.length; i++) counts[labels[i]!]!++;
	return counts.map(count => (labels.length === 0 ? 0 : count / labels.length));
}

/**
 * How many times the student's set repeats the labeled images so that they make up about `share` of it beside `kept`
 * pseudo-labeled ones: max(1, round(share·kept / ((1 − share)·labeled))). Share 0: once, as the set was. Without it a
 * student sees 1,000 labeled images among ~50,000 pseudo-labeled ones, 1 in 50, and on data where the teacher is unsure
 * (Fashion-MNIST) learns its confident guesses far more than the labels; the online methods' batches hold 1 labeled
 * image in 8 (32 beside 7 × 32).
 */
export function labeledCopies(kept: number, labeled: number, share: number): number {
	if (!(share > 0) || labeled === 0) return 1;
	return Math.max(1, Math.round((share * kept) / ((1 - share) * labeled)));
}
