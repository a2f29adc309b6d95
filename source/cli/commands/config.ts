/** `config`: where the settings file is and what it holds, defaults included; `config set/unset` change one value. */
import {settableKeys, settingsTable, type SettingsKey} from '../../config/settings-table.js';
import {defaultSettings, type Settings} from '../../config/settings.js';
import {InputError} from '../../core/input-error.js';
import {wrapParagraphs} from '../../text/wrap.js';

export interface ConfigCommandOptions {
	settings: Settings;
	stdout: (text: string) => void;
	/** Columns the note under the values wraps to (the caller's outputWidth); absent: not wrapped. */
	width?: number;
	/** The presets there are (built-in and the user's), which `config set lastPreset` must name; absent: not checked. */
	presetNames?: readonly string[];
}

/** Prints the settings file's path and every value, marking the folders that fall back to their default. */
export function configCommand(options: ConfigCommandOptions): number {
	const {settings} = options;
	const stored = settings.values();
	const rows = (Object.keys(settingsTable) as SettingsKey[]).map(key => {
		const value = stored[key];
		const fallback = settingsTable[key].fallback;
		return value === undefined && fallback ? [key, fallback(settings.path), '  (default)'] : [key, String(value), ''];
	});
	const width = Math.max(...rows.map(([key]) => key!.length)) + 2;
	const lines = rows.map(([key, value, mark]) => `${key!.padEnd(width)}${value}${mark}`);
	const note = options.width === undefined ? rememberedNote() : wrapParagraphs(rememberedNote(), options.width).join('\n');
	options.stdout(`Settings file: ${settings.path}\n${lines.join('\n')}\n${note}\n`);
	return 0;
}

/** Which settings change by themselves and which only by hand, from the table. */
export function rememberedNote(): string {
	const keys = Object.keys(settingsTable) as SettingsKey[];
	const byApp = keys.filter(key => settingsTable[key].writtenBy === 'app');
	const byUser = keys.filter(key => settingsTable[key].writtenBy === 'user');
	return [
		`Remembered on ${byApp.length === 1 ? 'its' : 'their'} own (the dashboard writes ${byApp.length === 1 ? 'it' : 'them'}): ${byApp.join(', ')}.`,
		`${byUser.join(', ')}: only with "config set" and "config unset". Flags are never remembered.`,
	].join('\n');
}

/** `config set KEY VALUE` / `config unset KEY`: change a setting (validated), then print them all. */
export function configChangeCommand(args: string[], options: ConfigCommandOptions): number {
	const [action, key, value, ...extra] = args;
	if (!settableKeys.includes(key as SettingsKey) || extra.length > 0 || (action === 'set') !== (value !== undefined)) {
		throw new InputError(`config: expected "config set KEY VALUE" or "config unset KEY" with KEY one of ${settableKeys.join(', ')}`);
	}

	const settable = key as SettingsKey;
	// A key with a default always has a value: unsetting it means back to the default; a folder is cleared.
	// A name no preset has was stored, and the dashboard then fell back to the tutorial with a warning every start.
	if (settable === 'lastPreset' && value !== undefined && options.presetNames !== undefined && !options.presetNames.includes(value)) {
		throw new InputError(`config set lastPreset: no preset is named "${value}", expected one of ${options.presetNames.join(', ')}`);
	}

	const typed = value === undefined ? undefined : (settingsTable[settable].fromCommandLine?.(value) ?? value);
	options.settings.set(settable, (action === 'unset' ? defaultSettings[settable] : typed) as never);
	return configCommand(options);
}
