/**
 * FreeMatch (Wang et al. 2023): FixMatch's weak/strong consistency with self-adaptive thresholds — a global τ_t that
 * follows the model's mean confidence and a per-class scaling by how much each class is predicted (core/freematch.ts),
 * both EMAs with momentum λ = 0.999 per step, as in the paper. The paper's fairness term (a negative-entropy loss on
 * the batch's mean prediction) is left out: the engine's one loss is weighted soft-target cross-entropy, and that term
 * is not of that form.
 */
import type {KnobSpec} from '../config/knobs.js';
import {confidenceMask} from '../core/confidence-mask.js';
import {freeMatchThresholds, initialFreeMatchState, updateFreeMatchState} from '../core/freematch.js';
import type {RuleFactory} from '../training/online-rule.js';
import {runOnline} from '../training/run-online.js';
import {knobNames, type MethodDefinition} from './method.js';

/** FreeMatch's EMA momentum (only this method reads it; it joins the settings table through the registry). */
export const freeMatchKnobs = {
	freeMatchMomentum: {
		flag: 'freematch-momentum', scope: 'contender', section: 'online', meta: 'X',
		rule: {kind: 'number', min: 0, max: 0.99999}, default: 0.999,
		help: 'FreeMatch: EMA momentum λ of its self-adaptive thresholds, per step',
	},
	freeMatchWarmStart: {
		flag: 'freematch-warm-start', scope: 'contender', section: 'online',
		rule: {kind: 'boolean'}, default: false,
		help: 'FreeMatch: start the thresholds at the warmed-up model\'s own confidence (its first batch) instead of 1/K',
	},
} as const satisfies Record<string, KnobSpec>;

export const freeMatchRule: RuleFactory = ({config, classes, unlabeledBatch}) => {
	const momentum = config.freeMatchMomentum;
	if (!(momentum >= 0 && momentum < 1)) throw new RangeError(`freeMatchMomentum must be in [0, 1), got ${momentum}`);
	const state = initialFreeMatchState(classes);
	let classThresholds = freeMatchThresholds(state);
	let first = true;
	return {
		label(batch) {
			const probabilities = batch.predictWeak();
			// The paper's 1/K is an untrained model's mean confidence. After warm-up the model is no longer untrained, so a
			// warm start takes the first batch's statistics as they are (momentum 0) and the EMA follows from there.
			updateFreeMatchState(state, probabilities, classes, first && config.freeMatchWarmStart ? 0 : momentum);
			first = false;
			classThresholds = freeMatchThresholds(state);
			return {
				decision: confidenceMask(probabilities, classThresholds, batch.truth, classes),
				weight: config.unlabeledWeight / unlabeledBatch,
				view: 'strong',
			};
		},
		// threshold: the global τ_t; classThresholds: τ_t(c). Both as the panels already show FlexMatch's.
		signals: () => ({threshold: state.global, classThresholds}),
	};
};

export const freematch: MethodDefinition<'freematch'> = {
	name: 'freematch',
	label: 'FreeMatch',
	kind: 'online',
	explain: 'FixMatch whose bar is not fixed: it follows the model\'s own mean confidence, from 1/K up, lower for digits it rarely predicts; it uses many guesses early.',
	defaults: {warmupEpochs: 10, augmentLabeled: true},
	knobs: knobNames(freeMatchKnobs),
	ruleText: () => 'self-adaptive thresholds',
	keySettings: config => [`λ ${config.freeMatchMomentum}`],
	run: context => runOnline(context, freeMatchRule),
};
