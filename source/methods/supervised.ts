/** The baseline: the labeled images only, as long as the race's longest contender. The line every method must beat. */
import {runSupervised} from '../training/run-supervised.js';
import type {MethodDefinition} from './method.js';

export const supervised: MethodDefinition<'supervised'> = {
	name: 'supervised',
	label: 'supervised',
	kind: 'baseline',
	explain: 'learns from the labeled images only: the line every gap is measured against.',
	defaults: {},
	knobs: [],
	ruleText: () => 'labeled images only',
	keySettings: () => [],
	run: runSupervised,
};
