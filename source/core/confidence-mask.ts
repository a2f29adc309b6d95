/** FixMatch's decision, made afresh for every unlabeled batch: which guesses are confident enough to learn from. */

/** The outcome of masking one unlabeled batch. Positions are 0..n−1 in the order the probabilities were given. */
export interface ConfidenceMask {
	/** 1 where the pseudo-label is used (confidence ≥ its class's threshold), else 0. */
	mask: Uint8Array;
	/** The model's top class for every position, used or not. */
	pseudoLabels: Uint8Array;
	/** Top class probability of every position. */
	confidence: Float32Array;
	/** Number of positions used (the mask's sum). */
	used: number;
	/** Used positions whose pseudo-label equals the hidden true label (0 without truth). */
	correct: number;
	/** Used count per pseudo-label class. */
	perClassUsed: number[];
	/** Used and correct count per pseudo-label class (all zero without true labels). */
	perClassCorrect: number[];
}

/**
 * FixMatch's mask (Sohn et al. 2020): the model looks at a weakly augmented view of each unlabeled image; its top class
 * becomes the pseudo-label, and the image counts only when that class's probability reaches the threshold τ (0.95 in
 * the paper). The loss is then taken on a strongly augmented view of the same image, so the model must give the same
 * answer to a much harder picture — consistency, not just self-training. Unlike the offline rounds' strict `>`,
 * FixMatch keeps a guess *at* the threshold (`max(p) ≥ τ`, as the paper writes it).
 *
 * Probabilities are float32 and 0.95 is not a float32 number: thresholds are compared at float32 precision, as PyTorch
 * does, so a stored 0.95 counts as reaching τ = 0.95.
 *
 * @param probabilities n × K class probabilities of the weak views.
 * @param thresholds one τ for every class (FixMatch), or K of them indexed by pseudo-label class (FlexMatch).
 * @param trueLabels the hidden labels, for measuring how right the used pseudo-labels are; never used to decide
 *   (undefined: no truth).
 * @param classCount K, the dataset's class count (`classCount(info)`).
 */
export function confidenceMask(
	probabilities: Float32Array,
	thresholds: number | ArrayLike<number>,
	trueLabels: ArrayLike<number> | undefined,
	classCount: number,
): ConfidenceMask {
	if (!(Number.isInteger(classCount) && classCount >= 2)) {
		throw new RangeError(`confidenceMask: class count must be a whole number ≥ 2, got ${classCount}`);
	}

	if (probabilities.length % classCount !== 0) {
		throw new RangeError(`confidenceMask: ${probabilities.length} probabilities is not a multiple of ${classCount}`);
	}

	const n = probabilities.length / classCount;
	const limits = new Float32Array(classCount);
	if (typeof thresholds === 'number') {
		limits.fill(thresholds);
	} else if (thresholds.length === classCount) {
		limits.set(Array.from(thresholds));
	} else {
		throw new RangeError(`confidenceMask: ${thresholds.length} class thresholds, need ${classCount}`);
	}

	for (const limit of limits) {
		if (!(limit >= 0 && limit <= 1)) {
			throw new RangeError(`confidenceMask: thresholds must be in [0, 1], got ${limit}`);
		}
	}

	if (trueLabels !== undefined && trueLabels.length < n) {
		throw new RangeError(`confidenceMask: ${trueLabels.length} true labels for ${n} images`);
	}

	const mask = new Uint8Array(n);
	const pseudoLabels = new Uint8Array(n);
	const confidence = new Float32Array(n);
	const perClassUsed = new Array<number>(classCount).fill(0);
	const perClassCorrect = new Array<number>(classCount).fill(0);
	let used = 0;
	let correct = 0;
	for (let i = 0; i < n; i++) {
		const base = i * classCount;
		let best = 0;
		let bestProbability = probabilities[base]!;
		for (let c = 1; c < classCount; c++) {
			const probability = probabilities[base + c]!;
			if (probability > bestProbability) {
				best = c;
				bestProbability = probability;
			}
		}

		pseudoLabels[i] = best;
		confidence[i] = bestProbability;
		// limits is a Float32Array: each threshold is already rounded to float32, like the probabilities.
		if (bestProbability >= limits[best]!) {
			mask[i] = 1;
			used++;
			perClassUsed[best]!++;
			if (trueLabels !== undefined && trueLabels[i] === best) {
				correct++;
				perClassCorrect[best]!++;
			}
		}
	}

	return {mask, pseudoLabels, confidence, used, correct, perClassUsed, perClassCorrect};
}
