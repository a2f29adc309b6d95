/**
 * FixMatch (Sohn et al. 2020): the pseudo-label is the model's argmax on a weakly augmented view, kept when its
 * confidence reaches τ; the loss is taken on a strongly augmented view of the same image, weighted by λu, so the model
 * must give the same answer to a much harder picture — consistency, not just self-training.
 */
import {confidenceMask} from '../core/confidence-mask.js';
import {formatPercent} from '../text/format.js';
import type {RuleFactory} from '../training/online-rule.js';
import {runOnline} from '../training/run-online.js';
import type {MethodDefinition} from './method.js';

/** τ must be a probability a guess can reach: (0, 1]. */
export function checkThreshold(threshold: number): number {
	if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`threshold must be in (0, 1], got ${threshold}`);
	return threshold;
}

export const fixMatchRule: RuleFactory = ({config, classes, unlabeledBatch}) => {
	const threshold = checkThreshold(config.threshold);
	return {
		label: batch => ({
			decision: confidenceMask(batch.predictWeak(), threshold, batch.truth, classes),
			weight: config.unlabeledWeight / unlabeledBatch,
			view: 'strong',
		}),
		signals: () => ({threshold}),
	};
};

export const fixmatch: MethodDefinition<'fixmatch'> = {
	name: 'fixmatch',
	label: 'FixMatch',
	kind: 'online',
	explain: 'online: each unlabeled image is seen twice, a gently distorted view (weak) and a heavily distorted one (strong); when the weak view\'s guess is ≥ τ sure, the model learns to give the strong view that label.',
	defaults: {warmupEpochs: 10, threshold: 0.95, augmentLabeled: true},
	// λu, τ and the strong view are shared with FlexMatch: they stay in the settings table.
	knobs: [],
	ruleText: config => `≥ ${formatPercent(config.threshold, 0)} sure`,
	keySettings: config => [`τ ${formatPercent(config.threshold, 0)}`],
	run: context => runOnline(context, fixMatchRule),
};
