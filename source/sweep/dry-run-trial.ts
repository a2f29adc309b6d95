/**
 * A sweep's trials checked before any starts: each grid cell's first trial as a dry run of the same command line
 * (`--dry-run` loads the data and fits the plan, then stops). Data or flags every race would stop on (a --drop of a
 * column the table lacks, a --labeled the data cannot give) once made each trial fail alone, and the sweep end with
 * exit 1 and a report of no races.
 */
import {spawnSync} from 'node:child_process';
import type {Trial} from './grid.js';

/**
 * Why a trial should not run: it would stop (its one error line), or it would race but a varied setting changes
 * nothing on this data (`unused`); undefined when it would start.
 */
export type CheckTrial = (trial: Trial) => {reason: string; unused?: true} | undefined;

export function dryRunTrial(script: string, execPath = process.execPath): CheckTrial {
	return trial => {
		// The plan as JSON (trials race with --json already): it says whether the data is real, which --labeled is not.
		const result = spawnSync(execPath, [script, ...trial.args, '--dry-run', '--json'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
		if (result.status !== 0) {
			const line = result.stderr.trim().split('\n').at(-1)?.replace(/^pseudolabel-tui: /, '');
			return {reason: line || `its dry run ended with ${result.error?.message ?? `exit code ${result.status ?? result.signal}`}`};
		}

		return unusedVaried(trial, result.stdout);
	};
}

/**
 * A varied setting the data never reads: `--vary labeled=20,60` on real data (its labeled samples are the labeled set)
 * made cells that differ in name only, reported side by side as if the count mattered.
 */
function unusedVaried(trial: Trial, planLine: string): {reason: string; unused: true} | undefined {
	let plan: {dataset?: {name?: string; info?: {mode?: string}}};
	try {
		plan = JSON.parse(planLine.trim().split('\n')[0] ?? '') as typeof plan;
	} catch {
		return undefined;
	}

	if (plan.dataset?.info?.mode !== 'real' || !trial.settings.some(setting => setting.name === 'labeled')) return undefined;
	return {reason: `--vary labeled: ${plan.dataset.name ?? 'the data'} is real data, whose labeled samples are all the labeled set: --labeled changes nothing`, unused: true};
}

/** The first grid cell whose trial would stop, and why (one trial per cell: seeds change no flag or data). */
export function firstStoppingCell(trials: readonly Trial[], check: CheckTrial): {trial: Trial; reason: string; unused?: true} | undefined {
	const seen = new Set<string>();
	for (const trial of trials) {
		if (seen.has(trial.cell)) continue;
		seen.add(trial.cell);
		const found = check(trial);
		if (found !== undefined) return {trial, ...found};
	}

	return undefined;
}
