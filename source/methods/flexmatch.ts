/**
 * FlexMatch (Zhang et al. 2021): FixMatch with a threshold per class, τ_c = τ·β_c/(2 − β_c), lower for classes the
 * model has learned less (β_c: the pool images whose latest confident prediction is c, normalised; core/flexmatch.ts).
 */
import type {KnobSpec} from '../config/knobs.js';
import {confidenceMask} from '../core/confidence-mask.js';
import {flexMatchThresholds, recordConfidentClasses} from '../core/flexmatch.js';
import type {RuleFactory} from '../training/online-rule.js';
import {runOnline} from '../training/run-online.js';
import {checkThreshold} from './fixmatch.js';
import {knobNames, type MethodDefinition} from './method.js';

/** FlexMatch's threshold warm-up switch (only this method reads it; it joins the settings table through the registry). */
export const flexMatchKnobs = {
	flexWarmup: {
		flag: 'flex-warmup', scope: 'contender', section: 'online',
		rule: {kind: 'boolean'}, default: true,
		help: 'FlexMatch: count still-unused images in the normalisation, so thresholds start low',
	},
	flexFloor: {
		flag: 'flex-floor', scope: 'contender', section: 'online', meta: 'X',
		rule: {kind: 'number', min: 0, max: 1, maxExclusive: true}, default: 0,
		help: 'FlexMatch: lowest per-class threshold (0, the paper: thresholds may fall to 0)',
	},
} as const satisfies Record<string, KnobSpec>;

export const flexMatchRule: RuleFactory = ({config, poolSize, classes, unlabeledBatch}) => {
	const threshold = checkThreshold(config.threshold);
	// Per pool image, the class of its latest prediction at or above τ (−1: never confident).
	const lastConfidentClass = new Int16Array(poolSize).fill(-1);
	let classThresholds: number[] | undefined;
	return {
		label(batch) {
			const probabilities = batch.predictWeak();
			const confident = confidenceMask(probabilities, threshold, undefined, classes);
			recordConfidentClasses(lastConfidentClass, batch.positions, confident.pseudoLabels, confident.confidence, threshold);
			classThresholds = flexMatchThresholds(lastConfidentClass, threshold, config.flexWarmup, classes).thresholds
				.map(value => Math.max(value, config.flexFloor));
			return {
				decision: confidenceMask(probabilities, classThresholds, batch.truth, classes),
				weight: config.unlabeledWeight / unlabeledBatch,
				view: 'strong',
			};
		},
		signals: () => ({threshold, ...(classThresholds === undefined ? {} : {classThresholds})}),
	};
};

export const flexmatch: MethodDefinition<'flexmatch'> = {
	name: 'flexmatch',
	label: 'FlexMatch',
	kind: 'online',
	explain: 'online, FixMatch with a threshold per digit, low at first by design (a few %: nearly every guess passes) and rising toward τ as the model grows sure of that digit.',
	defaults: {warmupEpochs: 10, threshold: 0.95, augmentLabeled: true},
	knobs: knobNames(flexMatchKnobs),
	ruleText: () => 'per-class thresholds',
	keySettings: config => [`τ ${Math.round(config.threshold * 100)}%`],
	run: context => runOnline(context, flexMatchRule),
};
