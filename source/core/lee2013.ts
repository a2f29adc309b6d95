// Lee (2013)'s schedule for trusting pseudo-labels: not at first, then more and more, then a fixed amount.

/** The ramp of the unlabeled loss weight α, with T1 and T2 as fractions of the run. */
export interface Lee2013Ramp {
	/** α once the ramp is over (the paper's α_f = 3). */
	alphaFinal: number;
	/** Fraction of the run until which α is 0 (the paper's T1 = 100 epochs). */
	rampStart: number;
	/** Fraction of the run at which α reaches alphaFinal (the paper's T2 = 600 epochs). */
	rampEnd: number;
}

/**
 * The weight α(t) of the pseudo-labeled loss in Lee's "Pseudo-Label" (2013): loss = CE(labeled) + α(t)·CE(unlabeled).
 *
 * Every step, each unlabeled image gets the current model's argmax as its label, with no threshold. Early on those
 * guesses are mostly noise, and training on them would teach the model its own mistakes; so α is 0 until T1, rises
 * linearly to α_f at T2 while the model gets better, and stays there. The paper counts T1 and T2 in epochs (100 and
 * 600 of them); a live race cannot run that long, so here they are fractions of the run.
 *
 * @param progress fraction of the run done, 0..1 (values outside are clamped by the ramp's flat ends).
 * @returns 0 for progress ≤ rampStart, alphaFinal for progress ≥ rampEnd, linear in between.
 */
export function lee2013Alpha(progress: number, ramp: Lee2013Ramp): number {
	const {alphaFinal, rampStart, rampEnd} = ramp;
	if (!(alphaFinal >= 0) || !(rampStart >= 0 && rampStart <= rampEnd && rampEnd <= 1)) {
		throw new RangeError(
			`lee2013Alpha: need alphaFinal ≥ 0 and 0 ≤ rampStart ≤ rampEnd ≤ 1, got ${alphaFinal}, ${rampStart}, ${rampEnd}`,
		);
	}

	if (progress <= rampStart) return 0;
	// A zero-length ramp is a step: α_f from T1 on.
	if (progress >= rampEnd) return alphaFinal;
	return (alphaFinal * (progress - rampStart)) / (rampEnd - rampStart);
}
