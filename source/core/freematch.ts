/**
 * FreeMatch's self-adaptive thresholds (Wang et al. 2023): no fixed τ — the bar follows how sure the model is.
 *
 * Global: τ_t = λ·τ_{t−1} + (1 − λ)·mean_b max_c q_b(c), the EMA of the batch's mean top confidence, from τ_0 = 1/K.
 * Local: p̃_t(c) = λ·p̃_{t−1}(c) + (1 − λ)·mean_b q_b(c), the EMA of each class's mean probability, from 1/K.
 * Per class: τ_t(c) = MaxNorm(p̃_t)(c) · τ_t = p̃_t(c) / max_c' p̃_t(c') · τ_t. A guess counts when max q ≥ τ_t(argmax q).
 * Early on the model is unsure, τ_t is low and many guesses are learned; as it grows sure, the bar rises with it, and a
 * class it rarely predicts keeps a lower one.
 */

/** The state of FreeMatch's thresholds: the global τ and the per-class EMA p̃. */
export interface FreeMatchState {
	/** τ_t, the global self-adaptive threshold. */
	global: number;
	/** p̃_t(c), each class's EMA of its mean probability. */
	classMean: Float64Array;
}

/** τ_0 = 1/K and p̃_0 = 1/K everywhere, as the paper initialises them. */
export function initialFreeMatchState(classes: number): FreeMatchState {
	return {global: 1 / classes, classMean: new Float64Array(classes).fill(1 / classes)};
}

/**
 * One step's update from the batch's weak-view probabilities (n × K), in place; the paper updates before masking.
 * @param momentum λ, the EMA's weight on the past (0.999 in the paper).
 */
export function updateFreeMatchState(state: FreeMatchState, probabilities: Float32Array, classes: number, momentum: number): void {
	const n = probabilities.length / classes;
	if (n === 0) return;
	let maxSum = 0;
	const classSum = new Float64Array(classes);
	for (let i = 0; i < n; i++) {
		let max = 0;
		for (let c = 0; c < classes; c++) {
			const p = probabilities[i * classes + c]!;
			classSum[c]! += p;
			if (p > max) max = p;
		}

		maxSum += max;
	}

	state.global = momentum * state.global + (1 - momentum) * (maxSum / n);
	for (let c = 0; c < classes; c++) {
		state.classMean[c] = momentum * state.classMean[c]! + (1 - momentum) * (classSum[c]! / n);
	}
}

/** τ_t(c) = p̃_t(c) / max p̃_t · τ_t for every class. */
export function freeMatchThresholds(state: FreeMatchState): number[] {
	let max = 0;
	for (const value of state.classMean) if (value > max) max = value;
	return Array.from(state.classMean, value => (max > 0 ? value / max : 0) * state.global);
}
