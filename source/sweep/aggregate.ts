/**
 * The heart of the sweep report: complete summaries grouped into grid cells by the settings that differ between them
 * (any folder works, also one filled by another scheduler), then per cell and contender the final accuracy's mean,
 * sd and range, the gap to the supervised contender paired seed by seed, the last pseudo-label round's rates, and the
 * mean accuracy curve. Pure.
 */
import {sampleSd, spread, type Spread} from './stats.js';
import {supervisedOf, type ContenderRecord, type TrialSummary} from './summary-schema.js';
import type {SweepManifest} from './manifest.js';

export const reportFormatVersion = 1;

/** One setting that tells cells apart, e.g. `threshold` = 0.5, or `semi.threshold` when contenders differ. */
export interface CellSetting {
	key: string;
	/** The value as saved; null when the summaries of this cell lack the setting. */
	value: unknown;
	/** For people: `0.5`, `true`, `–` when absent. */
	text: string;
}

/** Paired differences contender − supervised (accuracy fractions) over the seeds where both finished. */
export interface GapStats extends Spread {
	/** Seeds whose difference has the mean difference's sign. */
	sameSign: number;
}

export interface CurvePoint {
	epoch: number;
	mean: number;
	sd: number | null;
	n: number;
}

export interface ContenderStats {
	id: string;
	name: string;
	method: string;
	/** Complete races of this cell that include this contender. */
	trials: number;
	/** Final test accuracy over the races where it has one. */
	final: Spread | null;
	/** Seeds with a final accuracy, in ascending order. */
	seeds: number[];
	/** Races where the contender is present without a final accuracy (it failed). */
	failed: number;
	/** Races of the cell without this contender. */
	missing: number;
	/** Versus the supervised contender; null for the supervised contender itself or without any pair. */
	gap: GapStats | null;
	/** The last pseudo-label round: acceptance rate (share used, for online methods) and precision. */
	lastRound: {kind: 'round' | 'online'; rate: Spread | null; precision: Spread | null} | null;
	/** Mean test accuracy per epoch over the races, aligned by epoch number. */
	curve: CurvePoint[];
	wallSeconds: Spread | null;
}

export interface CellStats {
	/** `threshold=0.5, labeled=100`, or `all` when nothing varies. */
	label: string;
	settings: CellSetting[];
	/** Complete races in the cell. */
	trials: number;
	seeds: number[];
	/** Id of the supervised contender the gaps refer to. */
	supervised: string | null;
	contenders: ContenderStats[];
	/** Whole race wall time. */
	wallSeconds: Spread | null;
	/** Summary files of the cell, relative to the folder. */
	files: string[];
}

export interface ExcludedSummary {
	file: string;
	preset: string;
	seed: number | null;
	cell: string;
	/** A complete summary of the same cell and seed exists: the trial was run again and finished. */
	rerun: boolean;
}

export interface SweepReport {
	formatVersion: typeof reportFormatVersion;
	presets: string[];
	/** Keys whose values differ between the complete races (seeds aside): what was swept. */
	varying: Array<{key: string; values: string[]}>;
	seeds: number[];
	/** Complete races counted. */
	trials: number;
	cells: CellStats[];
	excluded: {
		partial: ExcludedSummary[];
		unreadable: Array<{file: string; problem: string}>;
		/** Older complete races of a cell and seed that was run again; the newest counts. */
		duplicates: Array<{file: string; keptFile: string}>;
	};
	/** Planned trials without a complete summary (known only from a sweep.json manifest). */
	missing: string[];
	/** Trials whose last attempt failed (from the runner, or the manifest). */
	failed: Array<{id: string; error: string}>;
	/** The manifest's sweep, when the folder has one. */
	sweep: {preset: string; seeds: number[]; vary: Array<{name: string; values: string[]}>; command: string; planCommand?: string} | null;
	/** Distinct machines and backends the races ran on. */
	environments: string[];
}

export interface AggregateInput {
	summaries: TrialSummary[];
	unreadable?: Array<{file: string; problem: string}>;
	manifest?: SweepManifest;
	/** Failures known to the caller (the runner), merged with the manifest's. */
	failed?: Array<{id: string; error: string}>;
}

type Flat = Map<string, string>;

function flatten(value: unknown, prefix: string, into: Map<string, unknown>): void {
	if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
		for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
			flatten(inner, prefix === '' ? key : `${prefix}.${key}`, into);
		}
	} else if (prefix !== '') {
		into.set(prefix, value);
	}
}

const isSeedKey = (key: string) => key === 'seed' || key.endsWith('.seed');

/**
 * A race's settings as flat keys with JSON values: preset, dataset, race-wide settings, and each contender-config path
 * (one key when all contenders agree on it, `<contender>.<path>` otherwise). Seeds are left out.
 */
export function settingsOf(summary: TrialSummary): Flat {
	const settings: Flat = new Map([['preset', JSON.stringify(summary.preset)]]);
	if (summary.datasetName !== undefined) settings.set('dataset', JSON.stringify(summary.datasetName));
	const race = new Map<string, unknown>();
	flatten(summary.race, '', race);
	for (const [key, value] of race) if (!isSeedKey(key)) settings.set(key, JSON.stringify(value));
	const byPath = new Map<string, Array<{id: string; value: string}>>();
	for (const contender of summary.contenders) {
		const config = new Map<string, unknown>();
		flatten(contender.config, '', config);
		for (const [key, value] of config) {
			if (isSeedKey(key) || race.has(key)) continue;
			const list = byPath.get(key) ?? [];
			list.push({id: contender.id, value: JSON.stringify(value)});
			byPath.set(key, list);
		}
	}

	for (const [key, list] of byPath) {
		if (list.every(item => item.value === list[0]!.value)) {
			settings.set(key, list[0]!.value);
		} else {
			for (const item of list) settings.set(`${item.id}.${key}`, item.value);
		}
	}

	return settings;
}

function valueText(json: string | undefined): string {
	if (json === undefined) return '–';
	const value = JSON.parse(json) as unknown;
	return typeof value === 'string' ? value : JSON.stringify(value);
}

function compareValues(a: string | undefined, b: string | undefined): number {
	if (a === b) return 0;
	if (a === undefined) return 1;
	if (b === undefined) return -1;
	const left = JSON.parse(a) as unknown;
	const right = JSON.parse(b) as unknown;
	if (typeof left === 'number' && typeof right === 'number') return left - right;
	return valueText(a).localeCompare(valueText(b));
}

/**
 * The knob order of a sweep's trial folders (`threshold=0.5,labeled=100/seed-1/...`), so that a folder filled by
 * `sweep --plan` through another scheduler reads in the same order as the runner's, without its manifest.
 */
function knobOrderFromPaths(files: string[]): string[] {
	const order: string[] = [];
	for (const file of files) {
		for (const segment of file.split('/').slice(0, -1)) {
			const pairs = segment.split(',').map(pair => /^([^=]+)=/.exec(pair)?.[1]);
			if (pairs.every(name => name !== undefined)) {
				for (const name of pairs) if (!order.includes(decodeURIComponent(name))) order.push(decodeURIComponent(name));
			}
		}
	}

	return order;
}

/** The keys whose values differ between races, in the sweep's --vary order when known, else preset, race, config. */
function varyingKeys(flats: Flat[], raceKeys: Set<string>, manifest: SweepManifest | undefined, files: string[]): string[] {
	const keys = new Set(flats.flatMap(flat => [...flat.keys()]));
	const varying = [...keys].filter(key => new Set(flats.map(flat => flat.get(key))).size > 1);
	const knobOrder = manifest ? manifest.vary.map(knob => knob.name) : knobOrderFromPaths(files);
	const rank = (key: string) => {
		const knob = knobOrder.findIndex(name => key === name || key.endsWith(`.${name}`));
		if (knob !== -1) return knob;
		if (key === 'preset') return 100;
		if (key === 'dataset') return 101;
		return raceKeys.has(key) ? 102 : 103;
	};

	return varying.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function cellLabel(keys: string[], flat: Flat): string {
	return keys.length === 0 ? 'all' : keys.map(key => `${key}=${valueText(flat.get(key))}`).join(', ');
}

function byCreation(a: TrialSummary, b: TrialSummary): number {
	return a.createdAt.localeCompare(b.createdAt) || a.file.localeCompare(b.file);
}

function contenderOrder(summaries: TrialSummary[]): Array<{id: string; name: string; method: string}> {
	const seen = new Map<string, {id: string; name: string; method: string}>();
	for (const summary of summaries) {
		for (const contender of summary.contenders) {
			if (!seen.has(contender.id)) seen.set(contender.id, {id: contender.id, name: contender.name, method: contender.method});
		}
	}

	return [...seen.values()];
}

function lastRoundOf(contender: ContenderRecord) {
	return contender.rounds.length === 0
		? undefined
		: contender.rounds.reduce((last, round) => (round.round >= last.round ? round : last));
}

function curveOf(contenders: ContenderRecord[]): CurvePoint[] {
	const byEpoch = new Map<number, number[]>();
	for (const contender of contenders) {
		for (const point of contender.epochs) {
			if (!Number.isFinite(point.testAccuracy)) continue;
			const list = byEpoch.get(point.epoch) ?? [];
			list.push(point.testAccuracy);
			byEpoch.set(point.epoch, list);
		}
	}

	return [...byEpoch.entries()]
		.sort(([a], [b]) => a - b)
		.map(([epoch, values]) => ({epoch, mean: spread(values)!.mean, sd: sampleSd(values), n: values.length}));
}

function gapOf(pairs: number[]): GapStats | null {
	const stats = spread(pairs);
	if (stats === null) return null;
	const sign = Math.sign(stats.mean);
	return {...stats, sameSign: pairs.filter(difference => Math.sign(difference) === sign).length};
}

function contenderStats(
	entry: {id: string; name: string; method: string},
	summaries: TrialSummary[],
	supervisedId: string | null,
): ContenderStats {
	const present = summaries.flatMap(summary => {
		const contender = summary.contenders.find(candidate => candidate.id === entry.id);
		return contender ? [{summary, contender}] : [];
	});
	const finished = present.filter(({contender}) => contender.finalAccuracy !== null && Number.isFinite(contender.finalAccuracy));
	const pairs: number[] = [];
	if (entry.id !== supervisedId) {
		for (const {summary, contender} of finished) {
			const supervised = supervisedOf(summary);
			if (supervised && supervised.id !== entry.id && supervised.finalAccuracy !== null) {
				pairs.push(contender.finalAccuracy! - supervised.finalAccuracy);
			}
		}
	}

	const lastRounds = present.flatMap(({contender}) => {
		const last = lastRoundOf(contender);
		return last ? [last] : [];
	});
	return {
		...entry,
		trials: present.length,
		final: spread(finished.map(({contender}) => contender.finalAccuracy)),
		seeds: finished.flatMap(({summary}) => (summary.seed === null ? [] : [summary.seed])).sort((a, b) => a - b),
		failed: present.length - finished.length,
		missing: summaries.length - present.length,
		gap: gapOf(pairs),
		lastRound:
			lastRounds.length === 0
				? null
				: {
						kind: lastRounds.every(round => round.kind === 'online') ? 'online' : 'round',
						rate: spread(lastRounds.map(round => round.acceptanceRate)),
						precision: spread(lastRounds.map(round => round.precision)),
					},
		curve: curveOf(finished.map(({contender}) => contender)),
		wallSeconds: spread(present.map(({contender}) => contender.wallSeconds)),
	};
}

function environmentText(summary: TrialSummary): string | undefined {
	const environment = summary.environment;
	if (!environment) return undefined;
	const cpu = environment.cpu?.model ? `${environment.cpu.model}${environment.cpu.cores ? `, ${environment.cpu.cores} cores` : ''}` : undefined;
	return [environment.backend, environment.node ? `Node ${environment.node}` : undefined, cpu].filter(Boolean).join(', ') || undefined;
}

/** The report over some summaries: complete ones grouped into cells, partial and unreadable ones listed. */
export function aggregate(input: AggregateInput): SweepReport {
	const complete = input.summaries.filter(summary => !summary.partial).sort(byCreation);
	const partial = input.summaries.filter(summary => summary.partial).sort(byCreation);
	const flats = complete.map(summary => settingsOf(summary));
	const raceKeys = new Set(complete.flatMap(summary => Object.keys(summary.race)));
	const keys = varyingKeys(flats, raceKeys, input.manifest, complete.map(summary => summary.file));
	const cellKey = (flat: Flat) => JSON.stringify(keys.map(key => flat.get(key) ?? null));

	// One race per cell and seed: the newest, when a trial was run twice.
	const newest = new Map<string, {summary: TrialSummary; flat: Flat}>();
	const duplicates: Array<{file: string; keptFile: string}> = [];
	const kept: Array<{summary: TrialSummary; flat: Flat}> = [];
	complete.forEach((summary, index) => {
		const flat = flats[index]!;
		if (summary.seed === null) {
			kept.push({summary, flat});
			return;
		}

		const slot = `${cellKey(flat)}#${summary.seed}`;
		const older = newest.get(slot);
		if (older) duplicates.push({file: older.summary.file, keptFile: summary.file});
		newest.set(slot, {summary, flat});
	});
	kept.push(...newest.values());

	const cells = new Map<string, {flat: Flat; summaries: TrialSummary[]}>();
	for (const {summary, flat} of kept) {
		const key = cellKey(flat);
		const cell = cells.get(key) ?? {flat, summaries: []};
		cell.summaries.push(summary);
		cells.set(key, cell);
	}

	const orderedCells = [...cells.values()].sort((a, b) => {
		for (const key of keys) {
			const order = compareValues(a.flat.get(key), b.flat.get(key));
			if (order !== 0) return order;
		}

		return 0;
	});

	const cellStats: CellStats[] = orderedCells.map(({flat, summaries}) => {
		summaries.sort((a, b) => (a.seed ?? 0) - (b.seed ?? 0) || byCreation(a, b));
		const supervisedIds = new Set(summaries.map(summary => supervisedOf(summary)?.id).filter(id => id !== undefined));
		const supervised = supervisedIds.size === 0 ? null : (supervisedIds.has('supervised') ? 'supervised' : [...supervisedIds][0]!);
		const contenders = contenderOrder(summaries).sort((a, b) => Number(b.id === supervised) - Number(a.id === supervised));
		return {
			label: cellLabel(keys, flat),
			settings: keys.map(key => ({key, value: flat.has(key) ? (JSON.parse(flat.get(key)!) as unknown) : null, text: valueText(flat.get(key))})),
			trials: summaries.length,
			seeds: summaries.flatMap(summary => (summary.seed === null ? [] : [summary.seed])),
			supervised,
			contenders: contenders.map(entry => contenderStats(entry, summaries, supervised)),
			wallSeconds: spread(summaries.map(summary => summary.wallSeconds)),
			files: summaries.map(summary => summary.file),
		};
	});

	const completeSlots = new Set(kept.map(({summary, flat}) => `${cellKey(flat)}#${summary.seed}`));
	const excludedPartial: ExcludedSummary[] = partial.map(summary => {
		const flat = settingsOf(summary);
		return {
			file: summary.file,
			preset: summary.preset,
			seed: summary.seed,
			cell: cellLabel(keys, flat),
			rerun: summary.seed !== null && completeSlots.has(`${cellKey(flat)}#${summary.seed}`),
		};
	});

	const manifest = input.manifest;
	const finishedTrial = (id: string) => kept.some(({summary}) => summary.file.startsWith(`${id}/`));
	const failed = new Map<string, string>();
	for (const failure of [...(manifest?.failed ?? []), ...(input.failed ?? [])]) {
		if (!finishedTrial(failure.id)) failed.set(failure.id, failure.error);
	}

	return {
		formatVersion: reportFormatVersion,
		presets: [...new Set(complete.map(summary => summary.preset))],
		varying: keys.map(key => ({
			key,
			values: [...new Set(flats.map(flat => flat.get(key)))].sort(compareValues).map(value => valueText(value)),
		})),
		seeds: [...new Set(kept.flatMap(({summary}) => (summary.seed === null ? [] : [summary.seed])))].sort((a, b) => a - b),
		trials: kept.length,
		cells: cellStats,
		excluded: {partial: excludedPartial, unreadable: input.unreadable ?? [], duplicates},
		missing: (manifest?.trials ?? []).map(trial => trial.id).filter(id => !finishedTrial(id)),
		failed: [...failed].map(([id, error]) => ({id, error})),
		sweep: manifest
			? {preset: manifest.preset, seeds: manifest.seeds, vary: manifest.vary, command: manifest.command, planCommand: manifest.planCommand}
			: null,
		environments: [...new Set(kept.map(({summary}) => environmentText(summary)).filter(text => text !== undefined))],
	};
}
