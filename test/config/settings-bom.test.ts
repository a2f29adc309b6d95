// A settings file saved by Windows Notepad (UTF-8 with a byte-order mark) is read as it is, not reset as damaged.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, expect, it} from 'vitest';
import {openSettings} from '../../source/config/settings.js';

let dir: string;

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'settings-bom-'));
});

afterEach(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

it('reads and updates a config.json that starts with a byte-order mark', () => {
	const file = path.join(dir, 'config.json');
	fs.writeFileSync(file, `\uFEFF${JSON.stringify({lastPreset: 'strict', backend: 'wasm'})}\n`);
	const settings = openSettings({cwd: dir});
	expect(settings.values()).toEqual({lastPreset: 'strict', backend: 'wasm'});
	settings.set('lastPreset', 'quick');
	expect(openSettings({cwd: dir}).values()).toEqual({lastPreset: 'quick', backend: 'wasm'});
	expect(settings.warnings).toEqual([]);
	expect(fs.readdirSync(dir)).toEqual(['config.json']);
});
