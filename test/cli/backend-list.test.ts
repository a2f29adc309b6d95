// The backend list is declared once (protocol/backends.ts): the flag, the setting and --help all take it from there.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {openSettings} from '../../source/config/settings.js';
import {helpText} from '../../source/cli/help-text.js';
import {parseCli} from '../../source/cli/parse-args.js';
import {backendNames, backendRequests, isBackendName} from '../../source/protocol/backends.js';

describe('the backend list', () => {
	it('is the four backends plus auto', () => {
		expect([...backendRequests].sort()).toEqual(['auto', 'cpu', 'node', 'ort-experimental', 'wasm']);
		expect(backendNames.every(isBackendName)).toBe(true);
		expect(isBackendName('auto')).toBe(false);
	});

	it('--backend accepts exactly its names and lists them when refusing one', () => {
		for (const name of backendRequests) expect(parseCli(['--backend', name]).backend).toBe(name);
		expect(() => parseCli(['--backend', 'gpu'])).toThrow(`--backend: expected one of ${backendRequests.join(', ')}, got "gpu"`);
	});

	it('the backend setting accepts exactly its names', () => {
		const settings = openSettings({cwd: fs.mkdtempSync(path.join(os.tmpdir(), 'backend-list-'))});
		for (const name of backendRequests) {
			settings.set('backend', name);
			expect(settings.get('backend')).toBe(name);
		}

		expect(() => settings.set('backend', 'gpu' as never)).toThrow(`setting "backend" must be one of ${backendRequests.join(', ')}, got "gpu"`);
	});

	it('--help names every one', () => {
		expect(helpText(200)).toMatch(new RegExp(`--backend NAME +${backendRequests.join(' \\| ')} \\(default`));
	});
});
