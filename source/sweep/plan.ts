/**
 * `sweep --plan`: one self-contained shell command per trial, for GNU parallel, a Slurm array or any other scheduler.
 * Pure.
 *
 * The program defaults to `node /absolute/path/to/dist/source/cli.js`: the very build that planned the sweep, found
 * whatever the working directory (GNU parallel over ssh starts in $HOME; Slurm wherever sbatch ran), and never a
 * download (`npx` on a host without the package would fetch it from the registry, possibly another version). `node`
 * is looked up on PATH rather than pinned to this process's binary, because hosts sharing a folder often install Node
 * in different places. `--plan-command` replaces it (e.g. `npx pseudolabel-tui` or a container's `docker run ...`).
 */
import {shellJoin, shellQuote} from './shell-quote.js';
import type {Trial} from './grid.js';

/** The default program for plan commands: `node '<absolute cli script>'`. */
export function defaultPlanProgram(cliScript: string): string {
	return `node ${shellQuote(cliScript)}`;
}

/** One line per trial: `<program> --preset P --seed S [--knob v ...] --json --runs-dir DIR > /dev/null`. */
export function planCommands(trials: Trial[], program: string): string[] {
	return trials.map(trial => `${program} ${shellJoin(trial.args)} > /dev/null`);
}
