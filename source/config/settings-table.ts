/**
 * The remembered settings, declared once, as the knobs are in knobs.ts: each key with its schema, what a valid value
 * looks like, its default (or the folder it falls back to), whether `config set` may change it, and who writes it.
 * settings.ts (reading, repairing, writing), `config` and --help derive from this table.
 */
import path from 'node:path';
import {z} from 'zod';
import {backendRequests, type BackendRequest} from '../protocol/backends.js';
import {defaultRunsDir} from '../summary/runs-dir.js';

/** Everything the settings file may hold. */
export interface SettingsValues {
	/** The preset raced last, started again when no --preset is given. */
	lastPreset: string;
	backend: BackendRequest;
	/** Where run summaries are saved; the data folder's runs/ when unset. */
	runsDir?: string;
	/** The user's presets folder; the config folder's presets/ when unset. */
	presetsDir?: string;
}

export type SettingsKey = keyof SettingsValues;

export interface SettingSpec<Value> {
	schema: z.ZodType<Value>;
	/** "must be …": the one-line message for a bad value, in the file or on the command line. */
	expectation: string;
	/** The value when none is stored; absent for a key that falls back to a folder instead. */
	default?: Value;
	/** Where an unset folder setting points, given the settings file's path. */
	fallback?(settingsFile: string): string;
	/** `config set` / `config unset` may change it. */
	settable: boolean;
	/**
	 * `config set`'s value as stored: a folder relative to where the command ran is made absolute (stored as typed,
	 * runs were saved under whatever folder a later race ran in, and `runs` elsewhere found none).
	 */
	fromCommandLine?(value: string): string;
	/** `app`: the dashboard writes it by itself; `user`: it changes only with `config set`. */
	writtenBy: 'app' | 'user';
	/** What it is, for `config` and --help. */
	help: string;
}

export const settingsTable: {readonly [Key in SettingsKey]-?: SettingSpec<NonNullable<SettingsValues[Key]>>} = {
	lastPreset: {
		schema: z.string().min(1),
		expectation: 'a preset name',
		default: 'tutorial',
		settable: true,
		writtenBy: 'app',
		help: 'the preset the dashboard reopens (headless runs race the tutorial unless --preset names one)',
	},
	backend: {
		schema: z.enum(backendRequests),
		expectation: `one of ${backendRequests.join(', ')}`,
		default: 'auto',
		settable: true,
		writtenBy: 'user',
		help: 'the backend when --backend is not given',
	},
	runsDir: {
		schema: z.string().min(1),
		expectation: 'a folder path',
		fallback: () => defaultRunsDir(),
		fromCommandLine: value => path.resolve(value),
		settable: true,
		writtenBy: 'user',
		help: 'where run summaries are saved when --runs-dir is not given',
	},
	presetsDir: {
		schema: z.string().min(1),
		expectation: 'a folder path',
		fallback: settingsFile => path.join(path.dirname(settingsFile), 'presets'),
		fromCommandLine: value => path.resolve(value),
		settable: true,
		writtenBy: 'user',
		help: 'your own presets, when --presets-dir is not given',
	},
};

export const settingsKeys = Object.keys(settingsTable) as SettingsKey[];
export const settableKeys = settingsKeys.filter(key => settingsTable[key].settable);

/** The values a fresh settings file has: every key with a default. */
export const defaultSettings: Readonly<SettingsValues> = Object.fromEntries(
	settingsKeys.flatMap(key => (settingsTable[key].default === undefined ? [] : [[key, settingsTable[key].default]])),
) as unknown as SettingsValues;
