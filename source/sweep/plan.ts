/**
 * `sweep --plan`: one self-contained shell command per trial, for GNU parallel, a Slurm array or any other scheduler.
 * Pure.
 *
 * Each line runs `<program> sweep trial <the race's flags>`: the trial mode skips a trial whose folder already holds a
 * complete summary (so re-submitting a job array re-trains nothing that finished), takes its `--cores` from the job it
 * runs in (job-cores.ts), and otherwise runs the race in the same process. The lines carry everything the race needs
 * (absolute preset file and folders, the planning host's backend setting), never the planning host's settings dir.
 *
 * The program defaults to `node /absolute/path/to/dist/source/cli.js`: the very build that planned the sweep, found
 * whatever the working directory (GNU parallel over ssh starts in $HOME; Slurm wherever sbatch ran), and never a
 * download (`npx` on a host without the package would fetch it from the registry, possibly another version). `node`
 * is looked up on PATH rather than pinned to this process's binary, because hosts sharing a folder often install Node
 * in different places. `--plan-command` replaces it (e.g. `npx pseudolabel-tui`, a container's `docker run ...`, or
 * `/opt/node/bin/node /path/cli.js` where a job's PATH has no `node`).
 */
import {shellJoin, shellQuote} from './shell-quote.js';
import type {Trial} from './grid.js';

/** The default program for plan commands: `node '<absolute cli script>'`. */
export function defaultPlanProgram(cliScript: string): string {
	return `node ${shellQuote(cliScript)}`;
}

/**
 * One line per trial: `<program> sweep trial [--jobs J] --preset P --seed S [--flag v ...] --json --runs-dir DIR >
 * /dev/null`. `jobsPerHost` (> 1) tells each trial how many trials share its machine, so it takes its share of the
 * machine's CPUs (ignored inside a Slurm job, whose allocation is its own).
 */
export function planCommands(trials: Trial[], program: string, jobsPerHost = 1): string[] {
	const jobs = jobsPerHost > 1 ? ['--jobs', String(jobsPerHost)] : [];
	return trials.map(trial => `${program} ${shellJoin(['sweep', 'trial', ...jobs, ...trial.args])} > /dev/null`);
}
