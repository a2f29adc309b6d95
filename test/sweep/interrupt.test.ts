// Ctrl+C on a running sweep, with a real SIGINT to a real sweep process: it stops the running trials, leaves only
// complete summaries counted (stopped trials leave partial ones), writes the report of what finished, and exits 130.
import {spawn} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {completeSummaryIn} from '../../source/sweep/runner.js';
import {listFiles, tempDir} from './fixtures/sweep-helpers.js';

const entry = fileURLToPath(new URL('fixtures/sweep-entry.mjs', import.meta.url));
const built = fileURLToPath(new URL('../../dist/source/cli/commands/sweep.js', import.meta.url));

async function until(check: () => Promise<boolean> | boolean, ms: number): Promise<void> {
	const end = Date.now() + ms;
	while (!(await check())) {
		if (Date.now() > end) throw new Error('timed out');
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

/**
 * Whether the trial with this pid still runs. A bare `kill(pid, 0)` is not enough: pids (and thread ids, from the same
 * space) wrap at 32,768 on Linux hosts, and a full test run starts thousands of threads in other processes, so the
 * number can belong to someone else a second after our trial exits. Where /proc exists, the pid must still run the
 * fake trial script.
 */
function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch {
		return false;
	}

	if (!existsSync('/proc/self/cmdline')) return true;
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('fake-trial.mjs');
	} catch {
		return false;
	}
}

describe('interrupting a sweep', {timeout: 60_000}, () => {
	it('stops the running trials, reports what finished and exits 130', async () => {
		expect(existsSync(built), 'dist is missing: run npm run build first').toBe(true);
		const out = await tempDir('sweep-sigint-');
		const child = spawn(process.execPath, [entry, out, '4', '2'], {
			env: {...process.env, FAKE_TRIAL_DELAY_MS: '30000', FAKE_TRIAL_DELAYS: '1:50'},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stderr = '';
		let stdout = '';
		child.stderr.on('data', chunk => (stderr += chunk));
		child.stdout.on('data', chunk => (stdout += chunk));
		const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
		// Seed 1 finishes at once; seeds 2 and 3 then run (2 jobs) until stopped; seed 4 never starts.
		await until(() => stderr.includes('done   seed 1') && existsSync(path.join(out, 'seed-2/pid')) && existsSync(path.join(out, 'seed-3/pid')), 20_000);
		const pids = await Promise.all(['seed-2', 'seed-3'].map(async folder => Number(await fs.readFile(path.join(out, folder, 'pid'), 'utf8'))));
		expect(pids.every(pid => alive(pid))).toBe(true);
		child.kill('SIGINT');
		expect(await exited).toBe(130);

		expect(stderr).toMatch(/^stopping: 2 running trials stopped, 1 not started; writing the report of what finished$/m);
		expect(stderr).toMatch(/^sweep stopped: 1 finished, 0 skipped \(done before\), 0 failed, 3 not run/m);
		expect(stdout).toBe(`${path.join(out, 'report.md')}\n`);
		expect(pids.some(pid => alive(pid))).toBe(false);
		expect(await completeSummaryIn(path.join(out, 'seed-1'))).toBeDefined();
		for (const folder of ['seed-2', 'seed-3', 'seed-4']) expect(await completeSummaryIn(path.join(out, folder))).toBeUndefined();
		const files = await listFiles(out);
		expect(files.some(file => file.endsWith('.tmp'))).toBe(false);
		expect(files.some(file => file.startsWith('seed-4/'))).toBe(false);

		const report = JSON.parse(await fs.readFile(path.join(out, 'report.json'), 'utf8'));
		expect(report.trials).toBe(1);
		expect(report.missing).toEqual(['seed-2', 'seed-3', 'seed-4']);
		expect(report.excluded.partial.map((item: {file: string}) => item.file.split('/')[0]).sort()).toEqual(['seed-2', 'seed-3']);
		const markdown = await fs.readFile(path.join(out, 'report.md'), 'utf8');
		expect(markdown).toContain('1 complete race of preset `quick`');
		expect(markdown).toContain('- Stopped early (partial summaries, not counted): 2');
		expect(markdown).toContain('- Not finished yet: 3');
	});
});
