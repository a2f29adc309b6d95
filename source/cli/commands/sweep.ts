/**
 * `sweep` and `runs aggregate DIR`: the command functions, taking already-split arguments. The CLI wires the flags:
 *
 *   pseudolabel-tui sweep --preset P [--seeds N|a,b,c] [--vary flag=v1,v2 ...] [--jobs N] [--out DIR]
 *                         [--plan [--plan-command CMD]] [any race flag, e.g. --backend wasm --rounds 2]
 *   pseudolabel-tui runs aggregate DIR
 *
 * (`sweep trial …`, the command each plan line runs, is in sweep-entry.ts.)
 * Exit codes: 0 done, 1 some trial failed, 2 bad input (one line on stderr), 130 interrupted. `runs aggregate`
 * throws its bad input as an InputError, which the CLI prints once.
 */
import {namesSynthetic} from '../../data/formats/synthetic.js';
import {createHash} from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {InputError, isInputError} from '../../core/input-error.js';
import {makeFolder} from '../../files/make-folder.js';
import {firstStoppingCell, type CheckTrial} from '../../sweep/dry-run-trial.js';
import {buildTrials, defaultJobs, parseJobs, parseSeeds, parseVary, type Trial, type VariedKnob} from '../../sweep/grid.js';
import type {KnobCatalog} from '../../sweep/knob-catalog.js';
import {manifestName, type SweepManifest} from '../../sweep/manifest.js';
import {defaultPlanProgram, planCommands} from '../../sweep/plan.js';
import {readManifest, readSummaries, writeManifest, writeReport} from '../../sweep/report-files.js';
import {nodeLauncher, processInterrupt, runTrials, type LaunchTrial, type ProgressStream} from '../../sweep/runner.js';
import {shellJoin, shellQuote} from '../../sweep/shell-quote.js';

export interface SweepCommandOptions {
	/** `--preset`: a preset name or a preset file (made absolute so trials find it from any folder). */
	preset: string;
	/** `--seeds`: a count (`5` → 1..5) or a list (`1,2,3`); default 3 seeds. */
	seeds?: string;
	/** `--vary flag=v1,v2,...` (`warmup=5,10`; a knob name or config path works too), repeatable. */
	vary?: string[];
	/** `--jobs N`; default as many races as fit the cores. */
	jobs?: string;
	/** `--out DIR`: the sweep folder; default `<runs dir>/sweeps/<preset>[-<hash of the fixed flags>]`. */
	out?: string;
	/** `--plan`: print one shell command per trial instead of running them. */
	plan?: boolean;
	/** `--plan-command CMD`: the program at the start of each plan line (shell text); default `node <this cli.js>`. */
	planCommand?: string;
	/**
	 * Race flags every trial gets, as words (`['--backend', 'wasm', '--rounds', '2']`): --backend, --data (with how to
	 * read it), --data-dir, --presets-dir and fixed knob values. --data, --data-dir and --presets-dir values are made
	 * absolute.
	 */
	raceArgs?: string[];
	/**
	 * `--preset` as the trials get it, when it differs from `preset`: the absolute file of a preset found through the
	 * settings' presetsDir, so a machine with another settings dir runs the same preset.
	 */
	trialPreset?: string;
	/** Flags from this host's settings every trial gets unless `raceArgs` sets them, e.g. `['--backend', 'wasm']`. */
	settingsArgs?: string[];
}

export interface SweepCommandDeps {
	catalog: KnobCatalog;
	/** Training workers one race of this preset runs at once (its contender count): sets the default --jobs. */
	workersPerRace: number;
	/** Absolute path of the CLI script trials run (`dist/source/cli.js`). */
	cliScript: string;
	/** The runs folder (settings or --runs-dir): the default sweep folder goes under it. */
	runsDir: string;
	stdout: (text: string) => void;
	stderr: ProgressStream;
	cores?: number;
	/** How a trial process is started; default `node <cliScript> <args>`. */
	launch?: LaunchTrial;
	/** Registers the Ctrl+C handler; default SIGINT/SIGTERM on this process. */
	onInterrupt?: (stop: () => void) => () => void;
	now?: () => number;
	killGraceMs?: number;
	/** Each grid cell's first trial checked before any starts (dry-run-trial.ts); none when not given. */
	checkTrial?: CheckTrial;
}

export interface AggregateCommandDeps {
	stdout: (text: string) => void;
	stderr: (text: string) => void;
	/** Names the cells of a folder without a manifest by race flags. */
	catalog?: KnobCatalog;
}

const pathFlags = new Set(['--data', '--data-dir', '--presets-dir']);

function looksLikePath(preset: string): boolean {
	return preset.includes('/') || preset.includes(path.sep) || preset.endsWith('.json');
}

function absoluteRaceArgs(args: string[]): string[] {
	return args.map((word, index) => (index > 0 && pathFlags.has(args[index - 1]!) && !(args[index - 1] === '--data' && namesSynthetic(word)) ? path.resolve(word) : word));
}

function fileSafe(text: string): string {
	const safe = text.replaceAll(/[^\w-]+/g, '-').replaceAll(/^-+|-+$/g, '').slice(0, 40);
	return safe === '' ? 'preset' : safe;
}

/** `<runsDir>/sweeps/<preset>`, plus a short hash of the fixed race flags when there are some. */
export function defaultSweepDir(runsDir: string, preset: string, raceArgs: string[]): string {
	const name = fileSafe(looksLikePath(preset) ? path.basename(preset, '.json') : preset);
	const hash = createHash('sha256').update(JSON.stringify([preset, raceArgs])).digest('hex').slice(0, 6);
	return path.join(runsDir, 'sweeps', raceArgs.length === 0 && !looksLikePath(preset) ? name : `${name}-${hash}`);
}

function seedsText(seeds: number[]): string {
	return seeds.every((seed, index) => seed === index + 1) ? String(seeds.length) : seeds.join(',');
}

/** The user-facing sweep command that reruns (resumes) this sweep. */
function sweepCommandLine(preset: string, seeds: number[], vary: VariedKnob[], raceArgs: string[], out: string, extra: string[] = []): string {
	return shellJoin([
		'npx',
		'pseudolabel-tui',
		'sweep',
		'--preset',
		preset,
		'--seeds',
		seedsText(seeds),
		...vary.flatMap(knob => ['--vary', `${knob.flag.replace(/^--/, '')}=${knob.values.join(',')}`]),
		...raceArgs,
		'--out',
		out,
		...extra,
	]);
}

/** The settings' flags a race flag given to the sweep does not already set. */
function pinnedArgs(settingsArgs: string[], raceArgs: string[]): string[] {
	const pinned: string[] = [];
	for (let index = 0; index < settingsArgs.length; index += 2) {
		const flag = settingsArgs[index]!;
		if (!raceArgs.some(word => word === flag || word.startsWith(`${flag}=`))) pinned.push(flag, settingsArgs[index + 1]!);
	}

	return pinned;
}

function fail(stderr: ProgressStream, error: unknown): number {
	if (isInputError(error)) {
		stderr.write(`pseudolabel-tui: ${error.message}\n`);
		return 2;
	}

	throw error;
}

/** `sweep`: plans the trials, then prints them (--plan) or runs them and writes the report. Returns the exit code. */
export async function runSweepCommand(options: SweepCommandOptions, deps: SweepCommandDeps): Promise<number> {
	let trials: Trial[];
	let seeds: number[];
	let vary: VariedKnob[];
	let jobs: number;
	let sweepDir: string;
	let preset: string;
	let raceArgs: string[];
	let raceFlags: string[];
	try {
		preset = looksLikePath(options.preset) ? path.resolve(options.preset) : options.preset;
		raceArgs = absoluteRaceArgs(options.raceArgs ?? []);
		seeds = parseSeeds(options.seeds, deps.catalog);
		vary = parseVary(options.vary ?? [], deps.catalog);
		jobs = parseJobs(options.jobs, defaultJobs(deps.cores ?? os.availableParallelism(), deps.workersPerRace));
		for (const knob of vary) {
			if (raceArgs.some(word => word === knob.flag || word.startsWith(`${knob.flag}=`))) {
				throw new InputError(`--vary ${knob.flag.replace(/^--/, '')}: also given as ${knob.flag}; keep one of them`);
			}
		}

		if (raceArgs.includes(deps.catalog.flag('seed'))) {
			throw new InputError(`${deps.catalog.flag('seed')}: a sweep takes --seeds (a count or a list), not ${deps.catalog.flag('seed')}`);
		}

		for (const reserved of ['--json', '--runs-dir', '--headless', '--no-save']) {
			if (raceArgs.includes(reserved)) throw new InputError(`${reserved}: the sweep sets this for its trials; leave it out`);
		}

		sweepDir = path.resolve(options.out ?? defaultSweepDir(deps.runsDir, preset, raceArgs));
		// Said as --out before a trial's --runs-dir (a flag the user never typed) would say it.
		if (options.out !== undefined && (await fs.stat(sweepDir).catch(() => undefined))?.isDirectory() === false) {
			throw new InputError(`--out ${options.out} is a file, expected a folder for the sweep's trials and report`);
		}

		const pinned = pinnedArgs(options.settingsArgs ?? [], raceArgs);
		raceFlags = [...raceArgs, ...pinned];
		const trialPreset = options.trialPreset ?? preset;
		if (options.plan) {
			// Cores are the running job's business (sweep trial); nothing of this host's core count goes into the lines.
			trials = buildTrials({preset: trialPreset, seeds, vary, sweepDir, catalog: deps.catalog, extraArgs: [...raceArgs, ...pinned]});
		} else {
			// Races running side by side share the cores: each may keep its share busy, so no helper thread of one race
			// crowds another race's contenders (helpers only pay off on a core that is really free).
			const coreShare = Math.max(1, Math.floor((deps.cores ?? os.availableParallelism()) / jobs));
			const coreArgs = jobs > 1 && !raceArgs.includes('--cores') ? ['--cores', String(coreShare)] : [];
			trials = buildTrials({preset: trialPreset, seeds, vary, sweepDir, catalog: deps.catalog, extraArgs: [...raceArgs, ...pinned, ...coreArgs]});
		}

		// Not for --plan: its lines may run on other machines, where the data lies at the path given.
		const stopping = !options.plan && deps.checkTrial ? firstStoppingCell(trials, deps.checkTrial) : undefined;
		if (stopping?.unused) throw new InputError(`sweep: ${stopping.reason}`);
		if (stopping) throw new InputError(`sweep: ${stopping.trial.cell === '' ? 'every trial' : `the trials ${stopping.trial.cell}`} would stop at once: ${stopping.reason}`);
	} catch (error) {
		return fail(deps.stderr, error);
	}

	const program = options.planCommand ?? defaultPlanProgram(deps.cliScript);
	// A plan line shares its host's CPUs among the trials --jobs says run side by side there; without --jobs, one.
	const perHost = options.jobs === undefined ? 1 : jobs;
	const planExtra = [...(options.jobs === undefined ? [] : ['--jobs', String(jobs)]), ...(options.planCommand === undefined ? [] : ['--plan-command', options.planCommand]), '--plan'];
	const planLine = `${sweepCommandLine(preset, seeds, vary, raceArgs, sweepDir, planExtra)} | parallel -j ${perHost}`;
	let manifest: SweepManifest;
	try {
		await makeFolder(sweepDir);
		const previous = await readManifest(sweepDir);
		if (previous && previous.preset !== preset) {
			throw new InputError(`--out: ${sweepDir} holds a sweep of preset "${previous.preset}"; choose another folder for "${preset}"`);
		}

		// Seeds and --vary may grow (finished trials are kept); other race flags would count another race's trials as
		// this one's (trial ids name only the cell and the seed).
		if (previous?.raceFlags !== undefined && previous.raceFlags.join('\0') !== raceFlags.join('\0')) {
			const flags = (words: string[]) => (words.length === 0 ? 'no race flags' : shellJoin(words));
			throw new InputError(`--out: ${sweepDir} holds a sweep raced with ${flags(previous.raceFlags)}, not ${flags(raceFlags)}; choose another folder`);
		}

		manifest = {
			formatVersion: 1,
			preset,
			seeds,
			vary,
			command: sweepCommandLine(preset, seeds, vary, raceArgs, sweepDir),
			planCommand: planLine,
			raceFlags,
			trials: trials.map(trial => ({id: trial.id, seed: trial.seed, settings: trial.settings})),
			failed: [],
		};
		await writeManifest(sweepDir, manifest);
	} catch (error) {
		if (isInputError(error)) return fail(deps.stderr, error);
		return fail(deps.stderr, new InputError(`cannot write ${path.join(sweepDir, manifestName)}: ${(error as Error).message.split('\n')[0]}`));
	}

	if (options.plan) {
		for (const line of planCommands(trials, program, perHost)) deps.stdout(`${line}\n`);
		deps.stderr.write(
			`${trials.length} trial${trials.length === 1 ? '' : 's'} into ${sweepDir} (planned in ${manifestName}); run them with e.g. \`| parallel -j ${perHost}\`, ` +
				`then: pseudolabel-tui runs aggregate ${shellQuote(sweepDir)}\n`,
		);
		return 0;
	}

	const result = await runTrials({
		trials,
		jobs,
		launch: deps.launch ?? nodeLauncher(deps.cliScript),
		stderr: deps.stderr,
		onInterrupt: deps.onInterrupt ?? processInterrupt,
		now: deps.now,
		killGraceMs: deps.killGraceMs,
		async onFailure(failure) {
			manifest.failed = [...manifest.failed.filter(item => item.id !== failure.id), failure];
			await writeManifest(sweepDir, manifest).catch(() => undefined);
		},
	});
	const written = await writeReport(sweepDir, {catalog: deps.catalog});
	deps.stdout(`${written.md}\n`);
	if (result.interrupted) return 130;
	return result.failed.length > 0 ? 1 : 0;
}

/** `runs aggregate DIR`: the report of every summary under DIR; prints the Markdown path. Bad input throws InputError. */
export async function runAggregateCommand(dir: string | undefined, deps: AggregateCommandDeps): Promise<number> {
	if (dir === undefined || dir.trim() === '') throw new InputError('usage: pseudolabel-tui runs aggregate DIR');
	const folder = path.resolve(dir);
	const [{summaries, unreadable}, manifest] = await Promise.all([readSummaries(folder), readManifest(folder)]);
	if (summaries.length === 0 && unreadable.length === 0 && !manifest) {
		throw new InputError(`${folder} holds no run summaries (*.json) in it or its subfolders`);
	}

	const written = await writeReport(folder, {catalog: deps.catalog});
	for (const item of written.report.excluded.unreadable) deps.stderr(`skipped ${item.file}: ${item.problem}\n`);
	const partial = written.report.excluded.partial.filter(item => !item.rerun).length;
	if (partial > 0) deps.stderr(`not counted: ${partial} partial summar${partial === 1 ? 'y' : 'ies'} (stopped early), listed in the report\n`);
	const notDone = written.report.missing.length;
	if (notDone > 0) {
		const failed = written.report.failed.length;
		deps.stderr(
			`not finished yet: ${notDone} of ${manifest?.trials.length ?? notDone} planned trials` +
				`${failed > 0 ? ` (${failed} failed)` : ''}: ${written.report.missing.slice(0, 5).join(', ')}${notDone > 5 ? ', …' : ''}\n`,
		);
	}

	deps.stdout(`${written.md}\n`);
	return 0;
}
