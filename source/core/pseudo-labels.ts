/** Pseudo-labeling's one decision: which of the model's own guesses on unlabeled images to trust as training labels. */

/**
 * The outcome of one labeling round over the unlabeled pool.
 *
 * Positions are 0..n−1 in the order the probabilities were given (the pool order), not dataset rows.
 */
export interface PseudoLabelSelection {
	/** Positions whose top class probability is strictly above the threshold, ascending. */
	accepted: Int32Array;
	/** The pseudo-label (the model's top class) of each accepted position, aligned with `accepted`. */
	labels: Uint8Array;
	/** Top class probability of every position, accepted or not. */
	confidence: Float32Array;
	/** Top class of every position, accepted or not. */
	predicted: Uint8Array;
	/** accepted / n (0 for an empty pool). */
	acceptanceRate: number;
	/** Share of accepted pseudo-labels equal to the hidden true label; NaN when nothing was accepted or no truth was given. */
	precision: number;
	/** Accepted count per pseudo-label class. */
	perClassAccepted: number[];
	/** Accepted and correct count per pseudo-label class (all zero without true labels). */
	perClassCorrect: number[];
	/**
	 * Per pseudo-label class, the true class most often hiding behind its wrong labels and how many (null when the
	 * class has no wrong label): `[4, 310]` under 9 reads "310 fours were labeled 9".
	 */
	perClassTopConfusion: Array<[truth: number, count: number] | null>;
}

/**
 * Turns softmax outputs on unlabeled images into pseudo-labels.
 *
 * The idea: a model trained on a few labels is already right on many "easy" unlabeled images, and its
 * confidence (the top softmax probability) tells roughly which ones. Keeping only confident guesses trades
 * quantity for quality: a high threshold accepts fewer images but with fewer wrong labels, and wrong labels
 * are what hurts, because the model then trains to repeat its own mistakes (confirmation bias). Softmax
 * confidence is not calibrated accuracy, so `precision` is measured against the hidden true labels. The
 * training never sees those; they are here only so you can watch how trustworthy the pseudo-labels were.
 *
 * @param probabilities n × K class probabilities, one row per unlabeled image.
 * @param threshold accept when the top probability is strictly greater than this, in (0, 1).
 * @param trueLabels the hidden labels of the same n images, for measuring precision only (undefined: no truth).
 * @param classCount K, the dataset's class count (`classCount(info)`).
 */
export function selectPseudoLabels(
	probabilities: Float32Array,
	threshold: number,
	trueLabels: ArrayLike<number> | undefined,
	classCount: number,
): PseudoLabelSelection {
	// Checked where the value enters (flag, preset); here it is an invariant, so a plain RangeError.
	if (!(threshold > 0 && threshold < 1)) {
		throw new RangeError(`selectPseudoLabels: threshold must be in (0, 1), got ${threshold}`);
	}

	if (!(Number.isInteger(classCount) && classCount >= 2)) {
		throw new RangeError(`selectPseudoLabels: class count must be a whole number ≥ 2, got ${classCount}`);
	}

	if (probabilities.length % classCount !== 0) {
		throw new RangeError(`selectPseudoLabels: ${probabilities.length} probabilities is not a multiple of ${classCount}`);
	}

	const n = probabilities.length / classCount;
	// Probabilities are float32 and 0.8 is not a float32 number: compare at float32 precision, as PyTorch and tfjs do,
	// so a stored 0.8 counts as equal to --threshold 0.8 rather than 0.0000000119 above it.
	const limit = Math.fround(threshold);
	if (trueLabels !== undefined && trueLabels.length < n) {
		throw new RangeError(`selectPseudoLabels: ${trueLabels.length} true labels for ${n} images`);
	}

	const confidence = new Float32Array(n);
	const predicted = new Uint8Array(n);
	const perClassAccepted = new Array<number>(classCount).fill(0);
	const perClassCorrect = new Array<number>(classCount).fill(0);
	const confusion = new Int32Array(classCount * classCount);
	const acceptedScratch = new Int32Array(n);
	let acceptedCount = 0;
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

		confidence[i] = bestProbability;
		predicted[i] = best;
		// Strictly greater: with threshold 0.8 a guess at exactly 0.8 stays unlabeled, as `conf > threshold` does in the tutorial.
		if (bestProbability > limit) {
			acceptedScratch[acceptedCount++] = i;
			perClassAccepted[best]!++;
			if (trueLabels !== undefined && trueLabels[i] === best) {
				perClassCorrect[best]!++;
				correct++;
			} else if (trueLabels !== undefined) {
				confusion[best * classCount + trueLabels[i]!]!++;
			}
		}
	}

	const accepted = acceptedScratch.slice(0, acceptedCount);
	const labels = new Uint8Array(acceptedCount);
	for (let k = 0; k < acceptedCount; k++) labels[k] = predicted[accepted[k]!]!;

	return {
		accepted,
		labels,
		confidence,
		predicted,
		acceptanceRate: n === 0 ? 0 : acceptedCount / n,
		precision: trueLabels === undefined || acceptedCount === 0 ? Number.NaN : correct / acceptedCount,
		perClassAccepted,
		perClassCorrect,
		perClassTopConfusion: topConfusions(confusion, classCount),
	};
}

function topConfusions(confusion: Int32Array, classCount: number): Array<[number, number] | null> {
	return Array.from({length: classCount}, (_, label) => {
		let truth = -1;
		let count = 0;
		for (let t = 0; t < classCount; t++) {
			if (confusion[label * classCount + t]! > count) {
				truth = t;
				count = confusion[label * classCount + t]!;
			}
		}

		return truth === -1 ? null : [truth, count];
	});
}

/** What became of the previous record's wrong pseudo-labels (a round's, or an online image's previous draw) now. */
export interface CarriedOver {
	/** Pool images the previous record used with a wrong label. */
	wrongBefore: number;
	/** Of those, used again with the right label. */
	fixed: number;
	/** Used again, still wrong. */
	stillWrong: number;
	/** Of the still wrong, how many the model is more confident of than before: confirmation bias at work. */
	moreConfident: number;
	/** No longer confident enough to be used. */
	dropped: number;
}

/** The wrong pseudo-labels of one round: their pool positions and how confident the model was of each. */
export interface WrongLabels {
	positions: Int32Array;
	confidence: Float32Array;
}

/**
 * Iterated self-training hopes a better model fixes its earlier mistakes; this counts whether it did, and whether the
 * mistakes it kept grew surer (the model learned them as truth and now believes them more).
 * @param before the pool positions the previous round accepted with a wrong label, and their confidences then.
 */
export function carriedOver(before: WrongLabels, selection: PseudoLabelSelection, trueLabels: ArrayLike<number>): CarriedOver {
	const accepted = new Uint8Array(selection.predicted.length);
	for (const position of selection.accepted) accepted[position] = 1;
	let fixed = 0;
	let stillWrong = 0;
	let moreConfident = 0;
	for (const [k, position] of before.positions.entries()) {
		if (accepted[position] === 0) continue;
		if (selection.predicted[position] === trueLabels[position]) {
			fixed++;
		} else {
			stillWrong++;
			if (selection.confidence[position]! > before.confidence[k]!) moreConfident++;
		}
	}

	const wrongBefore = before.positions.length;
	return {wrongBefore, fixed, stillWrong, moreConfident, dropped: wrongBefore - fixed - stillWrong};
}

/** Pool positions accepted with a wrong label and their confidences: what the next round's `carriedOver` looks at. */
export function wrongLabels(selection: PseudoLabelSelection, trueLabels: ArrayLike<number>): WrongLabels {
	const positions = selection.accepted.filter((position, k) => selection.labels[k] !== trueLabels[position]);
	return {positions, confidence: Float32Array.from(positions, position => selection.confidence[position]!)};
}
