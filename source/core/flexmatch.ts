/** FlexMatch's curriculum: a class the model is still unsure about gets a lower bar, so it is not starved of pseudo-labels. */

/** Per-class state of FlexMatch's thresholds, for the current `lastConfidentClass`. */
export interface FlexMatchThresholds {
	/** σ_c: unlabeled images whose latest confident prediction was class c. */
	counts: number[];
	/** Images never predicted confidently (lastConfidentClass −1). */
	unused: number;
	/** β_c, each class's learning effect normalised to [0, 1]. */
	beta: number[];
	/** τ_c = τ · M(β_c) with M(x) = x / (2 − x). */
	thresholds: number[];
}

/**
 * FlexMatch's class-wise thresholds (Zhang et al. 2021, "Curriculum Pseudo Labeling").
 *
 * FixMatch's fixed τ = 0.95 lets only the easiest classes through early on: a class the model finds hard (say 8s
 * against 3s) rarely reaches 0.95, gets no pseudo-labels, and stays hard. FlexMatch measures how well each class is
 * learned by σ_c, the number of unlabeled images whose latest prediction above τ was class c, normalises it by the
 * best-learned class, β_c = σ_c / max_c σ_c, and scales the threshold by a convex map, τ_c = τ · β_c / (2 − β_c):
 * the best-learned class keeps τ, the others get a lower bar that rises as they catch up.
 *
 * Warm-up: at the start almost no image has been predicted confidently, and β from a handful of counts would swing
 * wildly; so the denominator is max(max_c σ_c, number of never-confident images). While most of the pool is unused,
 * every β_c is small and every threshold low — the model learns from many (noisier) labels at first, then the bars
 * rise towards τ as the pool gets used.
 *
 * @param lastConfidentClass per unlabeled image, the class of its latest prediction with confidence ≥ τ, or −1.
 * @param threshold τ, the bar for the best-learned class.
 * @param warmup include the never-confident images in the denominator (the paper's threshold warm-up).
 * @param classCount K, the dataset's class count (`classCount(info)`).
 */
export function flexMatchThresholds(lastConfidentClass: ArrayLike<number>, threshold: number, warmup: boolean, classCount: number): FlexMatchThresholds {
	if (!(threshold > 0 && threshold <= 1)) {
		throw new RangeError(`flexMatchThresholds: threshold must be in (0, 1], got ${threshold}`);
	}

	const counts = new Array<number>(classCount).fill(0);
	let unused = 0;
	for (let i = 0; i < lastConfidentClass.length; i++) {
		const c = lastConfidentClass[i]!;
		if (c < 0) unused++;
		else if (c < classCount) counts[c]!++;
		else throw new RangeError(`flexMatchThresholds: class ${c} is not below ${classCount}`);
	}

	// At least 1, so an all-zero start gives β = 0 rather than 0/0.
	const denominator = Math.max(1, ...counts, warmup ? unused : 0);
	const beta = counts.map(count => count / denominator);
	const thresholds = beta.map(b => (threshold * b) / (2 - b));
	return {counts, unused, beta, thresholds};
}

/**
 * Records this batch's confident predictions: every position with confidence ≥ τ (at float32 precision) sets its
 * image's lastConfidentClass to its pseudo-label; the others keep their earlier value.
 *
 * @param images pool index of each batch position, aligned with `pseudoLabels` and `confidence`.
 */
export function recordConfidentClasses(
	lastConfidentClass: Int8Array | Int16Array,
	images: ArrayLike<number>,
	pseudoLabels: ArrayLike<number>,
	confidence: ArrayLike<number>,
	threshold: number,
): void {
	const limit = Math.fround(threshold);
	for (let i = 0; i < images.length; i++) {
		if (confidence[i]! >= limit) {
			lastConfidentClass[images[i]!] = pseudoLabels[i]!;
		}
	}
}
