// The many-machines path: `sweep --plan` piped through GNU parallel into a folder, then `runs aggregate`, gives the
// same report as the built-in runner. Needs Debian's `parallel` package (.ci/run installs it).
import {spawnSync} from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runAggregateCommand} from '../../source/cli/commands/sweep.js';
import {shellQuote} from '../../source/sweep/shell-quote.js';
import {fakeTrial, listFiles, sweep, tempDir} from './fixtures/sweep-helpers.js';

const hasParallel = spawnSync('parallel', ['--version'], {encoding: 'utf8'}).stdout?.startsWith('GNU parallel') === true;

/** The report without what only the runner's manifest knows (the sweep command, planned and failed trials). */
async function reportBody(dir: string): Promise<{json: unknown; markdown: string}> {
	const {sweep: _sweep, missing: _missing, failed: _failed, ...json} = JSON.parse(await fs.readFile(path.join(dir, 'report.json'), 'utf8'));
	const markdown = await fs.readFile(path.join(dir, 'report.md'), 'utf8');
	return {json, markdown: markdown.slice(markdown.indexOf('![final accuracy'))};
}

describe('sweep --plan | parallel', {timeout: 60_000}, () => {
	it('leaves cores to the running job (trials per host as --jobs), and an explicit --cores alone', async () => {
		// The planning host's core count goes nowhere: `sweep trial` divides the running host's CPUs by --jobs.
		const two = await sweep({preset: 'quick', seeds: '2', jobs: '2', out: await tempDir('sweep-cores-'), plan: true}, {}, {cores: 64});
		expect(two.stdout).not.toContain('--cores');
		expect(two.stdout.match(/ sweep trial --jobs 2 /g)).toHaveLength(2);
		const alone = await sweep({preset: 'quick', seeds: '2', out: await tempDir('sweep-cores-'), plan: true});
		expect(alone.stdout).not.toMatch(/--cores|--jobs/);
		const mine = await sweep({preset: 'quick', seeds: '2', jobs: '2', out: await tempDir('sweep-cores-'), plan: true, raceArgs: ['--cores', '2']});
		expect(mine.stdout.match(/--cores 2 /g)).toHaveLength(2);
	});

	it('gives the same report as the built-in runner', async () => {
		expect(hasParallel, 'GNU parallel is not installed: apt-get install -y parallel').toBe(true);
		const options = {preset: 'quick', seeds: '2', vary: ['threshold=0.5,0.8', 'labeled=100,1000'], jobs: '2'};
		const builtIn = await tempDir('sweep-builtin-');
		expect((await sweep({...options, out: builtIn})).code).toBe(0);

		const scheduled = await tempDir('sweep-parallel-');
		const plan = await sweep({...options, out: scheduled, plan: true, planCommand: `node ${shellQuote(fakeTrial)}`});
		expect(plan.code).toBe(0);
		expect(plan.stdout.trimEnd().split('\n')).toHaveLength(8);
		const run = spawnSync('parallel', ['-j', '2'], {input: plan.stdout, encoding: 'utf8', timeout: 60_000});
		expect(run.status, run.stderr).toBe(0);

		let stdout = '';
		const code = await runAggregateCommand(scheduled, {stdout: text => (stdout += text), stderr: () => undefined});
		expect(code).toBe(0);
		expect(stdout).toBe(`${path.join(scheduled, 'report.md')}\n`);
		const summaries = (dir: string) => listFiles(dir).then(files => files.filter(file => /seed-\d+\/fake-.*\.json$/.test(file)));
		expect(await summaries(scheduled)).toEqual(await summaries(builtIn));
		expect(await summaries(scheduled)).toHaveLength(8);
		const [a, b] = await Promise.all([reportBody(builtIn), reportBody(scheduled)]);
		expect(b.json).toEqual(a.json);
		expect(b.markdown).toBe(a.markdown);
		expect((a.json as {cells: unknown[]}).cells).toHaveLength(4);
	});
});
