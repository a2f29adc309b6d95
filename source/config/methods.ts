/** The training methods a contender can use, what each one's line should do, and the settings each changes by default. */
import type {KnobName} from './knobs.js';

export const methods = ['supervised', 'pseudo-label', 'lee2013', 'noisy-student', 'fixmatch', 'flexmatch'] as const;
export type Method = (typeof methods)[number];

export interface MethodInfo {
	/** Short label for legends and tables. */
	label: string;
	/** Offline methods label the pool in rounds; online methods label every unlabeled batch as they train. */
	kind: 'baseline' | 'offline' | 'online';
	/** One plain sentence for `?`: what the method does and what its line should do. */
	explain: string;
	/** Defaults of this method that differ from the table's, applied before the preset's own values. */
	defaults: Partial<Record<KnobName, number | boolean>>;
}

export const methodInfo: Record<Method, MethodInfo> = {
	supervised: {
		label: 'supervised',
		kind: 'baseline',
		explain: 'learns from the labeled images only; the line every other method has to beat.',
		defaults: {},
	},
	'pseudo-label': {
		label: 'pseudo-label',
		kind: 'offline',
		explain: 'the tutorial: after a warm-up it labels the pool, keeps confident guesses, augments them and retrains; '
			+ 'its line jumps after each labeling round.',
		defaults: {},
	},
	lee2013: {
		label: 'Lee 2013',
		kind: 'online',
		explain: 'labels every unlabeled batch with its current best guess (no threshold) and learns from it with a weight α '
			+ 'that ramps up; its line should climb steadily as α grows.',
		defaults: {warmupEpochs: 10, augmentLabeled: true},
	},
	'noisy-student': {
		label: 'Noisy Student',
		kind: 'offline',
		explain: 'a teacher labels the pool; a fresh, wider student learns from those labels under dropout and augmentation and '
			+ 'becomes the next teacher; its line restarts low each round and should end higher than the last.',
		defaults: {rounds: 3, epochsPerRound: 8, threshold: 0.9, augmentEveryEpoch: true, augmentLabeled: true},
	},
	fixmatch: {
		label: 'FixMatch',
		kind: 'online',
		explain: 'labels a gently augmented view of each unlabeled image and, when confident (≥ τ), teaches the model to give '
			+ 'the same answer for a heavily distorted view; it starts slowly while few guesses are confident.',
		defaults: {warmupEpochs: 10, threshold: 0.95, augmentLabeled: true},
	},
	flexmatch: {
		label: 'FlexMatch',
		kind: 'online',
		explain: 'FixMatch with a threshold per digit that starts low and rises as the model learns that digit, so hard digits '
			+ 'are used sooner; it should pull ahead of FixMatch early.',
		defaults: {warmupEpochs: 10, threshold: 0.95, augmentLabeled: true},
	},
};

export function isMethod(value: unknown): value is Method {
	return typeof value === 'string' && (methods as readonly string[]).includes(value);
}
