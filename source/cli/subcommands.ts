/** `presets`, `config` and `runs`: commands that print and exit (`config set/unset` also write the settings file). */
import {listPresets} from '../config/presets.js';
import {openSettings, presetsDirOf, runsDirOf} from '../config/settings.js';
import {InputError} from '../core/input-error.js';
import {usesColor} from './color.js';
import {configChangeCommand, configCommand} from './commands/config.js';
import {presetsCommand} from './commands/presets.js';
import {runsCommand} from './commands/runs.js';
import {outputWidth} from './output-width.js';
import type {CliRequest} from './parse-args.js';

const stdout = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
const stderr = (text: string) => process.stderr.write(`pseudolabel-tui: ${text.endsWith('\n') ? text : `${text}\n`}`);

export async function runSubcommand(request: CliRequest): Promise<number> {
	const settings = openSettings();
	for (const warning of settings.warnings) stderr(`warning: ${warning}`);
	switch (request.command) {
		case 'presets': {
			return presetsCommand({presetsDir: presetsDirOf(settings, request.presetsDir), stdout, stderr, width: outputWidth(process.stdout)});
		}

		case 'config': {
			if (request.commandArgs.length > 0) {
				if (!['set', 'unset'].includes(request.commandArgs[0]!)) {
					throw new InputError(`config: unknown action "${request.commandArgs[0]}" (expected set or unset)`);
				}

				const presetNames = listPresets({presetsDir: presetsDirOf(settings, request.presetsDir)}).presets.map(preset => preset.name);
				return configChangeCommand(request.commandArgs, {settings, stdout, width: outputWidth(process.stdout), presetNames});
			}

			return configCommand({settings, stdout, width: outputWidth(process.stdout)});
		}

		default: {
			return runsCommand(request.commandArgs, {
				runsDir: runsDirOf(settings, request.runsDir),
				stdout,
				stderr,
				color: usesColor(process.stdout),
				width: outputWidth(process.stdout),
				json: request.json,
			});
		}
	}
}
