/**
 * Virtual adversarial training's arithmetic (Miyato et al. 2018), on plain arrays so it is tested by hand: moving
 * images along a direction by a given L2 length (the power iteration's probe x + ξd, the perturbed x + r_adv), ε for
 * an input of any size, and the divergence KL(p(x) ‖ p(x + r_adv)) the method makes small.
 *
 * Lengths are L2 norms in the model's input units x = pixel/255 (MNIST's [0, 1], as in the paper's code); pixels are
 * on the 0..255 scale the model takes, so a move of length ℓ along a unit direction d adds 255·ℓ·d.
 */
import {inputSize, mnistInfo} from './dataset-info.js';

/**
 * ξ, the length of the power iteration's probe. The paper's 1e-6 assumes the probe survives the arithmetic: here a
 * probed pixel is a float32 on the 0..255 scale (ulp 1.5e-5 near 255), and 1e-6 spread over 784 values moves each by
 * ~1e-5 on that scale, so most of the probe would round away. At 1e-2 it is 200 times shorter than ε = 2, where the
 * KL divergence is still quadratic in the probe: the direction agrees with ξ = 1e-3 and 1e-1, while at 1e-6 it is
 * mostly rounding noise (test/engine/input-gradient.test.ts).
 */
export const powerIterationXi = 1e-2;

/** The input size the paper's MNIST ε is stated for. */
const paperInputs = inputSize(mnistInfo());

/**
 * ε for `inputs` input values: the paper's (stated for MNIST's 784) times √(inputs/784), so each value moves by the
 * same amount on average (root mean square) whatever the input's size: a 30-feature table is not pushed 5× harder
 * per feature than a digit.
 */
export function scaledEpsilon(epsilon: number, inputs: number): number {
	return epsilon * Math.sqrt(inputs / paperInputs);
}

/**
 * out (rows × width) = pixels moved by `length` along each row's direction, normalised here to unit L2 norm:
 * pixels + 255·length·d/‖d‖. A row whose direction is all zero (no gradient: a model flat there) is not moved.
 * Returns how many rows were not moved.
 */
export function moveAlong(
	pixels: ArrayLike<number>,
	directions: Float32Array,
	rows: number,
	width: number,
	length: number,
	out: Float32Array,
): number {
	let unmoved = 0;
	for (let j = 0; j < rows; j++) {
		const at = j * width;
		let squares = 0;
		for (let i = 0; i < width; i++) squares += directions[at + i]! * directions[at + i]!;
		const norm = Math.sqrt(squares);
		const scale = norm > 0 ? (255 * length) / norm : 0;
		if (norm === 0) unmoved++;
		for (let i = 0; i < width; i++) out[at + i] = pixels[at + i]! + scale * directions[at + i]!;
	}

	return unmoved;
}

/** The smallest probability a KL term takes the logarithm of: a float32 softmax can round a class to exactly 0. */
const probabilityFloor = 1e-12;

/** Mean over rows of KL(p ‖ q) = Σ_c p_c (log p_c − log q_c), in nats; classes with p_c = 0 add nothing. */
export function meanKlDivergence(p: Float32Array, q: Float32Array, rows: number, classes: number): number {
	if (rows === 0) return Number.NaN;
	let sum = 0;
	for (let j = 0; j < rows; j++) {
		for (let c = 0; c < classes; c++) {
			const pc = p[j * classes + c]!;
			if (pc > 0) sum += pc * (Math.log(pc) - Math.log(Math.max(q[j * classes + c]!, probabilityFloor)));
		}
	}

	return sum / rows;
}

/**
 * VAT with pseudo-labels on the same perturbed image: soft·CE(p, q) + hard·CE(onehot(argmax p), q) is one
 * cross-entropy against the mixed target (soft·p + hard·onehot)/(soft + hard), weighted soft + hard, since
 * cross-entropy is linear in its target. Writes the mixed targets (rows × classes) into out and returns that weight;
 * with both weights 0 the targets are p (and the weight 0 leaves every row out of the step).
 */
export function mixedTargets(p: Float32Array, rows: number, classes: number, soft: number, hard: number, out: Float32Array): number {
	const total = soft + hard;
	if (!(total > 0)) {
		out.set(p.subarray(0, rows * classes));
		return 0;
	}

	for (let j = 0; j < rows; j++) {
		const at = j * classes;
		let best = 0;
		for (let c = 1; c < classes; c++) if (p[at + c]! > p[at + best]!) best = c;
		for (let c = 0; c < classes; c++) out[at + c] = (soft * p[at + c]! + (c === best ? hard : 0)) / total;
	}

	return total;
}
