/** `config`: where the settings file is and what it holds, defaults included. */
import {defaultSettings, presetsDirOf, type Settings} from '../../config/settings.js';
import {InputError} from '../../core/input-error.js';
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
	options.stdout(
		`Settings file: ${settings.path}\n${lines.join('\n')}\n`
			+ 'Only lastPreset is remembered on its own (the dashboard reopens it; headless and --json runs always race the\n'
			+ 'tutorial unless --preset says otherwise). The others change only with "config set" and "config unset".\n',
	);
	return 0;
}

const settableKeys = ['lastPreset', 'backend', 'runsDir', 'presetsDir'] as const;
type SettableKey = (typeof settableKeys)[number];

/** `config set KEY VALUE` / `config unset KEY`: change a setting (validated), then print them all. */
export function configChangeCommand(args: string[], options: ConfigCommandOptions): number {
	const [action, key, value, ...extra] = args;
	if (!settableKeys.includes(key as SettableKey) || extra.length > 0 || (action === 'set') !== (value !== undefined)) {
		throw new InputError(`config: expected "config set KEY VALUE" or "config unset KEY" with KEY one of ${settableKeys.join(', ')}`);
	}

	if (action === 'unset' && (key === 'lastPreset' || key === 'backend')) {
		// These two always have a value; unsetting means back to the default.
		options.settings.set(key, defaultSettings[key]);
	} else {
		options.settings.set(key as SettableKey, value as never);
	}

	return configCommand(options);
}
