/**
 * Noisy Student (Xie et al. 2020): a teacher labels the pool; a fresh student learns under noise (dropout, fresh
 * augmentation) and becomes the next teacher (loop: training/run-noisy-student.ts).
 */
import type {KnobSpec} from '../config/knobs.js';
import {formatPercent} from '../text/format.js';
import {runNoisyStudent} from '../training/run-noisy-student.js';
import {knobNames, type MethodDefinition} from './method.js';

/** The students' targets and size (only this method reads them; they join the settings table through the registry). */
export const noisyStudentKnobs = {
	softTargets: {
		flag: 'soft-targets', scope: 'contender', section: 'noisy-student',
		rule: {kind: 'boolean'}, default: false,
		help: 'Noisy Student: train on the teacher\'s probabilities instead of confident hard labels',
	},
	balance: {
		flag: 'balance', scope: 'contender', section: 'noisy-student',
		rule: {kind: 'boolean'}, default: false,
		help: 'Noisy Student: give the pseudo-labels the labeled images\' class shares (top confidence, duplicates)',
	},
	studentNoise: {
		flag: 'student-noise', scope: 'contender', section: 'noisy-student', meta: 'SIGMA',
		rule: {kind: 'number', min: 0, max: 1}, default: 0,
		help: 'Noisy Student: σ of Gaussian pixel noise (of 1) on the student\'s images instead of affine pool views; 0: affine (own data: 0.15)',
	},
	labeledShare: {
		flag: 'labeled-share', scope: 'contender', section: 'noisy-student', meta: 'X',
		rule: {kind: 'number', min: 0, max: 1, maxExclusive: true}, default: 0,
		help: 'Noisy Student: repeat the labeled images to about this share of the student\'s set (0: once each)',
	},
	studentHidden: {
		flag: 'student-hidden', scope: 'contender', section: 'noisy-student', meta: 'N,N',
		rule: {kind: 'int-list', min: 8, max: 2048, minLength: 2, maxLength: 2}, default: [1024, 512],
		help: 'Noisy Student: the student\'s two hidden layer widths',
	},
} as const satisfies Record<string, KnobSpec>;

export const noisyStudent: MethodDefinition<'noisy-student'> = {
	name: 'noisy-student',
	label: 'Noisy Student',
	kind: 'offline',
	// The preset's students have the teacher's size (presets/noisy-student.json); the studentHidden default is wider.
	explain: 'offline: a teacher labels the pool; a fresh student, starting from scratch, learns the labels under noise (dropout, and shifted views or pixel noise) and becomes the next teacher, so each round starts low again.',
	defaults: {rounds: 3, epochsPerRound: 3, threshold: 0.9, augmentEveryEpoch: true, augmentLabeled: true},
	knobs: knobNames(noisyStudentKnobs),
	ruleText: config => `> ${formatPercent(config.threshold, 0)} sure${config.softTargets ? ', soft targets' : ''}`,
	keySettings: config => [`threshold ${formatPercent(config.threshold, 0)}`],
	run: runNoisyStudent,
};
