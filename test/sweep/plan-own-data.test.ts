// A sweep on your own data: `sweep --plan` carries --data (made absolute) and every flag that says how to read it into
// each trial's line, and a line run from another folder races on the same CSV and saves a summary with its descriptor.
import {spawnSync} from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {listFiles, tempDir} from './fixtures/sweep-helpers.js';

const cli = path.join(import.meta.dirname, '..', '..', 'dist', 'source', 'cli.js');

describe('sweep --plan on --data', {timeout: 180_000}, () => {
	it('every trial line carries the data flags, and one runs as a real race on the CSV', async () => {
		const root = await tempDir('sweep-own-data-');
		const rows = ['id,x,y,note,kind'];
		for (let i = 0; i < 240; i++) {
			const label = i % 2;
			rows.push(`${i},${(label * 3 + (i % 7) / 7).toFixed(2)},${((i % 5) / 5).toFixed(2)},n${i},${label === 0 ? 'no' : 'yes'}`);
		}

		await fs.writeFile(path.join(root, 'table.csv'), `${rows.join('\n')}\n`);
		const env = {...process.env, NO_COLOR: '1', PSEUDOLABEL_TUI_CONFIG_DIR: path.join(root, 'config')};
		const out = path.join(root, 'sweep');
		const plan = spawnSync(
			process.execPath,
			[cli, 'sweep', '--preset', 'quick', '--seeds', '1,2', '--data', 'table.csv', '--drop', 'id,note', '--label', 'kind', '--test-fraction', '0.25', '--labeled', '20', '--warmup', '2', '--epochs', '1', '--out', out, '--plan'],
			{cwd: root, env, encoding: 'utf8'},
		);
		expect(plan.status, plan.stderr).toBe(0);
		const lines = plan.stdout.trimEnd().split('\n');
		expect(lines).toHaveLength(2);
		for (const line of lines) {
			expect(line).toContain(` --data ${path.join(root, 'table.csv')} `);
			expect(line).toContain(' --drop id,note --label kind --test-fraction 0.25 ');
		}

		// Run the first line from elsewhere: the absolute path finds the data.
		const trial = spawnSync('/bin/sh', ['-c', lines[0]!], {cwd: '/', env, encoding: 'utf8', timeout: 120_000});
		expect(trial.status, trial.stderr).toBe(0);
		const files = (await listFiles(out)).filter(file => file.endsWith('.json') && file.includes('seed-1'));
		expect(files).toHaveLength(1);
		const summary = JSON.parse(await fs.readFile(path.join(out, files[0]!), 'utf8'));
		expect(summary.dataset).toMatchObject({name: 'table', test: 60, labeled: 20, info: {kind: 'table', width: 2, classNames: ['no', 'yes'], mode: 'simulation'}});
	});

	it('stops before any trial when the data or a varied setting would stop them, naming the cell and why', async () => {
		const root = await tempDir('sweep-stops-');
		const rows = ['id,x,kind', ...Array.from({length: 120}, (_, i) => `${i},${i % 2 === 0 ? 0.1 : 0.9},${i % 2 === 0 ? 'no' : 'yes'}`)];
		await fs.writeFile(path.join(root, 'table.csv'), `${rows.join('\n')}\n`);
		const env = {...process.env, NO_COLOR: '1', PSEUDOLABEL_TUI_CONFIG_DIR: path.join(root, 'config')};
		const sweep = (...flags: string[]) =>
			spawnSync(process.execPath, [cli, 'sweep', '--preset', 'quick', '--seeds', '2', '--data', 'table.csv', '--jobs', '1', ...flags], {cwd: root, env, encoding: 'utf8', timeout: 120_000});
		const out = path.join(root, 'sweep');
		const dropped = sweep('--drop', 'nope', '--out', out);
		expect(dropped.status).toBe(2);
		expect(dropped.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^pseudolabel-tui: sweep: every trial would stop at once: .*no column "nope"/)]);
		await expect(fs.stat(out)).rejects.toThrow(/ENOENT/);
		// Only one of the varied values cannot be: the sweep names it, and still races none.
		const labeled = sweep('--drop', 'id', '--vary', 'labeled=10,500', '--out', out);
		expect(labeled.status).toBe(2);
		expect(labeled.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^pseudolabel-tui: sweep: the trials labeled=500 would stop at once: --labeled 500/)]);
		await expect(fs.stat(out)).rejects.toThrow(/ENOENT/);
	});

	it('--data synthetic (the built-in demo, a name) stays a name in every trial line', async () => {
		const root = await tempDir('sweep-synthetic-');
		const env = {...process.env, NO_COLOR: '1', PSEUDOLABEL_TUI_CONFIG_DIR: path.join(root, 'config')};
		const plan = spawnSync(process.execPath, [cli, 'sweep', '--preset', 'quick', '--seeds', '1,2', '--data', 'synthetic', '--out', path.join(root, 'sweep'), '--plan'], {cwd: root, env, encoding: 'utf8'});
		expect(plan.status, plan.stderr).toBe(0);
		const lines = plan.stdout.trimEnd().split('\n');
		expect(lines).toHaveLength(2);
		for (const line of lines) expect(line).toContain(' --data synthetic ');
	});
});
