/**
 * Is one race's gap real? The evidence a sweep left for the same preset and settings: every complete trial summary
 * of a sweep folder (one holding a report.json, so `sweep` or `runs aggregate` reported it) whose preset, data and
 * contenders' settings are the race's own, seed apart. Per contender, the gap of each seed by the race's one
 * definition (core/gap.ts: final accuracy minus supervised's best by that epoch), its mean ± sd and in how many seeds
 * it has the mean's sign. The dashboard shows it beside the live gap and `runs show` under its table.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import {gapToBaselineBest} from '../core/gap.js';
import {baselineAmong, flattenSettings} from '../summary/contender-results.js';
import {reportBaseName} from './manifest.js';
import {readSummaries} from './report-files.js';
import {spread} from './stats.js';
import type {TrialSummary} from './summary-schema.js';

/** What a race is, for matching: its preset, its data's name and each contender's id, method and settings. */
export interface RaceIdentity {
	preset: string;
	/** The race's own summary id, when it is saved: never its own evidence (a report over the runs folder holds it). */
	id?: string;
	datasetName?: string;
	contenders: ReadonlyArray<{id: string; method: string; config: unknown}>;
}

export interface ContenderEvidence {
	id: string;
	/** Gap per seed (accuracy fractions): mean, sample sd (null for one seed), n. */
	mean: number;
	sd: number | null;
	n: number;
	/** Seeds whose gap has the mean's sign. */
	sameSign: number;
}

export interface SweepEvidence {
	/** The sweep folder the trials came from. */
	dir: string;
	seeds: number[];
	/** One entry per non-baseline contender with a gap in at least one seed. */
	contenders: ContenderEvidence[];
}

/** Settings that differ from race to race of one sweep without changing what is compared. */
const ignored = new Set(['seed']);

function settingsOf(config: unknown): Map<string, string> {
	const flat = flattenSettings(config);
	for (const path of ignored) flat.delete(path);
	return flat;
}

/** Same settings where both record them (a setting one version lacks is not compared, as summaries do elsewhere). */
function sameSettings(a: unknown, b: unknown): boolean {
	const left = settingsOf(a);
	const right = settingsOf(b);
	for (const [path, value] of left) {
		if (right.has(path) && right.get(path) !== value) return false;
	}

	return true;
}

/** Whether a trial summary is a complete race of this identity (any seed). */
export function matchesRace(summary: TrialSummary, race: RaceIdentity): boolean {
	if (summary.partial || summary.preset !== race.preset || summary.id === race.id) return false;
	if (race.datasetName !== undefined && summary.datasetName !== undefined && summary.datasetName !== race.datasetName) return false;
	if (summary.contenders.length !== race.contenders.length) return false;
	return race.contenders.every((contender, index) => {
		const other = summary.contenders[index]!;
		return other.id === contender.id && other.method === contender.method && sameSettings(contender.config, other.config);
	});
}

/** The evidence of some matching trials (the newest summary per seed); undefined without a gap in any of them. */
export function evidenceOf(trials: readonly TrialSummary[], dir: string): SweepEvidence | undefined {
	const bySeed = new Map<number, TrialSummary>();
	for (const trial of trials) {
		if (trial.seed === null) continue;
		const kept = bySeed.get(trial.seed);
		if (kept === undefined || trial.createdAt > kept.createdAt) bySeed.set(trial.seed, trial);
	}

	const kept = [...bySeed.entries()].sort(([a], [b]) => a - b);
	const first = kept[0]?.[1];
	if (first === undefined) return undefined;
	const baselineId = baselineAmong(first.contenders)?.id;
	if (baselineId === undefined) return undefined;
	const contenders: ContenderEvidence[] = [];
	for (const contender of first.contenders) {
		if (contender.id === baselineId) continue;
		const gaps = kept.map(([, trial]) => {
			const own = trial.contenders.find(item => item.id === contender.id);
			const baseline = trial.contenders.find(item => item.id === baselineId);
			if (own === undefined || baseline === undefined) return undefined;
			return gapToBaselineBest(own.epochs.map(point => point.testAccuracy), baseline.epochs.map(point => point.testAccuracy))?.points;
		});
		const stats = spread(gaps);
		if (stats === null) continue;
		const sign = Math.sign(stats.mean);
		const sameSign = gaps.filter(gap => gap !== undefined && Number.isFinite(gap) && Math.sign(gap) === sign).length;
		contenders.push({id: contender.id, mean: stats.mean, sd: stats.sd, n: stats.n, sameSign});
	}

	return contenders.length === 0 ? undefined : {dir, seeds: kept.map(([seed]) => seed), contenders};
}

/** Folders under `root` (it included, at most `depth` levels down, hidden ones skipped) that hold a sweep report. */
async function reportFolders(root: string, depth: number): Promise<string[]> {
	let entries: Array<{name: string; isDirectory(): boolean; isFile(): boolean}>;
	try {
		entries = await fs.readdir(root, {withFileTypes: true});
	} catch {
		return [];
	}

	const here = entries.some(entry => entry.isFile() && entry.name === `${reportBaseName}.json`) ? [root] : [];
	if (depth === 0) return here;
	const below = await Promise.all(
		entries.filter(entry => entry.isDirectory() && !entry.name.startsWith('.')).map(entry => reportFolders(path.join(root, entry.name), depth - 1)),
	);
	return [...here, ...below.flat()];
}

/**
 * The evidence for `race` in the sweep folders under `runsDir` (`<runs dir>/sweeps/<preset>…` by default, or any
 * folder up to three levels down holding a report): the folder with the most matching seeds. Undefined when none
 * matches; unreadable folders and files are passed over (the evidence is a hint, never a reason to stop).
 */
export async function findSweepEvidence(runsDir: string, race: RaceIdentity): Promise<SweepEvidence | undefined> {
	let best: SweepEvidence | undefined;
	for (const dir of await reportFolders(runsDir, 3)) {
		let summaries: TrialSummary[];
		try {
			summaries = (await readSummaries(dir)).summaries;
		} catch {
			continue;
		}

		const evidence = evidenceOf(summaries.filter(summary => matchesRace(summary, race)), dir);
		// As many seeds: the deeper folder, a sweep's own rather than a folder holding it (`runs aggregate` of the runs
		// folder reports every run in it).
		const better = best === undefined || evidence === undefined ? evidence !== undefined : evidence.seeds.length > best.seeds.length || (evidence.seeds.length === best.seeds.length && dir.length > best.dir.length);
		if (better) best = evidence;
	}

	return best;
}
