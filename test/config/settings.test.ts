import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {InputError} from '../../source/core/input-error.js';
import {defaultSettings, openSettings, presetsDirOf, runsDirOf, settingsDir} from '../../source/config/settings.js';
import {settableKeys, settingsKeys, settingsTable} from '../../source/config/settings-table.js';
import {configChangeCommand, configCommand} from '../../source/cli/commands/config.js';
import {settingsFileHelp} from '../../source/cli/help-text.js';
import {defaultRunsDir} from '../../source/summary/runs-dir.js';

let dir: string;

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'settings-test-'));
});

afterEach(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

function backups(): string[] {
	return fs.readdirSync(dir).filter(name => name.startsWith('config.json.bak-'));
}

describe('openSettings', () => {
	it('starts from defaults without creating warnings', () => {
		const settings = openSettings({cwd: dir});
		expect(settings.path).toBe(path.join(dir, 'config.json'));
		expect(settings.values()).toEqual(defaultSettings);
		expect(settings.warnings).toEqual([]);
	});

	it('round-trips values through the file', () => {
		const first = openSettings({cwd: dir});
		first.set('lastPreset', 'strict');
		first.set('backend', 'wasm');
		first.set('runsDir', '/tmp/runs');
		const second = openSettings({cwd: dir});
		expect(second.values()).toEqual({lastPreset: 'strict', backend: 'wasm', runsDir: '/tmp/runs'});
		expect(JSON.parse(fs.readFileSync(second.path, 'utf8'))).toEqual({lastPreset: 'strict', backend: 'wasm', runsDir: '/tmp/runs'});
		second.set('runsDir', undefined);
		expect(openSettings({cwd: dir}).get('runsDir')).toBeUndefined();
	});

	it('rejects invalid values with a one-line InputError and keeps the old value', () => {
		const settings = openSettings({cwd: dir});
		settings.set('backend', 'node');
		expect(() => settings.set('backend', 'gpu' as never)).toThrow(InputError);
		expect(() => settings.set('backend', 'gpu' as never)).toThrow('setting "backend" must be one of auto, node, wasm, cpu, ort-experimental, got "gpu"');
		expect(settings.get('backend')).toBe('node');
	});

	it('honours PSEUDOLABEL_TUI_CONFIG_DIR, and cwd beats it', () => {
		const fromEnv = path.join(dir, 'env');
		expect(settingsDir({env: {PSEUDOLABEL_TUI_CONFIG_DIR: fromEnv}})).toBe(fromEnv);
		expect(settingsDir({cwd: dir, env: {PSEUDOLABEL_TUI_CONFIG_DIR: fromEnv}})).toBe(dir);
		const settings = openSettings({env: {PSEUDOLABEL_TUI_CONFIG_DIR: fromEnv}});
		settings.set('lastPreset', 'quick');
		expect(fs.existsSync(path.join(fromEnv, 'config.json'))).toBe(true);
	});

	it('recovers from a corrupted file: warning, backup, defaults', () => {
		const file = path.join(dir, 'config.json');
		fs.writeFileSync(file, '{"lastPreset": "strict", ');
		const settings = openSettings({cwd: dir});
		expect(settings.values()).toEqual(defaultSettings);
		expect(settings.warnings).toHaveLength(1);
		expect(settings.warnings[0]).toMatch(/^settings file .*config\.json was damaged \(it is not valid JSON .*\); saved a copy as config\.json\.bak-.* and started from defaults$/);
		expect(backups()).toHaveLength(1);
		expect(fs.readFileSync(path.join(dir, backups()[0]!), 'utf8')).toBe('{"lastPreset": "strict", ');
		settings.set('lastPreset', 'quick');
		expect(openSettings({cwd: dir}).warnings).toEqual([]);
	});

	it('keeps the good values of a hand-broken file and resets the bad ones', () => {
		fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({lastPreset: 'strict', backend: 'gpu', runsDir: 5}));
		const settings = openSettings({cwd: dir});
		expect(settings.values()).toEqual({lastPreset: 'strict', backend: 'auto'});
		expect(settings.warnings[0]).toContain('"backend" must be one of auto, node, wasm, cpu, ort-experimental; "runsDir" must be a folder path');
		expect(backups()).toHaveLength(1);
	});

	it('treats a JSON value that is not an object as damaged', () => {
		fs.writeFileSync(path.join(dir, 'config.json'), '["tutorial"]');
		const settings = openSettings({cwd: dir});
		expect(settings.values()).toEqual(defaultSettings);
		expect(settings.warnings[0]).toContain('it is not a JSON object');
	});

	it('survives the file being broken while the app runs', () => {
		const settings = openSettings({cwd: dir});
		settings.set('lastPreset', 'strict');
		fs.writeFileSync(settings.path, '{oops');
		expect(settings.get('lastPreset')).toBe('tutorial');
		expect(settings.warnings).toHaveLength(1);
		settings.set('backend', 'cpu');
		expect(openSettings({cwd: dir}).values()).toEqual({lastPreset: 'tutorial', backend: 'cpu'});
	});

	it('falls back to memory with a warning when the folder cannot be created', () => {
		const blocker = path.join(dir, 'file');
		fs.writeFileSync(blocker, '');
		const settings = openSettings({cwd: path.join(blocker, 'sub')});
		expect(settings.warnings[0]).toMatch(/^cannot use the settings folder .*sub \(.*\); settings won't be remembered$/);
		settings.set('lastPreset', 'strict');
		expect(settings.get('lastPreset')).toBe('strict');
	});

	it('puts user presets next to the settings file unless set', () => {
		const settings = openSettings({cwd: dir});
		expect(presetsDirOf(settings)).toBe(path.join(dir, 'presets'));
		settings.set('presetsDir', '/elsewhere');
		expect(presetsDirOf(settings)).toBe('/elsewhere');
	});
});

describe('folders: flag, else setting, else fallback', () => {
	it('runsDirOf and presetsDirOf decide in that order', () => {
		const settings = openSettings({cwd: dir});
		expect(runsDirOf(settings)).toBe(defaultRunsDir());
		expect(presetsDirOf(settings)).toBe(path.join(dir, 'presets'));
		settings.set('runsDir', '/set/runs');
		settings.set('presetsDir', '/set/presets');
		expect(runsDirOf(settings)).toBe('/set/runs');
		expect(presetsDirOf(settings)).toBe('/set/presets');
		expect(runsDirOf(settings, '/flag/runs')).toBe('/flag/runs');
		expect(presetsDirOf(settings, '/flag/presets')).toBe('/flag/presets');
	});
});

describe('the settings table', () => {
	const output = (run: (stdout: (text: string) => void) => number) => {
		let text = '';
		expect(run(chunk => (text += chunk))).toBe(0);
		return text;
	};

	it('every key has either a default or a folder to fall back to, and its expectation is the error message', () => {
		for (const key of settingsKeys) {
			const spec = settingsTable[key];
			expect((spec.default === undefined) !== (spec.fallback === undefined), key).toBe(true);
			if (spec.default !== undefined) expect(defaultSettings[key]).toBe(spec.default);
		}

		const settings = openSettings({cwd: dir});
		for (const key of settableKeys) expect(() => settings.set(key, '' as never)).toThrow(`setting "${key}" must be ${settingsTable[key].expectation}, got ""`);
	});

	it('config prints every key, marking the folders that fall back', () => {
		const settings = openSettings({cwd: dir});
		settings.set('backend', 'cpu');
		const text = output(stdout => configCommand({settings, stdout}));
		for (const key of settingsKeys) expect(text).toMatch(new RegExp(`^${key} `, 'm'));
		expect(text).toMatch(/^backend\s+cpu$/m);
		expect(text).toMatch(new RegExp(`^presetsDir\\s+${path.join(dir, 'presets')}  \\(default\\)$`, 'm'));
		expect(text).toContain('Remembered on its own (the dashboard writes it): lastPreset.');
	});

	it('config set changes any settable key; unset restores a default or clears a folder', () => {
		const settings = openSettings({cwd: dir});
		const change = (...args: string[]) => output(stdout => configChangeCommand(args, {settings, stdout}));
		change('set', 'lastPreset', 'quick');
		change('set', 'runsDir', '/tmp/somewhere');
		expect(settings.values()).toEqual({lastPreset: 'quick', backend: 'auto', runsDir: '/tmp/somewhere'});
		change('unset', 'lastPreset');
		change('unset', 'runsDir');
		expect(settings.values()).toEqual(defaultSettings);
		expect(() => change('set', 'colour', 'on')).toThrow(`KEY one of ${settableKeys.join(', ')}`);
		// lastPreset must name a preset there is, when the caller says which there are.
		const named = (...args: string[]) => output(stdout => configChangeCommand(args, {settings, stdout, presetNames: ['tutorial', 'quick']}));
		expect(() => named('set', 'lastPreset', 'nope')).toThrow('config set lastPreset: no preset is named "nope", expected one of tutorial, quick');
		named('set', 'lastPreset', 'quick');
		expect(settings.values().lastPreset).toBe('quick');
		// A folder typed relative to where `config set` ran is stored absolute: later races and `runs` run elsewhere.
		change('set', 'runsDir', 'my-runs');
		change('set', 'presetsDir', '../shared/presets');
		expect(settings.values()).toMatchObject({runsDir: path.resolve('my-runs'), presetsDir: path.resolve('../shared/presets')});
	});

	it('--help lists every settable key with what it must be', () => {
		const help = settingsFileHelp(400);
		for (const key of settableKeys) expect(help).toMatch(new RegExp(`^  ${key}\\s+.*\\(${settingsTable[key].expectation}\\)$`, 'm'));
	});
});
