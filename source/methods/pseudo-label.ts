/**
 * The tutorial's recipe (offline pseudo-labeling): warm up, label the whole pool, keep the guesses strictly above the
 * threshold, augment them and retrain; repeat for `rounds` (loop: training/run-pseudo-label.ts).
 */
import {formatPercent} from '../text/format.js';
import {runPseudoLabel} from '../training/run-pseudo-label.js';
import type {MethodDefinition} from './method.js';

export const pseudoLabel: MethodDefinition<'pseudo-label'> = {
	name: 'pseudo-label',
	label: 'self-training',
	kind: 'offline',
	explain: 'offline, in rounds: after warm-up the model labels the whole pool once, keeps the guesses above its threshold and retrains on them with the labeled images (augmented as the augmentation entry below says); its line steps up where a round starts (◆).',
	defaults: {},
	knobs: [],
	ruleText: config => `> ${formatPercent(config.threshold, 0)} sure`,
	keySettings: config => [`threshold ${formatPercent(config.threshold, 0)}`],
	run: runPseudoLabel,
};
