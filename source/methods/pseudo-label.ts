/**
 * The tutorial's recipe (offline pseudo-labeling): warm up, label the whole pool, keep the guesses strictly above the
 * threshold, augment them and retrain; repeat for `rounds` (loop: training/run-pseudo-label.ts).
 */
import {formatPercent} from '../text/format.js';
import {runPseudoLabel} from '../training/run-pseudo-label.js';
import type {MethodDefinition} from './method.js';

export const pseudoLabel: MethodDefinition<'pseudo-label'> = {
	name: 'pseudo-label',
	label: 'pseudo-label',
	kind: 'offline',
	explain: 'after warm-up it labels the pool, keeps confident guesses, retrains on them augmented; its line jumps each round.',
	defaults: {},
	knobs: [],
	ruleText: config => `> ${formatPercent(config.threshold, 0)} sure`,
	keySettings: config => [`threshold ${config.threshold}`],
	run: runPseudoLabel,
};
