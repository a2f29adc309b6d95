/**
 * Which summaries form which grid cell, and which are not counted. A sweep's manifest says it: each planned trial's
 * folder `<cell>/seed-N` and the settings planned for it, so a summary belongs to the trial whose folder holds it.
 * A folder without a manifest (filled by an older `--plan`) reads its cells back from the trial folder names
 * (`parseTrialId`); any other folder of summaries falls back to the settings that differ between them
 * (`settingsDifferences`, which skips a setting some summaries lack, so a knob added between versions splits
 * nothing). One race counts per trial: the newest complete summary; older complete ones are duplicates, partial ones
 * are listed. Cells are named by race flags (`--warmup 5`) wherever the catalog knows the knob. Pure.
 */
import path from 'node:path/posix';
import {flattenSettings, settingsDifferences} from '../summary/contender-results.js';
import {parseTrialId} from './grid.js';
import type {KnobCatalog} from './knob-catalog.js';
import type {SweepManifest} from './manifest.js';
import type {TrialSummary} from './summary-schema.js';

/** One setting that tells cells apart: `--threshold` = 0.5, or a config path (`semi.threshold`) no flag sets. */
export interface CellSetting {
	key: string;
	/** The value as planned (text) or as saved (JSON value); null when the cell's summaries lack the setting. */
	value: unknown;
	/** For people: `0.5`, `true`, `–` when absent. */
	text: string;
}

export interface Cell {
	/** `--threshold 0.5 --labeled 100`, or `all` when nothing varies. */
	label: string;
	settings: CellSetting[];
	/** The counted (complete, newest per trial) summaries of the cell. */
	summaries: TrialSummary[];
}

export interface ExcludedSummary {
	file: string;
	preset: string;
	seed: number | null;
	cell: string;
	/** A complete summary of the same trial exists: the trial was run again and finished. */
	rerun: boolean;
}

export interface CellGrouping {
	/** The keys that tell cells apart, in cell-label order, each with its values in order. */
	varying: Array<{key: string; values: string[]}>;
	/** Cells with at least one counted summary, in the sweep's order (the manifest's grid, else by value). */
	cells: Cell[];
	partial: ExcludedSummary[];
	/** Older complete races of a trial that was run again; the newest counts. */
	duplicates: Array<{file: string; keptFile: string}>;
	/** Complete summaries outside every planned trial folder (only with a manifest). */
	unplanned: string[];
	/** Manifest trial ids that have a counted summary. */
	finished: Set<string>;
}

/** Where a summary belongs: its trial (counted once), its cell, and the cell's settings. */
interface Place {
	/** Summaries with the same slot are runs of the same trial. */
	slot: string;
	cellKey: string;
	/** Position of the cell in the sweep's order; undefined → order by value. */
	rank?: number;
	settings: CellSetting[];
	/** The manifest trial, when there is one. */
	trialId?: string;
}

/** `--threshold 0.5 --labeled 100` (a key no flag sets as `semi.threshold=0.5`, the data's flags as typed); `all` when nothing varies. */
export function cellLabel(settings: CellSetting[]): string {
	if (settings.length === 0) return 'all';
	// The data's flags (settingsRecord's `data`) read as typed.
	return settings.map(({key, text}) => (key === 'data' ? text : key.startsWith('--') ? `${key} ${text}` : `${key}=${text}`)).join(' ');
}

function byCreation(a: TrialSummary, b: TrialSummary): number {
	return a.createdAt.localeCompare(b.createdAt) || a.file.localeCompare(b.file);
}

/** Numbers by value, other text alphabetically, absent last. */
export function compareTexts(a: string, b: string): number {
	if (a === b) return 0;
	if (a === '–') return 1;
	if (b === '–') return -1;
	const [left, right] = [Number(a), Number(b)];
	if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(left) && Number.isFinite(right)) return left - right;
	return a.localeCompare(b);
}

const folderOf = (summary: TrialSummary) => path.dirname(summary.file);

/** Places from the manifest: a summary belongs to the planned trial whose folder holds it. */
function manifestPlaces(manifest: SweepManifest, catalog: KnobCatalog | undefined): (summary: TrialSummary) => Place | undefined {
	// Manifests before flags were recorded name knobs only.
	const flagOf = (name: string) => catalog?.flag(catalog.resolve(name) ?? name) ?? `--${name}`;
	const cellRanks = new Map<string, number>();
	const trials = new Map(
		manifest.trials.map(trial => {
			const settings = trial.settings.map(setting => ({key: setting.flag ?? flagOf(setting.name), value: setting.value, text: setting.value}));
			const cellKey = JSON.stringify(settings.map(setting => [setting.key, setting.text]));
			if (!cellRanks.has(cellKey)) cellRanks.set(cellKey, cellRanks.size);
			return [trial.id, {slot: trial.id, cellKey, rank: cellRanks.get(cellKey)!, settings, trialId: trial.id}];
		}),
	);
	return summary => trials.get(folderOf(summary));
}

/** Places from trial folder names (`threshold=0.5/seed-1/…`), when every complete summary sits in one. */
function folderPlaces(complete: TrialSummary[], catalog: KnobCatalog | undefined): ((summary: TrialSummary) => Place | undefined) | undefined {
	// Folders of earlier versions name knobs (`warmupEpochs=5`), today's name flags (`warmup=5`): both read as the flag.
	const flagOf = (flag: string) => {
		const name = catalog?.resolve(flag);
		return name === undefined ? flag : catalog!.flag(name);
	};
	if (complete.length === 0 || !complete.every(summary => parseTrialId(folderOf(summary)) !== undefined)) return undefined;
	return summary => {
		const trial = parseTrialId(folderOf(summary));
		if (trial === undefined) return undefined;
		const settings = trial.settings.map(({flag, value}) => ({key: flagOf(flag), value, text: value}));
		return {slot: folderOf(summary), cellKey: JSON.stringify(settings.map(setting => [setting.key, setting.text])), settings};
	};
}

const isSeedPath = (key: string) => key === 'seed' || key.endsWith('.seed');

/** flattenSettings' JSON text back to the value; its `–` (an undefined leaf) to undefined. */
const valueOf = (json: string): unknown => (json === '–' ? undefined : (JSON.parse(json) as unknown));

/**
 * A race's settings as one flat record: preset, dataset, race-wide settings, and each contender-config path (as is
 * when all contenders agree on it, `<contender>.<path>` otherwise). Seeds are left out.
 */
export function settingsRecord(summary: TrialSummary): Record<string, unknown> {
	const record: Record<string, unknown> = {preset: summary.preset};
	if (summary.datasetName !== undefined) record.dataset = summary.datasetName;
	// Races on other data are other cells, even under one name: `--drop id` or not, or the file changed in between.
	if (summary.data !== undefined) {
		record.data = summary.data.flags.join(' ');
		if (summary.data.fingerprint !== undefined) record['data sha256'] = summary.data.fingerprint.slice(0, 12);
	}
	const race = flattenSettings(summary.race);
	for (const [key, json] of race) if (!isSeedPath(key)) record[key] = valueOf(json);
	const byPath = new Map<string, Array<{id: string; json: string}>>();
	for (const contender of summary.contenders) {
		for (const [key, json] of flattenSettings(contender.config)) {
			if (isSeedPath(key) || race.has(key)) continue;
			byPath.set(key, [...(byPath.get(key) ?? []), {id: contender.id, json}]);
		}
	}

	for (const [key, list] of byPath) {
		if (list.every(item => item.json === list[0]!.json)) record[key] = valueOf(list[0]!.json);
		else for (const item of list) record[`${item.id}.${key}`] = valueOf(item.json);
	}

	return record;
}

function valueText(value: unknown): string {
	if (value === undefined) return '–';
	return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Places from the settings that differ between the complete summaries (any folder of summaries). */
function settingsPlaces(complete: TrialSummary[], catalog: KnobCatalog | undefined): (summary: TrialSummary) => Place {
	const records = new Map(complete.map(summary => [summary, settingsRecord(summary)]));
	// A dotted key reads back as the same path, so settingsDifferences compares exactly these settings.
	const paths = settingsDifferences([...records.values()]).map(item => item.path);
	const keyOf = (key: string) => {
		const name = catalog?.resolve(key);
		return name === undefined ? key : catalog!.flag(name);
	};

	return summary => {
		const record = records.get(summary) ?? settingsRecord(summary);
		const settings = paths.map(key => ({key: keyOf(key), value: record[key] ?? null, text: valueText(record[key])}));
		const cellKey = JSON.stringify(settings.map(setting => [setting.key, setting.text]));
		return {slot: summary.seed === null ? `${summary.file}` : `${cellKey}#${summary.seed}`, cellKey, settings};
	};
}

/** The summaries grouped into cells, with what is not counted and why. */
export function groupCells(summaries: TrialSummary[], options: {manifest?: SweepManifest; catalog?: KnobCatalog} = {}): CellGrouping {
	const complete = summaries.filter(summary => !summary.partial).sort(byCreation);
	const partial = summaries.filter(summary => summary.partial).sort(byCreation);
	const placeOf = options.manifest
		? manifestPlaces(options.manifest, options.catalog)
		: (folderPlaces(complete, options.catalog) ?? settingsPlaces(complete, options.catalog));

	// One race per trial: the newest, when a trial was run twice.
	const newest = new Map<string, {summary: TrialSummary; place: Place}>();
	const duplicates: Array<{file: string; keptFile: string}> = [];
	const unplanned: string[] = [];
	for (const summary of complete) {
		const place = placeOf(summary);
		if (place === undefined) {
			unplanned.push(summary.file);
			continue;
		}

		const older = newest.get(place.slot);
		if (older) duplicates.push({file: older.summary.file, keptFile: summary.file});
		newest.set(place.slot, {summary, place});
	}

	const cells = new Map<string, {place: Place; summaries: TrialSummary[]}>();
	for (const {summary, place} of newest.values()) {
		const cell = cells.get(place.cellKey) ?? {place, summaries: []};
		cell.summaries.push(summary);
		cells.set(place.cellKey, cell);
	}

	const varying = varyingOf(options.manifest, options.catalog, [...cells.values()].map(cell => cell.place.settings));
	const ordered = [...cells.values()].sort((a, b) => {
		if (a.place.rank !== undefined && b.place.rank !== undefined) return a.place.rank - b.place.rank;
		for (const {key} of varying) {
			const text = (place: Place) => place.settings.find(setting => setting.key === key)?.text ?? '–';
			const order = compareTexts(text(a.place), text(b.place));
			if (order !== 0) return order;
		}

		return 0;
	});

	return {
		varying,
		cells: ordered.map(({place, summaries: members}) => ({
			label: cellLabel(place.settings),
			settings: place.settings,
			summaries: members.sort((a, b) => (a.seed ?? 0) - (b.seed ?? 0) || byCreation(a, b)),
		})),
		partial: partial.map(summary => {
			const place = placeOf(summary);
			return {
				file: summary.file,
				preset: summary.preset,
				seed: summary.seed,
				cell: place === undefined ? 'outside the planned trials' : cellLabel(place.settings),
				rerun: place !== undefined && newest.has(place.slot),
			};
		}),
		duplicates,
		unplanned,
		finished: new Set([...newest.values()].flatMap(({place}) => (place.trialId === undefined ? [] : [place.trialId]))),
	};
}

/** The varied keys and their values: the manifest's grid in its order, else whatever the cells hold, sorted. */
function varyingOf(
	manifest: SweepManifest | undefined,
	catalog: KnobCatalog | undefined,
	cellSettings: CellSetting[][],
): Array<{key: string; values: string[]}> {
	if (manifest) {
		return manifest.vary.map(knob => ({key: knob.flag ?? catalog?.flag(catalog.resolve(knob.name) ?? knob.name) ?? `--${knob.name}`, values: knob.values}));
	}

	const keys: string[] = [];
	for (const settings of cellSettings) for (const {key} of settings) if (!keys.includes(key)) keys.push(key);
	return keys.map(key => ({
		key,
		values: [...new Set(cellSettings.map(settings => settings.find(setting => setting.key === key)?.text ?? '–'))].sort(compareTexts),
	}));
}
