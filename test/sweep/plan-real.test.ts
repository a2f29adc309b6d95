// The scheduler path for real: `sweep --plan` from one settings dir, its lines run by GNU parallel as real races on
// a small slice of MNIST under another settings dir, one trial failing (more labels than the slice has images), the
// whole plan re-submitted (the finished trial is skipped, not re-trained), then `runs aggregate` names the failed
// trial. Runs the built CLI (dist/); needs Debian's `parallel` package (.ci/run installs it).
import {spawnSync, type SpawnSyncReturns} from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {writeMnistSubset} from './fixtures/mnist-subset.js';
import {listFiles, tempDir} from './fixtures/sweep-helpers.js';

const cli = path.join(import.meta.dirname, '..', '..', 'dist', 'source', 'cli.js');
const hasParallel = spawnSync('parallel', ['--version'], {encoding: 'utf8'}).stdout?.startsWith('GNU parallel') === true;

function run(command: string, args: string[], env: NodeJS.ProcessEnv, input?: string): SpawnSyncReturns<string> {
	return spawnSync(command, args, {input, encoding: 'utf8', timeout: 120_000, env: {...process.env, NO_COLOR: '1', ...env}});
}

describe('sweep --plan | parallel, real races', {timeout: 180_000}, () => {
	it('runs every line, skips finished trials on re-submission, and reports the failed one', async () => {
		expect(hasParallel, 'GNU parallel is not installed: apt-get install -y parallel').toBe(true);
		const root = await tempDir('sweep-real-');
		const data = path.join(root, 'data');
		writeMnistSubset(data, 600, 200);
		// The planning host: a user preset found through the settings' presetsDir, and a backend setting.
		const planning = path.join(root, 'planning-config');
		const presets = path.join(planning, 'my-presets');
		await fs.mkdir(presets, {recursive: true});
		await fs.writeFile(
			path.join(presets, 'tiny.json'),
			JSON.stringify({name: 'tiny', description: 'one warm-up epoch, one round of one epoch', warmupEpochs: 1, epochsPerRound: 1, rounds: 1, batchSize: 64}),
		);
		await fs.writeFile(path.join(planning, 'config.json'), JSON.stringify({presetsDir: presets, backend: 'wasm'}));
		const out = path.join(root, 'sweep');

		const plan = run(
			process.execPath,
			[cli, 'sweep', '--preset', 'tiny', '--seeds', '1', '--vary', 'labeled=20,5000', '--data-dir', data, '--out', out, '--plan'],
			{PSEUDOLABEL_TUI_CONFIG_DIR: planning},
		);
		expect(plan.status, plan.stderr).toBe(0);
		const lines = plan.stdout.trimEnd().split('\n');
		expect(lines).toHaveLength(2);
		for (const line of lines) {
			expect(line).toContain(` sweep trial --preset ${path.join(presets, 'tiny.json')} --seed 1 `);
			expect(line).toContain(' --backend wasm ');
			expect(line).not.toContain('--cores');
		}

		expect(await listFiles(out)).toEqual(['sweep.json']);

		// The running hosts: another (empty) settings dir, inside a "Slurm task" allowed one CPU.
		const elsewhere = {PSEUDOLABEL_TUI_CONFIG_DIR: path.join(root, 'other-config'), SLURM_JOB_ID: '4242', SLURM_CPUS_PER_TASK: '1'};
		const first = run('parallel', ['-j', '2'], elsewhere, plan.stdout);
		expect(first.status, first.stderr).toBe(1); // GNU parallel exits with the number of failed jobs
		expect(first.stderr).toContain('pseudolabel-tui: --labeled 5000 is more than the 600 training images of this dataset');
		const finished = path.join(out, 'labeled=20', 'seed-1');
		const [summaryName] = (await fs.readdir(finished)).filter(name => name.endsWith('.json'));
		expect(summaryName).toBeDefined();
		const summaryFile = path.join(finished, summaryName!);
		const summaryText = await fs.readFile(summaryFile, 'utf8');
		const summary = JSON.parse(summaryText);
		expect(summary.partial).toBe(false);
		expect(summary.cores).toBe(1); // from the job's allocation, not from the planning host
		expect(summary.environment.backend).toContain('wasm');
		const before = await fs.stat(summaryFile);

		// Re-submitting the whole array: the finished trial is not trained again, the failed one runs (and fails) again.
		const again = run('parallel', ['-j', '2'], elsewhere, plan.stdout);
		expect(again.status, again.stderr).toBe(1);
		expect(again.stderr).toContain(`pseudolabel-tui: skipped ${finished}: it holds a complete summary (${summaryName}); not training again`);
		expect((await fs.readdir(finished)).filter(name => name.endsWith('.json'))).toEqual([summaryName]);
		expect(await fs.readFile(summaryFile, 'utf8')).toBe(summaryText);
		expect((await fs.stat(summaryFile)).mtimeMs).toBe(before.mtimeMs);

		const aggregated = run(process.execPath, [cli, 'runs', 'aggregate', out], elsewhere);
		expect(aggregated.status, aggregated.stderr).toBe(0);
		expect(aggregated.stderr).toBe('pseudolabel-tui: not finished yet: 1 of 2 planned trials (1 failed): labeled=5000/seed-1\n');
		const markdown = await fs.readFile(path.join(out, 'report.md'), 'utf8');
		expect(markdown).toContain('1 complete race of preset `tiny`');
		expect(markdown).toContain('## --labeled 20');
		expect(markdown).toContain('- Failed trials: 1\n  - `labeled=5000/seed-1`: --labeled 5000 is more than the 600 training images of this dataset');
		const report = JSON.parse(await fs.readFile(path.join(out, 'report.json'), 'utf8'));
		expect(report.missing).toEqual(['labeled=5000/seed-1']);
		expect(report.sweep.vary).toEqual([{flag: '--labeled', values: ['20', '5000']}]);
	});

	it('refuses a trial line without its folder, or with planning flags, in one line', () => {
		const noFolder = run(process.execPath, [cli, 'sweep', 'trial', '--preset', 'quick', '--seed', '1'], {});
		expect(noFolder.status).toBe(2);
		expect(noFolder.stderr).toBe("pseudolabel-tui: sweep trial: --runs-dir is required (the trial's folder, as --plan writes it)\n");
		const planning = run(process.execPath, [cli, 'sweep', 'trial', '--vary', 'warmup=1,2', '--runs-dir', '/tmp/x'], {});
		expect(planning.status).toBe(2);
		expect(planning.stderr).toMatch(/^pseudolabel-tui: sweep trial: --vary belongs to planning a sweep; [^\n]*\n$/);
	});

	it('prints a bad runs aggregate folder once, with one prefix', () => {
		const result = run(process.execPath, [cli, 'runs', 'aggregate', '/nonexistent-sweep-folder'], {});
		expect(result.status).toBe(2);
		expect(result.stderr).toBe('pseudolabel-tui: cannot read /nonexistent-sweep-folder (ENOENT)\n');
	});
});
