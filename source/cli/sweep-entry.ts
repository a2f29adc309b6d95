/** `pseudolabel-tui sweep …`: the preset's contender count sets how many trials fit the cores; trials run this same CLI. */
import {fileURLToPath} from 'node:url';
import {loadPreset} from '../config/presets.js';
import {openSettings, presetsDirOf} from '../config/settings.js';
import {defaultContenders} from '../config/contenders.js';
import {InputError} from '../core/input-error.js';
import {defaultRunsDir} from '../summary/runs-dir.js';
import {runSweepCommand} from './commands/sweep.js';
import {settingsCatalog} from './knob-catalog.js';
import type {CliRequest} from './parse-args.js';

export async function runSweep(request: CliRequest): Promise<number> {
	const sweep = request.sweep!;
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
		},
		{
			catalog: settingsCatalog,
			workersPerRace: (preset.contenders ?? defaultContenders).length,
			cliScript: fileURLToPath(new URL('../cli.js', import.meta.url)),
			runsDir: request.runsDir ?? settings.get('runsDir') ?? defaultRunsDir(),
			stdout: text => process.stdout.write(text),
			stderr: process.stderr,
		},
	);
}
