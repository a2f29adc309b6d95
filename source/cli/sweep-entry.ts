/**
 * `pseudolabel-tui sweep …` and `pseudolabel-tui sweep trial …`. The sweep: the preset's contender count sets how many
 * trials fit the cores; trials run this same CLI; a preset found through the settings' presetsDir and the settings'
 * backend are pinned into every trial, so a machine with another settings dir runs the same race. `sweep trial` is
 * what each `--plan` line runs: it skips a trial whose folder holds a complete summary, takes `--cores` from the job it
 * runs in, runs the race in this process, and leaves a failure note for `runs aggregate` when the race fails.
 */
import os from 'node:os';
import {fileURLToPath} from 'node:url';
import {loadPreset} from '../config/presets.js';
import {openSettings, presetsDirOf} from '../config/settings.js';
import {defaultContenders} from '../config/contenders.js';
import {InputError, isInputError} from '../core/input-error.js';
import {clearFailureNote, writeFailureNote} from '../sweep/failure-note.js';
import {parseJobs} from '../sweep/grid.js';
import {jobCores} from '../sweep/job-cores.js';
import {completeSummaryIn} from '../sweep/runner.js';
import {dryRunTrial} from '../sweep/dry-run-trial.js';
import {defaultRunsDir} from '../summary/runs-dir.js';
import {runSweepCommand} from './commands/sweep.js';
import {settingsCatalog} from './knob-catalog.js';
import type {CliRequest} from './parse-args.js';
import {runRaceCommand} from './race-command.js';

export async function runSweep(request: CliRequest): Promise<number> {
	const sweep = request.sweep!;
	const [action, ...extra] = request.commandArgs;
	if (action === 'trial' && extra.length === 0) return runPlannedTrial(request);
	if (action !== undefined) {
		throw new InputError(`sweep: unexpected "${[action, ...extra].join(' ')}" (sweep takes flags only; \`sweep trial …\` is what a --plan line runs)`);
	}

	if (request.preset === undefined) throw new InputError('sweep: --preset is required (a preset name or file)');
	const settings = openSettings();
	const preset = loadPreset(request.preset, {presetsDir: request.presetsDir ?? presetsDirOf(settings)});
	return runSweepCommand(
		{
			preset: request.preset,
			seeds: sweep.seeds,
			vary: sweep.vary,
			jobs: sweep.jobs,
			out: sweep.out,
			plan: sweep.plan,
			planCommand: sweep.planCommand,
			raceArgs: sweep.raceArgs,
			// A user preset by name → its file, which any machine sharing the folder can read.
			trialPreset: preset.source === 'built-in' || request.preset.endsWith('.json') ? undefined : preset.source,
			settingsArgs: ['--backend', settings.get('backend')],
		},
		{
			catalog: settingsCatalog,
			workersPerRace: (preset.contenders ?? defaultContenders).length,
			cliScript: fileURLToPath(new URL('../cli.js', import.meta.url)),
			checkTrial: dryRunTrial(fileURLToPath(new URL('../cli.js', import.meta.url))),
			runsDir: request.runsDir ?? settings.get('runsDir') ?? defaultRunsDir(),
			stdout: text => process.stdout.write(text),
			stderr: process.stderr,
		},
	);
}

/** The seed a plan line gives (`--seed 3` or `--seed=3`); undefined without one. */
function seedOf(args: string[]): number | undefined {
	const index = args.findIndex(word => word === '--seed' || word.startsWith('--seed='));
	if (index === -1) return undefined;
	const word = args[index]!;
	const seed = Number(word.includes('=') ? word.slice('--seed='.length) : args[index + 1]);
	return Number.isInteger(seed) ? seed : undefined;
}

/** `sweep trial [--jobs J] <race flags> --runs-dir DIR`: one planned trial, skipped when it finished before. */
async function runPlannedTrial(request: CliRequest): Promise<number> {
	const sweep = request.sweep!;
	const stray = [sweep.seeds === undefined ? '' : '--seeds', sweep.vary.length > 0 ? '--vary' : '', sweep.out === undefined ? '' : '--out', sweep.plan ? '--plan' : ''].find(Boolean);
	if (stray) throw new InputError(`sweep trial: ${stray} belongs to planning a sweep; a trial takes the race's flags (--seed, --runs-dir, …)`);
	const dir = request.runsDir;
	if (dir === undefined) throw new InputError('sweep trial: --runs-dir is required (the trial\'s folder, as --plan writes it)');
	const done = await completeSummaryIn(dir, seedOf(sweep.raceArgs));
	if (done) {
		process.stderr.write(`pseudolabel-tui: skipped ${dir}: it holds a complete summary (${done.file}); not training again\n`);
		return 0;
	}

	const cores = request.cores ?? jobCores({env: process.env, available: os.availableParallelism(), jobsPerHost: parseJobs(sweep.jobs, 1)});
	let code: number;
	try {
		code = await runRaceCommand({...request, command: 'race', cores, commandArgs: [], sweep: undefined});
	} catch (error) {
		const message = isInputError(error) || error instanceof Error ? error.message : String(error);
		await writeFailureNote(dir, message).catch(() => undefined);
		throw error;
	}

	// 130: stopped (scancel, Ctrl+C): its partial summary says so; not a failure.
	if (code === 0) await clearFailureNote(dir).catch(() => undefined);
	else if (code !== 130) await writeFailureNote(dir, `exit code ${code}`).catch(() => undefined);
	return code;
}
