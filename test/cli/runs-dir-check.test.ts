// Where a race saves is checked before it trains (runs-dir-check.ts): a --runs-dir naming a file once let the whole
// race train, then lost its summary with exit 0.
import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {InputError} from '../../source/core/input-error.js';
import {requireRunsFolder} from '../../source/cli/runs-dir-check.js';
import {runCli} from './run-cli.js';

const root = mkdtempSync(path.join(tmpdir(), 'pltui-runs-dir-'));
afterAll(() => rmSync(root, {recursive: true, force: true}));
const file = path.join(root, 'table.csv');
writeFileSync(file, 'a,label\n1,x\n');
mkdirSync(path.join(root, 'runs'));

describe('the runs folder, before the race', () => {
	it('accepts a folder, and a folder yet to be made under one', () => {
		expect(() => requireRunsFolder(path.join(root, 'runs'), '--runs-dir')).not.toThrow();
		expect(() => requireRunsFolder(path.join(root, 'new', 'deeper'), '--runs-dir')).not.toThrow();
	});

	it('refuses a file, and a folder under a file, naming where it came from', () => {
		expect(() => requireRunsFolder(file, '--runs-dir')).toThrow(new InputError(`--runs-dir ${file} is a file, expected a folder for the run summaries (or --no-save)`));
		const under = path.join(file, 'runs');
		expect(() => requireRunsFolder(under, 'the setting runsDir (x.json)')).toThrow(
			`the setting runsDir (x.json) ${under} lies under ${file}, a file, expected a folder for the run summaries (or --no-save)`,
		);
	});

	it('stops the command line at once with one line and exit 2; --no-save races on', () => {
		const refused = runCli(['--headless', '--preset', 'quick', '--runs-dir', file]);
		expect(refused.status).toBe(2);
		expect(refused.stderr.trim().split('\n')).toEqual([expect.stringContaining(`--runs-dir ${file} is a file`)]);
		expect(refused.stdout).toBe('');
		// Where no folder can be made, the race used to train and then hang in Node's mkdir at its save.
		if (existsSync('/proc/self')) {
			const proc = runCli(['--headless', '--preset', 'quick', '--runs-dir', '/proc/pltui-nope'], undefined, 20_000);
			expect(proc.status).toBe(2);
			expect(proc.stderr.trim().split('\n')).toEqual([
				'pseudolabel-tui: --runs-dir /proc/pltui-nope: cannot make the folder (no folder can be made there), expected a folder for the run summaries (or --no-save)',
			]);
		}

		const dry = runCli(['--dry-run', '--no-save', '--preset', 'quick', '--runs-dir', file]);
		expect(dry.status).toBe(0);
	});
});
