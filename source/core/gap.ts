/**
 * The one gap every view of a race shows (legend, caption, headless done line, `runs`, `runs show`, the sweep evidence
 * beside it): a contender's test accuracy at an epoch minus the best test accuracy the supervised baseline had reached
 * by that same epoch. Against supervised's value at that epoch alone, a supervised dip (its accuracy swings by half a
 * point from one epoch to the next on 1,000 labels) would show as a semi-supervised gain; against its best so far,
 * the gap can only understate a contender, never flatter it. A contender whose accuracy was the baseline's at every
 * epoch so far trained as it did (an identical warm-up, no pseudo-label used): there is no dip to guard against, and
 * its gap is 0, not its share of the baseline's dip. Pure.
 */

export interface Gap {
	/** Contender minus supervised's best, as an accuracy fraction (0.029 = +2.9 points). */
	points: number;
	/** The chart epoch compared: the later of the two contenders' common epochs. */
	epoch: number;
	/** Supervised's best accuracy up to `epoch`, and the epoch it came from. */
	baselineBest: number;
	baselineBestEpoch: number;
}

/**
 * The gap at the last epoch both curves have (accuracies per epoch, epoch 1 first); undefined when either is empty.
 * Non-finite accuracies are skipped on the baseline's side.
 */
export function gapToBaselineBest(values: readonly number[], baseline: readonly number[]): Gap | undefined {
	const epoch = Math.min(values.length, baseline.length);
	if (epoch === 0) return undefined;
	const accuracy = values[epoch - 1]!;
	let best = Number.NEGATIVE_INFINITY;
	let bestEpoch = 0;
	for (let index = 0; index < epoch; index++) {
		const value = baseline[index]!;
		// The first of equal bests: the epoch supervised first reached it.
		if (Number.isFinite(value) && value > best) {
			best = value;
			bestEpoch = index + 1;
		}
	}

	if (!Number.isFinite(accuracy) || bestEpoch === 0) return undefined;
	let alike = true;
	for (let index = 0; index < epoch && alike; index++) alike = values[index] === baseline[index];
	if (alike) return {points: 0, epoch, baselineBest: accuracy, baselineBestEpoch: epoch};
	return {points: accuracy - best, epoch, baselineBest: best, baselineBestEpoch: bestEpoch};
}
