/**
 * Virtual adversarial training (Miyato et al. 2018): for every unlabeled image x the model's own prediction p(x) is
 * the soft target (no gradient flows into it) for the same image moved by r_adv, the small change of length ε that
 * moves the prediction most. r_adv comes from one power iteration, as in the paper: a random unit direction d, the
 * gradient g of KL(p(x) ‖ p(x + ξd)) with respect to the input at that probe (Mlp.inputGradient, whose loss CE(p, ·)
 * has the same gradient as that KL since p is fixed), and r_adv = ε·g/‖g‖ (core/vat.ts). The consistency loss
 * KL(p(x) ‖ p(x + r_adv)) is trained as weighted soft-target cross-entropy, the engine's one loss, which differs from
 * that KL by p's entropy, a constant, so its gradient is the same.
 *
 * Dropout: p(x) and the power iteration run without it (predictPlain and inputGradient never drop units). With
 * dropout on, p(x) and p(x + ξd) would differ by the two masks' noise, far larger than ξ's effect, and g would point
 * at the noise instead of the adversarial direction; the paper's MNIST MLP has no dropout at all. The training step on
 * x + r_adv keeps the contender's dropout, as every other row of every method does.
 */
import type {KnobSpec} from '../config/knobs.js';
import {confidenceMask} from '../core/confidence-mask.js';
import {inputSize} from '../core/dataset-info.js';
import {createRandom, fillGaussian} from '../core/random.js';
import {meanKlDivergence, mixedTargets, moveAlong, powerIterationXi, scaledEpsilon} from '../core/vat.js';
import type {RuleFactory} from '../training/online-rule.js';
import {runOnline} from '../training/run-online.js';
import {knobNames, type MethodDefinition} from './method.js';

/** VAT's perturbation length (only this method reads it; it joins the settings table through the registry). */
export const vatKnobs = {
	vatEpsilon: {
		flag: 'vat-epsilon', scope: 'contender', section: 'online', meta: 'X',
		rule: {kind: 'number', min: 0, max: 50}, default: 2,
		help: 'VAT: L2 length ε of the adversarial change, in pixel/255 units of a 784-value image (scaled by √(size/784))',
	},
	vatAugment: {
		flag: 'vat-augment', scope: 'contender', section: 'online',
		rule: {kind: 'boolean'}, default: false,
		help: 'VAT: perturb a weakly augmented view of each unlabeled image (the target stays the plain image\'s prediction)',
	},
	vatPseudoLabels: {
		flag: 'vat-pseudo-labels', scope: 'contender', section: 'online', meta: 'X',
		rule: {kind: 'number', min: 0, max: 100}, default: 0,
		help: 'VAT: weight of the prediction\'s argmax as a hard pseudo-label on the perturbed image, beside λu\'s consistency (0: VAT alone)',
	},
} as const satisfies Record<string, KnobSpec>;

/** The KL is measured (two more forward passes, no dropout) on every this many steps, for the panel. */
const measureEvery = 8;

export const vatRule: RuleFactory = ({config, classes, unlabeledBatch, data}) => {
	const width = inputSize(data.info);
	const epsilon = scaledEpsilon(config.vatEpsilon, width);
	// Its own stream for the random directions, so the loop's draws (batches, augmentation) stay as they are.
	const random = createRandom((config.seed ^ 0x7a7_1d1) >>> 0);
	const direction = new Float32Array(unlabeledBatch * width);
	const probe = new Float32Array(unlabeledBatch * width);
	const perturbed = new Float32Array(unlabeledBatch * width);
	const targets = new Float32Array(unlabeledBatch * classes);
	const positions = Int32Array.from({length: unlabeledBatch}, (_, i) => i);
	let steps = 0;
	let adversarialKl = 0;
	let randomKl = 0;
	let measured = 0;
	return {
		label(batch) {
			const n = batch.rows.length;
			const p = batch.predictPlain();
			const view = config.vatAugment ? 'weak' : 'plain';
			const x = batch.images(view);
			// One power iteration: probe at x + ξd, d random; the gradient there points towards r_adv.
			fillGaussian(direction, n * width, random);
			moveAlong(x, direction, n, width, powerIterationXi, probe);
			const gradient = batch.model.inputGradient(probe.subarray(0, n * width), p);
			// Every 8th step, and the first of each epoch-equivalent (a small pool's epoch may have fewer than 8).
			if (steps++ % measureEvery === 0 || measured === 0) {
				// How far the prediction moves at r_adv, against a random change of the same length (d, moved by ε).
				moveAlong(x, direction, n, width, epsilon, perturbed);
				randomKl += meanKlDivergence(p, batch.model.predict(perturbed.subarray(0, n * width), positions.subarray(0, n)), n, classes);
				moveAlong(x, gradient, n, width, epsilon, perturbed);
				adversarialKl += meanKlDivergence(p, batch.model.predict(perturbed.subarray(0, n * width), positions.subarray(0, n)), n, classes);
				measured++;
			} else {
				moveAlong(x, gradient, n, width, epsilon, perturbed);
			}

			const weight = mixedTargets(p, n, classes, config.unlabeledWeight, config.vatPseudoLabels, targets);
			return {
				// Threshold 0: every image is used; the mask's labels (p's argmax) measure how right p is.
				decision: confidenceMask(p, 0, batch.truth, classes),
				weight: weight / unlabeledBatch,
				view,
				targets: config.vatPseudoLabels > 0 ? targets : p,
				inputs: perturbed,
			};
		},
		signals() {
			const mean = (sum: number) => (measured > 0 ? sum / measured : Number.NaN);
			// "ε 2 · KL 0.236 · random KL 0.002": KL(p(x) ‖ p(x + r_adv)), then the same for a random change of length ε.
			const signals = {
				threshold: 0,
				extra: [
					{name: 'ε', value: epsilon},
					{name: 'KL', value: mean(adversarialKl)},
					{name: 'random KL', value: mean(randomKl)},
				],
			};
			adversarialKl = 0;
			randomKl = 0;
			measured = 0;
			return signals;
		},
	};
};

export const vat: MethodDefinition<'vat'> = {
	name: 'vat',
	label: 'VAT',
	kind: 'online',
	explain: 'each unlabeled image is changed by the small amount that most changes the model\'s answer, and the model learns to give the changed image the same answer; the panel shows how far that change moves it.',
	defaults: {warmupEpochs: 10},
	knobs: knobNames(vatKnobs),
	ruleText: config => `every image, ε ${config.vatEpsilon}`,
	keySettings: config => [`ε ${config.vatEpsilon}`, `λu ${config.unlabeledWeight}`],
	run: context => runOnline(context, vatRule),
};
