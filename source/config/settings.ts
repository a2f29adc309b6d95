/** The user's remembered choices (last preset, backend, folders), kept by conf in the config folder. */
import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import envPaths from 'env-paths';
import {InputError} from '../core/input-error.js';
import {parseJson} from '../core/byte-order-mark.js';
import type {BackendRequest} from '../protocol/backends.js';
import {defaultSettings, settingsKeys, settingsTable, type SettingsKey, type SettingsValues} from './settings-table.js';

export {defaultSettings, type SettingsKey, type SettingsValues};

/** A backend the settings may name: the protocol's list plus `auto`. */
export type BackendChoice = BackendRequest;

const isValid = (key: SettingsKey, value: unknown) => settingsTable[key].schema.safeParse(value).success;

/** Reads and writes settings; never throws on a damaged file, it reports it in `warnings`. */
export interface Settings {
	/** The settings file. */
	readonly path: string;
	/** One-line notes for stderr: a damaged file that was backed up and reset, or a folder that can't be written. */
	readonly warnings: string[];
	get<Key extends SettingsKey>(key: Key): SettingsValues[Key];
	/** Stores a value; `undefined` clears an optional one. Throws InputError on an invalid value. */
	set<Key extends SettingsKey>(key: Key, value: SettingsValues[Key]): void;
	/** All values with defaults filled in. */
	values(): SettingsValues;
}

export interface SettingsOptions {
	/** Folder of config.json; overrides $PSEUDOLABEL_TUI_CONFIG_DIR and the platform's config folder. */
	cwd?: string;
	env?: NodeJS.ProcessEnv;
}

/** The folder holding config.json (and, by default, the user's presets/). */
export function settingsDir(options: SettingsOptions = {}): string {
	const env = options.env ?? process.env;
	return options.cwd ?? env.PSEUDOLABEL_TUI_CONFIG_DIR ?? envPaths('pseudolabel-tui', {suffix: ''}).config;
}

function backupName(file: string, now: Date): string {
	return `${file}.bak-${now.toISOString().replaceAll(/[:.]/g, '-')}`;
}

/** Keys whose stored values are unusable, with what each should have been. */
function invalidEntries(data: Record<string, unknown>): string[] {
	return settingsKeys
		.filter(key => key in data && !isValid(key, data[key]))
		.map(key => `"${key}" must be ${settingsTable[key].expectation}`);
}

/**
 * Checks the file before conf reads it: conf throws on bad JSON. A damaged file is copied aside and replaced by its
 * usable part (nothing, when it isn't a JSON object), so the app starts with defaults and a warning.
 */
function repairedFile(file: string, now: Date): string | undefined {
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}

	let data: unknown;
	let problem: string | undefined;
	try {
		data = parseJson(text);
		if (data === null || typeof data !== 'object' || Array.isArray(data)) {
			problem = 'it is not a JSON object';
		}
	} catch (error) {
		problem = `it is not valid JSON (${(error as Error).message.split('\n')[0]})`;
	}

	const record = problem === undefined ? (data as Record<string, unknown>) : {};
	const invalid = problem === undefined ? invalidEntries(record) : [];
	if (problem === undefined && invalid.length === 0) {
		return undefined;
	}

	const backup = backupName(file, now);
	fs.copyFileSync(file, backup);
	const kept = Object.fromEntries(
		Object.entries(record).filter(([key]) => !settingsKeys.includes(key as SettingsKey) || isValid(key as SettingsKey, record[key])),
	);
	fs.writeFileSync(file, `${JSON.stringify(kept, undefined, '\t')}\n`);
	const what = problem ?? invalid.join('; ');
	const reset = problem === undefined ? 'reset those values' : 'started from defaults';
	return `settings file ${file} was damaged (${what}); saved a copy as ${path.basename(backup)} and ${reset}`;
}

function validated<Key extends SettingsKey>(key: Key, value: SettingsValues[Key]): SettingsValues[Key] {
	// A key without a default may be cleared; it then falls back to its folder.
	if (value === undefined && settingsTable[key].default === undefined) {
		return value;
	}

	if (!isValid(key, value)) {
		throw new InputError(`setting "${key}" must be ${settingsTable[key].expectation}, got ${JSON.stringify(value)}`);
	}

	return value;
}

function withDefaults(stored: Partial<Record<string, unknown>>): SettingsValues {
	const values: SettingsValues = {...defaultSettings};
	for (const key of settingsKeys) {
		if (isValid(key, stored[key])) {
			(values as unknown as Record<string, unknown>)[key] = stored[key];
		}
	}

	return values;
}

/** Settings kept only in memory, for when the config folder can't be used. */
function memorySettings(file: string, warnings: string[]): Settings {
	let stored: Partial<SettingsValues> = {};
	return {
		path: file,
		warnings,
		get: key => withDefaults(stored)[key],
		set(key, value) {
			stored = {...stored, [key]: validated(key, value)};
		},
		values: () => withDefaults(stored),
	};
}

/** Opens the settings file, repairing it if it was damaged by hand or by a crash. */
export function openSettings(options: SettingsOptions = {}): Settings {
	const dir = settingsDir(options);
	const file = path.join(dir, 'config.json');
	const warnings: string[] = [];
	let conf: Conf<Partial<SettingsValues>>;
	try {
		const repair = repairedFile(file, new Date());
		if (repair !== undefined) {
			warnings.push(repair);
		}

		conf = new Conf<Partial<SettingsValues>>({
			projectName: 'pseudolabel-tui',
			projectSuffix: '',
			cwd: dir,
			accessPropertiesByDotNotation: false,
			// conf's own JSON.parse would refuse a file a Windows editor saved.
			deserialize: text => parseJson(text) as Partial<SettingsValues>,
		});
	} catch (error) {
		warnings.push(`cannot use the settings folder ${dir} (${(error as Error).message.split('\n')[0]}); settings won't be remembered`);
		return memorySettings(file, warnings);
	}

	// The file is re-read on every access, so a hand edit while the app runs must not crash it either.
	const storedValues = (): SettingsValues => {
		try {
			return withDefaults(conf.store);
		} catch (error) {
			const repair = repairedFile(file, new Date());
			warnings.push(repair ?? `cannot read ${file} (${(error as Error).message.split('\n')[0]})`);
			return withDefaults({});
		}
	};

	return {
		path: conf.path,
		warnings,
		get: key => storedValues()[key],
		set(key, value) {
			const checked = validated(key, value);
			const write = () => {
				if (checked === undefined) {
					conf.delete(key);
				} else {
					conf.set(key, checked);
				}
			};

			try {
				write();
			} catch (error) {
				if (!(error instanceof SyntaxError)) {
					throw new Error(`cannot save settings to ${file} (${(error as Error).message.split('\n')[0]})`);
				}

				// conf reads the file before writing; a file broken meanwhile is repaired like at start.
				const repair = repairedFile(file, new Date());
				if (repair !== undefined) {
					warnings.push(repair);
				}

				write();
			}
		},
		values: storedValues,
	};
}

/** A folder setting's value, else the folder it falls back to (settings-table.ts). */
function folderOf(settings: Pick<Settings, 'get' | 'path'>, key: 'runsDir' | 'presetsDir'): string {
	return settings.get(key) ?? settingsTable[key].fallback!(settings.path);
}

/** The user's presets folder: --presets-dir, else the setting, else presets/ next to the settings file. */
export function presetsDirOf(settings: Pick<Settings, 'get' | 'path'>, flag?: string): string {
	return flag ?? folderOf(settings, 'presetsDir');
}

/** Where run summaries go: --runs-dir, else the setting, else the data folder's runs/. The one place this is decided. */
export function runsDirOf(settings: Pick<Settings, 'get' | 'path'>, flag?: string): string {
	return flag ?? folderOf(settings, 'runsDir');
}
