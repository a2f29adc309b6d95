/**
 * Who races: a preset's contenders resolved into full configurations. One merge for everything, in this order —
 * the settings table's defaults, the method's defaults, the preset's shared values, the contender's own values, and
 * last the command-line flags (which apply to every contender of every preset raced in the session).
 */
import {
	defaultContenderSettings,
	defaultRaceSettings,
	knobNamed,
	writeKnob,
	type KnobName,
	type RaceSettings,
} from './knobs.js';
import {methodInfo, type Method} from './methods.js';
import type {RunConfig} from './run-config.js';

/** Validated knob values by knob name (flat, whatever group a knob belongs to). */
export type KnobPatch = Partial<Record<KnobName, number | boolean | number[]>>;

/** A contender as a preset declares it. */
export interface ContenderEntry {
	/** Short id used in events, files and `runs compare`: lower-case letters, digits and "-". */
	id: string;
	/** Shown in the legend and reports. */
	name: string;
	method: Method;
	notes?: string;
	patch: KnobPatch;
}

/** A contender ready to race. */
export interface ContenderPlan {
	id: string;
	name: string;
	method: Method;
	config: RunConfig;
	/** Epochs it will train: its own plan, or for supervised contenders the longest other contender's. */
	epochs: number;
}

export interface RacePlan {
	race: RaceSettings;
	contenders: ContenderPlan[];
	/** The longest contender's epochs: the chart's x range. */
	epochs: number;
}

export const maxContenders = 6;

/** The race of presets without a contender list: the tutorial's two runs, under the ids JSON consumers know. */
export const defaultContenders: readonly ContenderEntry[] = [
	{id: 'supervised', name: 'supervised', method: 'supervised', patch: {}},
	{id: 'semi', name: 'self-training', method: 'pseudo-label', patch: {}},
];

function applyPatch(target: Record<string, unknown>, patch: KnobPatch, scope: 'race' | 'contender'): void {
	for (const [name, value] of Object.entries(patch)) {
		const knob = knobNamed(name);
		if (knob?.scope === scope && value !== undefined) {
			writeKnob(target, knob, Array.isArray(value) ? [...value] : value);
		}
	}
}

/** Epochs a contender plans on its own: offline methods warm up then retrain per round, online ones run their epochs. */
export function plannedEpochs(method: Method, config: RunConfig): number {
	return methodInfo[method].kind === 'online'
		? config.warmupEpochs + config.onlineEpochs
		: config.warmupEpochs + config.rounds * config.epochsPerRound;
}

/** The race settings and every contender's full configuration. */
export function resolveRace(shared: KnobPatch, entries: readonly ContenderEntry[] | undefined, flags: KnobPatch = {}): RacePlan {
	const race = defaultRaceSettings() as unknown as Record<string, unknown>;
	applyPatch(race, shared, 'race');
	applyPatch(race, flags, 'race');
	const planned = (entries ?? defaultContenders).map(entry => {
		const settings = defaultContenderSettings() as unknown as Record<string, unknown>;
		// Before contenders, a preset's augmentation flags applied to the pseudo-labeling run only; presets without a
		// contender list keep that meaning, so their supervised baseline stays un-augmented.
		const own = entries === undefined && entry.method === 'supervised' ? withoutAugmentationSwitches(shared) : shared;
		for (const patch of [methodInfo[entry.method].defaults as KnobPatch, own, entry.patch, flags]) {
			applyPatch(settings, patch, 'contender');
		}

		const config = {...race, ...settings} as unknown as RunConfig;
		return {id: entry.id, name: entry.name, method: entry.method, config, epochs: plannedEpochs(entry.method, config)};
	});
	// A supervised contender configured exactly like an earlier one is the same run (the methods presets' sup+aug once
	// the labeled augmentation is off): it would draw the same line on a core of its own, so it leaves the race.
	const seen = new Set<string>();
	const distinct = planned.filter(contender => {
		if (contender.method !== 'supervised') return true;
		const key = supervisedRunKey(contender.config);
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
	const others = distinct.filter(contender => contender.method !== 'supervised');
	// The epoch budget rule: a supervised contender trains as long as the longest semi-supervised one, so the race is fair.
	const budget = others.length > 0 ? Math.max(...others.map(contender => contender.epochs)) : undefined;
	const contenders = distinct.map(contender =>
		contender.method === 'supervised' && budget !== undefined ? {...contender, epochs: budget} : contender,
	);
	return {race: race as unknown as RaceSettings, contenders, epochs: Math.max(0, ...contenders.map(c => c.epochs))};
}

/**
 * What decides a supervised run's numbers: its whole configuration, less the augmentation settings when it does not
 * augment (run-supervised.ts reads them only with augmentLabeled), so two such contenders compare equal.
 */
function supervisedRunKey(config: RunConfig): string {
	const {augmentEveryEpoch: _every, augmentation: _augmentation, ...rest} = config;
	return JSON.stringify(config.augmentLabeled ? config : rest);
}

function withoutAugmentationSwitches(patch: KnobPatch): KnobPatch {
	const {augmentLabeled: _labeled, augmentEveryEpoch: _everyEpoch, ...rest} = patch;
	return rest;
}

/** The contender the others are measured against: the one with id `supervised`, else the first supervised one. */
export function baselineAmong<T extends {id: string; method: string}>(contenders: readonly T[]): T | undefined {
	return (
		contenders.find(contender => contender.id === 'supervised' && contender.method === 'supervised')
		?? contenders.find(contender => contender.method === 'supervised')
	);
}
