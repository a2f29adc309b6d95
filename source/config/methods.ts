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
		explain: 'learns from the labeled images only: the line to beat.',
		defaults: {},
	},
	'pseudo-label': {
		label: 'pseudo-label',
		kind: 'offline',
		explain: 'after warm-up it labels the pool, keeps confident guesses, retrains on them augmented; its line jumps each round.',
		defaults: {},
	},
	lee2013: {
		label: 'Lee 2013',
		kind: 'online',
		explain: 'labels every unlabeled batch with its best guess, no threshold, weighted by a rising α; its line climbs as α grows.',
		defaults: {warmupEpochs: 10, augmentLabeled: true},
	},
	'noisy-student': {
		label: 'Noisy Student',
		kind: 'offline',
		explain: 'a teacher labels the pool; a fresh, wider student learns under noise and becomes the next teacher; it restarts low each round.',
		defaults: {rounds: 3, epochsPerRound: 3, threshold: 0.9, augmentEveryEpoch: true, augmentLabeled: true},
	},
	fixmatch: {
		label: 'FixMatch',
		kind: 'online',
		explain: 'learns to give a heavily distorted image the label it gives a gently distorted one, when ≥ τ sure; a slow start, then a climb.',
		defaults: {warmupEpochs: 10, threshold: 0.95, augmentLabeled: true},
	},
	flexmatch: {
		label: 'FlexMatch',
		kind: 'online',
		explain: 'FixMatch with a threshold per digit that starts low and rises as the digit is learned; it should pull ahead early.',
		defaults: {warmupEpochs: 10, threshold: 0.95, augmentLabeled: true},
	},
};

export function isMethod(value: unknown): value is Method {
	return typeof value === 'string' && (methods as readonly string[]).includes(value);
}
