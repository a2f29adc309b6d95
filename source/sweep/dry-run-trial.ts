/**
 * A sweep's trials checked before any starts: each grid cell's first trial as a dry run of the same command line
 * (`--dry-run` loads the data and fits the plan, then stops). Data or flags every race would stop on (a --drop of a
 * column the table lacks, a --labeled the data cannot give) once made each trial fail alone, and the sweep end with
 * exit 1 and a report of no races.
 */
import {spawnSync} from 'node:child_process';
import type {Trial} from './grid.js';

/** Why a trial would stop (its one error line), or undefined when it would start. */
export type CheckTrial = (trial: Trial) => string | undefined;

export function dryRunTrial(script: string, execPath = process.execPath): CheckTrial {
	return trial => {
		const result = spawnSync(execPath, [script, ...trial.args, '--dry-run'], {encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe']});
		if (result.status === 0) return undefined;
		const line = result.stderr.trim().split('\n').at(-1)?.replace(/^pseudolabel-tui: /, '');
		return line || `its dry run ended with ${result.error?.message ?? `exit code ${result.status ?? result.signal}`}`;
	};
}

/** The first grid cell whose trial would stop, and why (one trial per cell: seeds change no flag or data). */
export function firstStoppingCell(trials: readonly Trial[], check: CheckTrial): {trial: Trial; reason: string} | undefined {
	const seen = new Set<string>();
	for (const trial of trials) {
		if (seen.has(trial.cell)) continue;
		seen.add(trial.cell);
		const reason = check(trial);
		if (reason !== undefined) return {trial, reason};
	}

	return undefined;
}
