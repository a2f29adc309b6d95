/**
 * Noisy Student (Xie et al. 2020): a teacher labels the pool; a fresh student learns under noise (dropout, fresh
 * augmentation) and becomes the next teacher (loop: training/run-noisy-student.ts).
 */
import {formatPercent} from '../text/format.js';
import {runNoisyStudent} from '../training/run-noisy-student.js';
import type {MethodDefinition} from './method.js';

export const noisyStudent: MethodDefinition<'noisy-student'> = {
	name: 'noisy-student',
	label: 'Noisy Student',
	kind: 'offline',
	// The preset's students have the teacher's size (presets/noisy-student.json); the studentHidden default is wider.
	explain: 'a teacher labels the pool; a fresh student learns under noise and becomes the next teacher; it restarts low each round.',
	defaults: {rounds: 3, epochsPerRound: 3, threshold: 0.9, augmentEveryEpoch: true, augmentLabeled: true},
	knobs: ['softTargets', 'studentHidden'],
	ruleText: config => `> ${formatPercent(config.threshold, 0)} sure${config.softTargets ? ', soft targets' : ''}`,
	keySettings: config => [`threshold ${config.threshold}`],
	run: runNoisyStudent,
};
