/**
 * Mean Teacher's two schedules (Tarvainen & Valpola 2017): the consistency weight's sigmoid ramp-up and the EMA
 * teacher's decay. Plain numbers, so they are tested by hand.
 */

/** The paper's decay while the consistency weight ramps up: the teacher follows the fast-changing student closely. */
export const rampUpTeacherDecay = 0.99;

/**
 * The ramp-up w(x) = exp(−5 (1 − x/rampEnd)²) for x < rampEnd, then 1 (x: share of the phase done, 0..1); the paper's
 * sigmoid-shaped ramp (Laine & Aila 2017). rampEnd 0: no ramp.
 */
export function sigmoidRampUp(progress: number, rampEnd: number): number {
	if (rampEnd <= 0 || progress >= rampEnd) return 1;
	const x = 1 - Math.max(0, progress) / rampEnd;
	return Math.exp(-5 * x * x);
}

/**
 * The teacher's decay after `step` updates (0 for the first): min(1 − 1/(step + 1), α), so the first updates average
 * the student's weights evenly (the paper's correction for the EMA's start), with α = 0.99 during the ramp-up and
 * `decay` after it.
 */
export function teacherDecayAt(step: number, rampingUp: boolean, decay: number): number {
	return Math.min(1 - 1 / (step + 1), rampingUp ? rampUpTeacherDecay : decay);
}
