/** `presets`, `config` and `runs`: commands that print and exit (`config set/unset` also write the settings file). */
import {openSettings, presetsDirOf} from '../config/settings.js';
import {defaultRunsDir} from '../summary/runs-dir.js';
import {InputError} from '../core/input-error.js';
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
			return presetsCommand({presetsDir: request.presetsDir ?? presetsDirOf(settings), stdout, stderr, width: outputWidth(process.stdout)});
		}

		case 'config': {
			if (request.commandArgs.length > 0) {
				if (!['set', 'unset'].includes(request.commandArgs[0]!)) {
					throw new InputError(`config: unknown action "${request.commandArgs[0]}" (expected set or unset)`);
				}

				return configChangeCommand(request.commandArgs, {settings, stdout});
			}

			return configCommand({settings, stdout});
		}

		default: {
			return runsCommand(request.commandArgs, {
				runsDir: request.runsDir ?? settings.get('runsDir') ?? defaultRunsDir(),
				stdout,
				stderr,
				color: process.stdout.isTTY === true && process.env.FORCE_COLOR !== '0',
				width: outputWidth(process.stdout),
			});
		}
	}
}
