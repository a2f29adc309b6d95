/** `config`: where the settings file is and what it holds, defaults included. */
import {presetsDirOf, type Settings} from '../../config/settings.js';
import {defaultRunsDir} from '../../summary/runs-dir.js';

export interface ConfigCommandOptions {
	settings: Settings;
	stdout: (text: string) => void;
}

/** Prints the settings file's path and every value, marking the ones that are defaults. */
export function configCommand(options: ConfigCommandOptions): number {
	const {settings} = options;
	const stored = settings.values();
	const rows: Array<[string, string, boolean]> = [
		['lastPreset', stored.lastPreset, false],
		['backend', stored.backend, false],
		['runsDir', stored.runsDir ?? defaultRunsDir(), stored.runsDir === undefined],
		['presetsDir', presetsDirOf(settings), stored.presetsDir === undefined],
	];
	const width = Math.max(...rows.map(([key]) => key.length)) + 2;
	const lines = rows.map(([key, value, isDefault]) => `${key.padEnd(width)}${value}${isDefault ? '  (default)' : ''}`);
	options.stdout(`Settings file: ${settings.path}\n${lines.join('\n')}\n`);
	return 0;
}
