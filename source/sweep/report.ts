/**
 * The sweep report: the summaries grouped into cells (cells.ts), per cell and contender the statistics
 * (contender-stats.ts), and what was not counted: partial, unreadable, duplicate and unplanned summaries, planned
 * trials still missing, and failed ones. Pure.
 */
import {groupCells, type CellSetting, type ExcludedSummary} from './cells.js';
import {contenderOrder, contenderStats, type ContenderStats} from './contender-stats.js';
import type {KnobCatalog} from './knob-catalog.js';
import type {SweepManifest} from './manifest.js';
import {spread, type Spread} from './stats.js';
import {supervisedOf, type TrialSummary} from './summary-schema.js';
import {formatCount} from '../text/format.js';

export type {CellSetting, ExcludedSummary} from './cells.js';
export type {ContenderStats, CurvePoint, GapStats} from './contender-stats.js';

// 2: cells and `varying` keyed by race flags (`--warmup`), `sweep.vary[].flag`, `excluded.unplanned`.
export const reportFormatVersion = 2;

export interface CellStats {
	/** `--threshold 0.5 --labeled 100`, or `all` when nothing varies. */
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

export interface SweepReport {
	formatVersion: typeof reportFormatVersion;
	presets: string[];
	/** What was swept: the manifest's race flags (`--warmup`) and values, else the settings that differ between races. */
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
		/** Complete summaries in the sweep folder outside every planned trial's folder. */
		unplanned: string[];
	};
	/** Planned trials without a complete summary (known only from a sweep.json manifest). */
	missing: string[];
	/** Trials whose last attempt failed (from the runner, or the manifest). */
	failed: Array<{id: string; error: string}>;
	/** The manifest's sweep, when the folder has one. */
	sweep: {preset: string; seeds: number[]; vary: Array<{flag: string; values: string[]}>; command: string; planCommand?: string} | null;
	/** Distinct machines and backends the races ran on. */
	environments: string[];
	/**
	 * The data the races trained on, one text per dataset: name, training and test samples, the labeled counts —
	 * which otherwise show only where a sweep varied them (a preset's count fitted to small data, for one).
	 */
	datasets: string[];
}

export interface AggregateInput {
	summaries: TrialSummary[];
	unreadable?: Array<{file: string; problem: string}>;
	manifest?: SweepManifest;
	/** Failures known to the caller (the runner, or failure notes of plan lines), merged with the manifest's. */
	failed?: Array<{id: string; error: string}>;
	/** Names varied knobs by their race flags where cells come from saved settings; config paths otherwise. */
	catalog?: KnobCatalog;
}

function environmentText(summary: TrialSummary): string | undefined {
	const environment = summary.environment;
	if (!environment) return undefined;
	const cpu = environment.cpu?.model ? `${environment.cpu.model}${environment.cpu.cores ? `, ${environment.cpu.cores} cores` : ''}` : undefined;
	return [environment.backend, environment.node ? `Node ${environment.node}` : undefined, cpu].filter(Boolean).join(', ') || undefined;
}

/** "wine (720 training, 180 test samples; 72 labeled)" per dataset, the labeled counts of all its races listed. */
function datasetTexts(summaries: TrialSummary[]): string[] {
	const byData = new Map<string, {labeled: Set<number>; real: boolean}>();
	for (const summary of summaries) {
		const counts = summary.datasetCounts;
		if (summary.datasetName === undefined || counts === undefined) continue;
		const key = `${summary.datasetName} (${formatCount(counts.train)} training, ${formatCount(counts.test)} test samples`;
		const entry = byData.get(key) ?? {labeled: new Set<number>(), real: false};
		entry.labeled.add(counts.labeled);
		entry.real ||= counts.real;
		byData.set(key, entry);
	}

	return [...byData].map(([key, {labeled, real}]) => `${key}; ${[...labeled].sort((a, b) => a - b).map(count => formatCount(count)).join(', ')} labeled${real ? ', real: no truth' : ''})`);
}

/** The report over some summaries: complete ones grouped into cells, the rest listed as not counted. */
export function aggregate(input: AggregateInput): SweepReport {
	const manifest = input.manifest;
	const grouping = groupCells(input.summaries, {manifest, catalog: input.catalog});
	const counted = grouping.cells.flatMap(cell => cell.summaries);
	const cellStats: CellStats[] = grouping.cells.map(({label, settings, summaries}) => {
		const supervisedIds = new Set(summaries.map(summary => supervisedOf(summary)?.id).filter(id => id !== undefined));
		const supervised = supervisedIds.size === 0 ? null : (supervisedIds.has('supervised') ? 'supervised' : [...supervisedIds][0]!);
		const contenders = contenderOrder(summaries).sort((a, b) => Number(b.id === supervised) - Number(a.id === supervised));
		return {
			label,
			settings,
			trials: summaries.length,
			seeds: summaries.flatMap(summary => (summary.seed === null ? [] : [summary.seed])),
			supervised,
			contenders: contenders.map(entry => contenderStats(entry, summaries, supervised)),
			wallSeconds: spread(summaries.map(summary => summary.wallSeconds)),
			files: summaries.map(summary => summary.file),
		};
	});

	const failed = new Map<string, string>();
	for (const failure of [...(manifest?.failed ?? []), ...(input.failed ?? [])]) {
		if (!grouping.finished.has(failure.id)) failed.set(failure.id, failure.error);
	}

	return {
		formatVersion: reportFormatVersion,
		presets: [...new Set(input.summaries.filter(summary => !summary.partial).map(summary => summary.preset))],
		varying: grouping.varying,
		seeds: [...new Set(counted.flatMap(summary => (summary.seed === null ? [] : [summary.seed])))].sort((a, b) => a - b),
		trials: counted.length,
		cells: cellStats,
		excluded: {partial: grouping.partial, unreadable: input.unreadable ?? [], duplicates: grouping.duplicates, unplanned: grouping.unplanned},
		missing: (manifest?.trials ?? []).map(trial => trial.id).filter(id => !grouping.finished.has(id)),
		failed: [...failed].map(([id, error]) => ({id, error})),
		sweep: manifest
			? {
					preset: manifest.preset,
					seeds: manifest.seeds,
					vary: grouping.varying.map(({key, values}) => ({flag: key, values})),
					command: manifest.command,
					planCommand: manifest.planCommand,
				}
			: null,
		environments: [...new Set(counted.map(summary => environmentText(summary)).filter(text => text !== undefined))],
		datasets: datasetTexts(counted),
	};
}
