/**
 * Lee 2013, "Pseudo-Label": every unlabeled image of a step gets the current model's argmax on the plain image as its
 * label, no threshold, weighted by α(t), which is 0 until `rampStart`, rises linearly to `alphaFinal` at `rampEnd`
 * (fractions of the online phase, since the paper's 100 and 600 epochs do not fit a live race), then stays. The ramp
 * keeps early guesses, mostly noise, from being learned.
 */
import {confidenceMask} from '../core/confidence-mask.js';
import {lee2013Alpha} from '../core/lee2013.js';
import {formatPercent} from '../text/format.js';
import type {KnobSpec} from '../config/knobs.js';
import type {RuleFactory} from '../training/online-rule.js';
import {runOnline} from '../training/run-online.js';
import {knobNames, type MethodDefinition} from './method.js';

/** Lee's ramp (the settings only this method reads; they join the settings table through the registry). */
export const lee2013Knobs = {
	alphaFinal: {
		flag: 'alpha-final', scope: 'contender', section: 'online', meta: 'X',
		rule: {kind: 'number', min: 0, max: 100}, default: 3,
		help: 'Lee 2013: final weight α of the pseudo-label loss',
	},
	rampStart: {
		flag: 'ramp-start', scope: 'contender', section: 'online', meta: 'X',
		rule: {kind: 'number', min: 0, max: 1}, default: 0,
		help: 'Lee 2013: share of the online epochs before α starts to rise (T1)',
	},
	rampEnd: {
		flag: 'ramp-end', scope: 'contender', section: 'online', meta: 'X',
		rule: {kind: 'number', min: 0, max: 1}, default: 0.6,
		help: 'Lee 2013: share of the online epochs when α reaches its final value (T2)',
	},
	leeFloor: {
		flag: 'lee-floor', scope: 'contender', section: 'online', meta: 'X',
		rule: {kind: 'number', min: 0, max: 1, maxExclusive: true}, default: 0,
		help: 'Lee 2013: confidence a guess needs to be used (0, the paper: every guess)',
	},
	leeAugment: {
		flag: 'lee-augment', scope: 'contender', section: 'online',
		rule: {kind: 'boolean'}, default: false,
		help: 'Lee 2013: learn each guess on a weakly augmented view of its image (the guess stays the plain image\'s; the paper: plain)',
	},
} as const satisfies Record<string, KnobSpec>;

export const lee2013Rule: RuleFactory = ({config, classes, unlabeledBatch}) => {
	const ramp = {alphaFinal: config.alphaFinal, rampStart: config.rampStart, rampEnd: config.rampEnd};
	let alpha = 0;
	return {
		label(batch) {
			// The plain images, no dropout; the paper keeps every guess (floor 0), a floor drops the unsure ones.
			const decision = confidenceMask(batch.predictPlain(), config.leeFloor, batch.truth, classes);
			alpha = lee2013Alpha(batch.progress, ramp);
			// With leeAugment the guess is learned on the step's weak view (the contender's augmentation, elastic included):
			// a consistency term beside the paper's entropy minimisation.
			return {decision, weight: alpha / unlabeledBatch, view: config.leeAugment ? 'weak' : 'plain'};
		},
		signals: () => ({threshold: config.leeFloor, alpha}),
	};
};

export const lee2013: MethodDefinition<'lee2013'> = {
	name: 'lee2013',
	label: 'Lee 2013',
	kind: 'online',
	explain: 'online: every pool image in a batch gets the model\'s best guess as its label, however unsure, weighed by α in the loss: 0 in the warm-up, ramped up over its online epochs (α mark: full), so early guesses weigh little.',
	defaults: {warmupEpochs: 10, augmentLabeled: true},
	knobs: knobNames(lee2013Knobs),
	ruleText: config => `${config.leeFloor > 0 ? `≥ ${formatPercent(config.leeFloor, 0)} sure` : 'every guess'}, α → ${config.alphaFinal}`,
	keySettings: config => [`α → ${config.alphaFinal}`, ...(config.leeFloor > 0 ? [`floor ${formatPercent(config.leeFloor, 0)}`] : []), ...(config.leeAugment ? ['weak view'] : [])],
	run: context => runOnline(context, lee2013Rule),
};
