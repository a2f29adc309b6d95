/**
 * The settings table: every knob of a race, declared once. The flag parser, the preset schema, `--help`, `--vary`
 * and the saved summary's config schema are all derived from this table, so adding a knob is one entry here plus
 * the code that uses its value. A knob only one method reads is declared in that method's file (source/methods/) and
 * joins the table through the registry's `methodKnobs`.
 *
 * Scope: `race` knobs are shared by every contender (same labeled images, pool, test set, initial weights);
 * `contender` knobs may differ per contender. Knobs in a group (augmentation, strongAugmentation) are nested objects
 * in preset files and configs, and flat flags on the command line.
 */
import {methodKnobs} from '../methods/registry.js';

/** How a value is typed and bounded. */
export type KnobRule =
	| {kind: 'int'; min: number; max: number}
	| {kind: 'number'; min: number; max: number; minExclusive?: boolean; maxExclusive?: boolean}
	| {kind: 'boolean'}
	| {kind: 'int-list'; min: number; max: number; minLength: number; maxLength: number};

export type KnobGroup = 'augmentation' | 'strongAugmentation';

export type KnobSection = 'race' | 'training' | 'pseudo-labels' | 'online' | 'noisy-student' | 'augmentation' | 'strong augmentation';

export interface KnobSpec {
	/** The flag without its dashes; booleans also get `--no-<flag>`. */
	flag: string;
	scope: 'race' | 'contender';
	/** Where it lives in a preset/config: a top-level field, or a field of a nested group. */
	group?: KnobGroup;
	rule: KnobRule;
	default: number | boolean | readonly number[];
	/** One line for --help and for listings. */
	help: string;
	/** The heading it is listed under in --help. */
	section: KnobSection;
	/** Placeholder in --help. */
	meta?: string;
}

// The seed feeds 32-bit generators, so larger values would silently alias smaller ones.
const maxSeed = 2 ** 32 - 1;
const unit = {kind: 'number', min: 0, max: 1} as const;

export const knobTable = {
	labeled: {
		flag: 'labeled', scope: 'race', section: 'race', meta: 'N',
		rule: {kind: 'int', min: 10, max: 1_000_000}, default: 1000,
		help: 'labeled images, drawn stratified by class; the rest of the training set is the unlabeled pool',
	},
	seed: {
		flag: 'seed', scope: 'race', section: 'race', meta: 'N',
		rule: {kind: 'int', min: 0, max: maxSeed}, default: 42,
		help: 'random seed of the split, the initial weights, shuffling and augmentation',
	},
	warmupEpochs: {
		flag: 'warmup', scope: 'contender', section: 'training', meta: 'N',
		rule: {kind: 'int', min: 0, max: 500}, default: 15,
		help: 'epochs on the labeled images before the first pseudo-labels',
	},
	epochsPerRound: {
		flag: 'epochs', scope: 'contender', section: 'training', meta: 'N',
		rule: {kind: 'int', min: 0, max: 500}, default: 15,
		help: 'retraining epochs per labeling round (offline methods)',
	},
	rounds: {
		flag: 'rounds', scope: 'contender', section: 'training', meta: 'N',
		rule: {kind: 'int', min: 0, max: 50}, default: 1,
		help: 'labeling rounds; each re-labels the pool with the improved model (offline methods)',
	},
	batchSize: {
		flag: 'batch-size', scope: 'contender', section: 'training', meta: 'N',
		rule: {kind: 'int', min: 1, max: 4096}, default: 32,
		help: 'images per training step (labeled images per step for online methods)',
	},
	learningRate: {
		flag: 'learning-rate', scope: 'contender', section: 'training', meta: 'X',
		rule: {kind: 'number', min: 0, max: 1, minExclusive: true}, default: 0.001,
		help: 'Adam learning rate',
	},
	dropout: {
		flag: 'dropout', scope: 'contender', section: 'training', meta: 'X',
		rule: {kind: 'number', min: 0, max: 0.9}, default: 0.3,
		help: 'dropout rate after each hidden layer',
	},
	threshold: {
		flag: 'threshold', scope: 'contender', section: 'pseudo-labels', meta: 'X',
		rule: {kind: 'number', min: 0, max: 1, minExclusive: true, maxExclusive: true}, default: 0.8,
		help: 'confidence a pseudo-label needs to be used (FixMatch/FlexMatch: τ)',
	},
	augmentEveryEpoch: {
		flag: 'augment-every-epoch', scope: 'contender', section: 'pseudo-labels',
		rule: {kind: 'boolean'}, default: false,
		help: 'draw fresh augmentations every epoch instead of once per round',
	},
	augmentLabeled: {
		flag: 'augment-labeled', scope: 'contender', section: 'pseudo-labels',
		rule: {kind: 'boolean'}, default: false,
		help: 'augment the labeled images too (supervised: train on augmented labeled images)',
	},
	onlineEpochs: {
		flag: 'online-epochs', scope: 'contender', section: 'online', meta: 'N',
		rule: {kind: 'int', min: 0, max: 500}, default: 30,
		help: 'online methods: epochs after warm-up, each one pass over the pool\'s worth of unlabeled images',
	},
	unlabeledRatio: {
		flag: 'mu', scope: 'contender', section: 'online', meta: 'N',
		rule: {kind: 'int', min: 1, max: 64}, default: 7,
		help: 'online methods: unlabeled images per labeled image in a step (μ)',
	},
	unlabeledWeight: {
		flag: 'lambda-u', scope: 'contender', section: 'online', meta: 'X',
		rule: {kind: 'number', min: 0, max: 100}, default: 1,
		help: 'FixMatch/FlexMatch/FreeMatch/Mean Teacher/VAT: weight of the unlabeled loss (λu)',
	},
	// Knobs only one method reads are declared in its file (source/methods/) and listed here in registry order.
	...methodKnobs,
	rotationDeg: {
		flag: 'rotation', group: 'augmentation', scope: 'contender', section: 'augmentation', meta: 'DEG',
		rule: {kind: 'number', min: 0, max: 180}, default: 10,
		help: 'rotation drawn from ±DEG degrees',
	},
	zoom: {
		flag: 'zoom', group: 'augmentation', scope: 'contender', section: 'augmentation', meta: 'X',
		rule: {kind: 'number', min: 0, max: 0.9}, default: 0.1,
		help: 'zoom drawn from 1±X, width and height apart (Keras)',
	},
	widthShift: {
		flag: 'width-shift', group: 'augmentation', scope: 'contender', section: 'augmentation', meta: 'X',
		rule: {kind: 'number', min: 0, max: 0.9}, default: 0.1,
		help: 'horizontal shift drawn from ±X of the width',
	},
	heightShift: {
		flag: 'height-shift', group: 'augmentation', scope: 'contender', section: 'augmentation', meta: 'X',
		rule: {kind: 'number', min: 0, max: 0.9}, default: 0.1,
		help: 'vertical shift drawn from ±X of the height',
	},
	elasticAlpha: {
		flag: 'elastic-alpha', group: 'augmentation', scope: 'contender', section: 'augmentation', meta: 'PX',
		rule: {kind: 'number', min: 0, max: 100}, default: 0,
		help: 'elastic distortion strength in pixels (Simard 2003 used 34); 0 turns it off',
	},
	elasticSigma: {
		flag: 'elastic-sigma', group: 'augmentation', scope: 'contender', section: 'augmentation', meta: 'PX',
		rule: {kind: 'number', min: 0.5, max: 20}, default: 4,
		help: 'smoothness of the elastic displacement field (Gaussian σ in pixels)',
	},
	tableNoise: {
		flag: 'table-noise', group: 'augmentation', scope: 'contender', section: 'augmentation', meta: 'X',
		rule: {kind: 'number', min: 0, max: 2}, default: 0.1,
		help: 'tables: Gaussian noise added to each feature, in standard deviations (weak view; the strong view too)',
	},
	strongRotationDeg: {
		flag: 'strong-rotation', group: 'strongAugmentation', scope: 'contender', section: 'strong augmentation', meta: 'DEG',
		rule: {kind: 'number', min: 0, max: 180}, default: 25,
		help: 'FixMatch/FlexMatch strong view: rotation ±DEG degrees',
	},
	strongZoom: {
		flag: 'strong-zoom', group: 'strongAugmentation', scope: 'contender', section: 'strong augmentation', meta: 'X',
		rule: {kind: 'number', min: 0, max: 0.9}, default: 0.2,
		help: 'strong view: zoom 1±X',
	},
	strongShift: {
		flag: 'strong-shift', group: 'strongAugmentation', scope: 'contender', section: 'strong augmentation', meta: 'X',
		rule: {kind: 'number', min: 0, max: 0.9}, default: 0.15,
		help: 'strong view: shift ±X of the size',
	},
	strongShearDeg: {
		flag: 'strong-shear', group: 'strongAugmentation', scope: 'contender', section: 'strong augmentation', meta: 'DEG',
		rule: {kind: 'number', min: 0, max: 60}, default: 17,
		help: 'strong view: shear ±DEG degrees',
	},
	cutout: {
		flag: 'cutout', group: 'strongAugmentation', scope: 'contender', section: 'strong augmentation', meta: 'PX',
		// Any image size may race, so the bound is not the image's side: a larger square is clipped at the image's edges.
		rule: {kind: 'int', min: 0, max: 1024}, default: 10,
		help: 'strong view: side of the square blanked out (clipped at the image); 0 turns it off',
	},
	noise: {
		flag: 'noise', group: 'strongAugmentation', scope: 'contender', section: 'strong augmentation', meta: 'X',
		rule: unit, default: 0.1,
		help: 'strong view: Gaussian pixel noise, as a share of full brightness',
	},
	strongTableMask: {
		flag: 'table-mask', group: 'strongAugmentation', scope: 'contender', section: 'strong augmentation', meta: 'P',
		rule: unit, default: 0.3,
		help: 'tables, strong view: share of features swapped with the same feature of a random row (VIME mask-and-swap)',
	},
} as const satisfies Record<string, KnobSpec>;

export type KnobName = keyof typeof knobTable;
type Table = typeof knobTable;

type ValueOfRule<Rule> = Rule extends {kind: 'boolean'} ? boolean : Rule extends {kind: 'int-list'} ? number[] : number;
/** The value type of one knob. */
export type KnobValue<Name extends KnobName> = ValueOfRule<Table[Name]['rule']>;

type NamesWhere<Condition> = {[Name in KnobName]: Table[Name] extends Condition ? Name : never}[KnobName];
type TopLevel<Scope> = Exclude<NamesWhere<{scope: Scope}>, NamesWhere<{group: KnobGroup}>>;
type GroupNames<Group extends KnobGroup> = NamesWhere<{group: Group}>;

/** Fields of a knob group under their config names (`strongRotationDeg` is `rotationDeg` inside its group). */
type GroupValues<Group extends KnobGroup> = {[Name in GroupNames<Group> as FieldName<Name>]: KnobValue<Name>};
type FieldName<Name extends string> = Name extends `strong${infer Rest}` ? Uncapitalize<Rest> : Name;

/** Settings every contender of a race shares. */
export type RaceSettings = {[Name in TopLevel<'race'>]: KnobValue<Name>};

/** Everything one contender trains with, fully resolved. */
export type ContenderSettings = {[Name in TopLevel<'contender'>]: KnobValue<Name>} & {
	augmentation: GroupValues<'augmentation'>;
	strongAugmentation: GroupValues<'strongAugmentation'>;
};

export type AugmentationRanges = ContenderSettings['augmentation'];
export type StrongAugmentation = ContenderSettings['strongAugmentation'];

export interface KnobEntry extends KnobSpec {
	name: KnobName;
	/** Its field in a preset or config: the name, or the name inside its group. */
	field: string;
	/** `augmentation.rotationDeg`-style path, as messages name it. */
	path: string;
}

/** The table as a list, in declaration order, each entry knowing its field and path. */
export const knobs: readonly KnobEntry[] = Object.entries(knobTable).map(([name, spec]) => {
	const s = spec as KnobSpec;
	const field = /^strong[A-Z]/.test(name) ? name.charAt(6).toLowerCase() + name.slice(7) : name;
	return {...s, name: name as KnobName, field, path: s.group ? `${s.group}.${field}` : field};
});

export function knobNamed(name: string): KnobEntry | undefined {
	return knobs.find(knob => knob.name === name);
}

/** A knob by its name, its flag, or its dotted path (`--vary` accepts all three). */
export function findKnob(key: string): KnobEntry | undefined {
	const bare = key.replace(/^--/, '');
	return knobs.find(knob => knob.name === bare || knob.flag === bare || knob.path === bare);
}

/** "an integer from 0 to 50", "between 0 and 1 (exclusive)": what a knob accepts, for every message. */
export function describeRule(rule: KnobRule): string {
	switch (rule.kind) {
		case 'int': {
			return `a whole number from ${rule.min} to ${rule.max}`;
		}

		case 'boolean': {
			return 'true or false';
		}

		case 'int-list': {
			const count = rule.minLength === rule.maxLength ? `${rule.minLength}` : `${rule.minLength} to ${rule.maxLength}`;
			return `${count} whole numbers from ${rule.min} to ${rule.max}, comma-separated`;
		}

		case 'number': {
			if (rule.minExclusive && rule.maxExclusive) return `a number between ${rule.min} and ${rule.max} (exclusive)`;
			if (rule.minExclusive) return `a number greater than ${rule.min} and at most ${rule.max}`;
			if (rule.maxExclusive) return `a number from ${rule.min} to less than ${rule.max}`;
			return `a number from ${rule.min} to ${rule.max}`;
		}
	}
}

/** Whether a JSON value fits the rule (the one check behind flags, presets and --vary). */
export function fitsRule(rule: KnobRule, value: unknown): boolean {
	switch (rule.kind) {
		case 'boolean': {
			return typeof value === 'boolean';
		}

		case 'int-list': {
			return (
				Array.isArray(value)
				&& value.length >= rule.minLength
				&& value.length <= rule.maxLength
				&& value.every(item => Number.isInteger(item) && item >= rule.min && item <= rule.max)
			);
		}

		case 'int': {
			return Number.isInteger(value) && (value as number) >= rule.min && (value as number) <= rule.max;
		}

		case 'number': {
			if (typeof value !== 'number' || !Number.isFinite(value)) return false;
			const aboveMin = rule.minExclusive ? value > rule.min : value >= rule.min;
			const belowMax = rule.maxExclusive ? value < rule.max : value <= rule.max;
			return aboveMin && belowMax;
		}
	}
}

const trueWords = new Set(['true', 'yes', 'on', '1']);
// Numbers as people write them: Number() alone also takes "0x20", "1e2" for a count, "0b1" and "  ".
const wholeText = /^[+-]?\d+$/;
const decimalText = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const numberFrom = (text: string, pattern: RegExp) => (pattern.test(text.trim()) ? Number(text) : Number.NaN);
const falseWords = new Set(['false', 'no', 'off', '0']);

/** Text from a flag or `--vary` → a value, or undefined when it is not one (the caller words the error). */
export function parseKnobText(rule: KnobRule, raw: string): number | boolean | number[] | undefined {
	const text = raw.trim();
	if (text === '') return undefined;
	let value: unknown;
	switch (rule.kind) {
		case 'boolean': {
			value = trueWords.has(text.toLowerCase()) ? true : falseWords.has(text.toLowerCase()) ? false : undefined;
			break;
		}

		case 'int-list': {
			value = text.split(/[,x×]/).map(part => numberFrom(part, wholeText));
			break;
		}

		default: {
			value = numberFrom(text, rule.kind === 'int' ? wholeText : decimalText);
		}
	}

	return fitsRule(rule, value) ? (value as number | boolean | number[]) : undefined;
}

/** The table's defaults as settings objects. */
export function defaultRaceSettings(): RaceSettings {
	return Object.fromEntries(knobs.filter(knob => knob.scope === 'race').map(knob => [knob.field, knob.default])) as RaceSettings;
}

export function defaultContenderSettings(): ContenderSettings {
	const settings: Record<string, unknown> = {augmentation: {}, strongAugmentation: {}};
	for (const knob of knobs) {
		if (knob.scope !== 'contender') continue;
		const value = Array.isArray(knob.default) ? [...(knob.default as number[])] : knob.default;
		if (knob.group) {
			(settings[knob.group] as Record<string, unknown>)[knob.field] = value;
		} else {
			settings[knob.field] = value;
		}
	}

	return settings as ContenderSettings;
}

/** A knob's value in a (partial) settings object, wherever its group puts it. */
export function readKnob(settings: Record<string, unknown>, knob: KnobEntry): unknown {
	if (!knob.group) return settings[knob.field];
	const group = settings[knob.group];
	return group !== null && typeof group === 'object' ? (group as Record<string, unknown>)[knob.field] : undefined;
}

/** Sets a knob's value in a partial settings object (nested groups are created as needed). */
export function writeKnob(settings: Record<string, unknown>, knob: KnobEntry, value: unknown): void {
	if (!knob.group) {
		settings[knob.field] = value;
		return;
	}

	const group = (settings[knob.group] ??= {}) as Record<string, unknown>;
	group[knob.field] = value;
}
