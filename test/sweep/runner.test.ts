import fs from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runAggregateCommand, type SweepCommandOptions} from '../../source/cli/commands/sweep.js';
import {progressLine, secondsLeft} from '../../source/sweep/progress.js';
import {listFiles, sweep, tempDir} from './fixtures/sweep-helpers.js';

describe('sweep runner', {timeout: 30_000}, () => {
	it('runs the grid × seeds in parallel, reports each trial and writes the report', async () => {
		const out = await tempDir('sweep-run-');
		const result = await sweep({preset: 'quick', seeds: '2', vary: ['threshold=0.5,0.8'], jobs: '2', out});
		expect(result.code).toBe(0);
		expect(result.stdout).toBe(`${path.join(out, 'report.md')}\n`);
		const lines = result.stderr.trimEnd().split('\n');
		expect(lines[0]).toBe('sweep: 4 trials, 2 at a time');
		expect(lines.filter(line => line.startsWith('done   --threshold 0.'))).toHaveLength(4);
		expect(lines).toContainEqual(expect.stringMatching(/^done {3}--threshold 0\.5 seed 1: supervised 81\.10%, semi 82\.10% \(\d+s\)$/));
		expect(lines.filter(line => line.startsWith('progress: ['))).toHaveLength(4);
		expect(lines.at(-2)).toMatch(/^progress: \[#{20}\] 4\/4 trials$/);
		expect(lines.at(-1)).toMatch(/^sweep done: 4 finished, 0 skipped \(done before\), 0 failed in \d+s$/);
		const files = await listFiles(out);
		expect(files.filter(file => file.endsWith('.json'))).toEqual([
			'report.json',
			'sweep.json',
			'threshold=0.5/seed-1/fake-quick-seed1.json',
			'threshold=0.5/seed-2/fake-quick-seed2.json',
			'threshold=0.8/seed-1/fake-quick-seed1.json',
			'threshold=0.8/seed-2/fake-quick-seed2.json',
		]);
		const report = JSON.parse(await fs.readFile(path.join(out, 'report.json'), 'utf8'));
		expect(report.cells.map((cell: {label: string}) => cell.label)).toEqual(['--threshold 0.5', '--threshold 0.8']);
		const markdown = await fs.readFile(path.join(out, 'report.md'), 'utf8');
		expect(markdown).toContain(`npx pseudolabel-tui sweep --preset quick --seeds 2 --vary threshold=0.5,0.8 --out ${out}`);
		expect(markdown).toContain('Every summary found was counted.');
	});

	it('reports a failing trial with its log line, goes on, and exits 1', async () => {
		const out = await tempDir('sweep-fail-');
		const result = await sweep({preset: 'quick', seeds: '3', out}, {FAKE_TRIAL_FAIL_SEEDS: '2'});
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/^FAILED seed 2: exit code 1: fake-trial: seed 2 crashed on purpose \(\d+s; log in seed-2\/trial\.log\)$/m);
		expect(result.stderr).toMatch(/^sweep done: 2 finished, 0 skipped \(done before\), 1 failed/m);
		const manifest = JSON.parse(await fs.readFile(path.join(out, 'sweep.json'), 'utf8'));
		expect(manifest.failed).toEqual([{id: 'seed-2', error: 'exit code 1: fake-trial: seed 2 crashed on purpose'}]);
		const markdown = await fs.readFile(path.join(out, 'report.md'), 'utf8');
		expect(markdown).toContain('- Failed trials: 1\n  - `seed-2`: exit code 1: fake-trial: seed 2 crashed on purpose');
		expect(markdown).toContain('2 complete races');
	});

	it('resumes: finished trials are skipped, the rest run', async () => {
		const out = await tempDir('sweep-resume-');
		const launches = path.join(out, '..', `${path.basename(out)}-launches.txt`);
		const first = await sweep({preset: 'quick', seeds: '3', out}, {FAKE_TRIAL_FAIL_SEEDS: '3', FAKE_TRIAL_LAUNCH_LOG: launches});
		expect(first.code).toBe(1);
		expect((await fs.readFile(launches, 'utf8')).trim().split('\n')).toHaveLength(3);
		await fs.rm(launches);
		const second = await sweep({preset: 'quick', seeds: '4', out}, {FAKE_TRIAL_LAUNCH_LOG: launches});
		expect(second.code).toBe(0);
		expect(second.stderr.split('\n')[0]).toBe('sweep: 4 trials, 2 already done (skipped), 1 at a time');
		const relaunched = (await fs.readFile(launches, 'utf8')).trim().split('\n').map(line => line.split(' ')[0]);
		expect(relaunched.sort()).toEqual(['3', '4']);
		const report = JSON.parse(await fs.readFile(path.join(out, 'report.json'), 'utf8'));
		expect(report.trials).toBe(4);
		expect(report.failed).toEqual([]);
		expect(report.missing).toEqual([]);
	});

	it('turns bad specs into one line and exit 2, before running anything', async () => {
		const out = await tempDir('sweep-bad-');
		const cases: Array<[Partial<SweepCommandOptions>, RegExp]> = [
			[{seeds: 'many'}, /^pseudolabel-tui: --seeds: expected a count/],
			[{vary: ['threshold=2']}, /^pseudolabel-tui: --vary threshold=2: a number between 0 and 1/],
			[{vary: ['warmpu=2']}, /^pseudolabel-tui: --vary: unknown knob "warmpu": did you mean warmup\? /],
			[{vary: ['warmup=5'], raceArgs: ['--warmup', '9']}, /^pseudolabel-tui: --vary warmup: also given as --warmup; keep one of them\n$/],
			[{vary: ['--warmup=5'], raceArgs: ['--warmup=9']}, /^pseudolabel-tui: --vary warmup: also given as --warmup; keep one of them\n$/],
			[{vary: ['threshold=0.5'], raceArgs: ['--threshold', '0.9']}, /^pseudolabel-tui: --vary threshold: also given as --threshold/],
			[{raceArgs: ['--seed', '4']}, /^pseudolabel-tui: --seed: a sweep takes --seeds/],
			[{jobs: 'lots'}, /^pseudolabel-tui: --jobs: expected a whole number/],
		];
		for (const [options, message] of cases) {
			const result = await sweep({preset: 'quick', out, ...options});
			expect(result.code).toBe(2);
			expect(result.stderr).toMatch(message);
			expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
		}

		expect(await listFiles(out)).toEqual([]);
	});

	it('refuses an --out that is a file, naming --out (not a trial\'s --runs-dir)', async () => {
		const file = path.join(await tempDir('sweep-file-'), 'data.npz');
		await fs.writeFile(file, 'x');
		const result = await sweep({preset: 'quick', seeds: '1', out: file});
		expect(result.code).toBe(2);
		expect(result.stderr).toBe(`pseudolabel-tui: --out ${file} is a file, expected a folder for the sweep's trials and report\n`);
	});

	it('refuses a folder that holds another preset\'s sweep', async () => {
		const out = await tempDir('sweep-other-');
		expect((await sweep({preset: 'quick', seeds: '1', out})).code).toBe(0);
		const result = await sweep({preset: 'tutorial', seeds: '1', out});
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(/holds a sweep of preset "quick"; choose another folder for "tutorial"/);
	});

	it('refuses a folder that holds a sweep of other race flags, and resumes one of the same flags with more seeds', async () => {
		const out = await tempDir('sweep-flags-');
		expect((await sweep({preset: 'quick', seeds: '1', out, raceArgs: ['--labeled', '200']})).code).toBe(0);
		const other = await sweep({preset: 'quick', seeds: '2', out, raceArgs: ['--labeled', '300']});
		expect(other.code).toBe(2);
		expect(other.stderr).toBe(`pseudolabel-tui: --out: ${out} holds a sweep raced with --labeled 200, not --labeled 300; choose another folder\n`);
		const none = await sweep({preset: 'quick', seeds: '2', out, plan: true});
		expect(none.stderr).toMatch(/raced with --labeled 200, not no race flags; choose another folder/);
		// The refusals left the first sweep's plan as it was.
		const manifest = JSON.parse(await fs.readFile(path.join(out, 'sweep.json'), 'utf8'));
		expect(manifest.seeds).toEqual([1]);
		const more = await sweep({preset: 'quick', seeds: '2', out, raceArgs: ['--labeled', '200']});
		expect(more.code).toBe(0);
		expect(more.stderr.split('\n')[0]).toBe('sweep: 2 trials, 1 already done (skipped), 1 at a time');
	});

	it('redraws one bar line in place on a terminal', async () => {
		const out = await tempDir('sweep-tty-');
		let stderr = '';
		const result = await sweep({preset: 'quick', seeds: '2', out}, {}, {stderr: {write: text => (stderr += text), isTTY: true}});
		expect(result.code).toBe(0);
		expect(stderr).toContain('\r\u001B[K[##########..........] 1/2 trials');
		expect(stderr).toMatch(/\r\u001B\[Kdone {3}seed 2: supervised 81\.20%, semi 83\.20% \(\d+s\)\n/);
		expect(stderr).not.toContain('progress:');
		expect(stderr.endsWith('\n')).toBe(true);
	});

	it('prints a plan and writes its manifest, running nothing', async () => {
		const out = await tempDir('sweep-plan-');
		const result = await sweep({preset: 'quick', seeds: '1,5', vary: ['warmup=5,10'], out, plan: true, raceArgs: ['--backend', 'wasm']});
		expect(result.code).toBe(0);
		const lines = result.stdout.trimEnd().split('\n');
		expect(lines).toHaveLength(4);
		expect(lines[0]).toMatch(/^node \S*fake-trial\.mjs sweep trial --preset quick --seed 1 --warmup 5 --backend wasm --json --no-export --runs-dir \S+\/warmup=5\/seed-1 > \/dev\/null$/);
		expect(result.stderr).toMatch(/^4 trials into .* \(planned in sweep\.json\); run them with e\.g\. `\| parallel -j 1`, then: pseudolabel-tui runs aggregate /);
		expect(await listFiles(out)).toEqual(['sweep.json']);
		const manifest = JSON.parse(await fs.readFile(path.join(out, 'sweep.json'), 'utf8'));
		expect(manifest.trials.map((trial: {id: string}) => trial.id)).toEqual(['warmup=5/seed-1', 'warmup=10/seed-1', 'warmup=5/seed-5', 'warmup=10/seed-5']);
		expect(manifest.vary).toEqual([{name: 'warmupEpochs', flag: '--warmup', values: ['5', '10']}]);
		expect(manifest.command).toContain('--vary warmup=5,10');
		// Before any trial ran, the report names every planned trial as not finished.
		let stderr = '';
		expect(await runAggregateCommand(out, {stdout: () => undefined, stderr: text => (stderr += text)})).toBe(0);
		expect(stderr).toBe('not finished yet: 4 of 4 planned trials: warmup=5/seed-1, warmup=10/seed-1, warmup=5/seed-5, warmup=10/seed-5\n');
	});

	it('pins the trial preset and the settings\' flags into the plan lines, and no core count of this host', async () => {
		const out = await tempDir('sweep-pin-');
		const result = await sweep({
			preset: 'mine',
			trialPreset: '/configs/presets/mine.json',
			seeds: '1',
			out,
			plan: true,
			jobs: '2',
			settingsArgs: ['--backend', 'wasm'],
		});
		expect(result.stdout).toMatch(/ sweep trial --jobs 2 --preset \/configs\/presets\/mine\.json --seed 1 --backend wasm --json /);
		expect(result.stdout).not.toContain('--cores');
		const given = await sweep({preset: 'mine', seeds: '1', out: await tempDir('sweep-pin-'), plan: true, raceArgs: ['--backend=cpu'], settingsArgs: ['--backend', 'wasm']});
		expect(given.stdout).toContain(' --backend=cpu --json ');
		expect(given.stdout).not.toContain('wasm');
	});
});

describe('runs aggregate', {timeout: 30_000}, () => {
	it('writes the report for a folder and prints the Markdown path; a missing or empty folder is bad input', async () => {
		const out = await tempDir('sweep-agg-');
		await sweep({preset: 'quick', seeds: '2', out});
		await fs.rm(path.join(out, 'report.md'));
		let stdout = '';
		let stderr = '';
		const deps = {stdout: (text: string) => (stdout += text), stderr: (text: string) => (stderr += text)};
		expect(await runAggregateCommand(out, deps)).toBe(0);
		expect(stdout).toBe(`${path.join(out, 'report.md')}\n`);
		expect(stderr).toBe('');
		// Bad input is an InputError for the CLI to print once (it used to print "pseudolabel-tui: pseudolabel-tui: …").
		const empty = await tempDir('sweep-empty-');
		await expect(runAggregateCommand(empty, deps)).rejects.toThrow(/^\/.* holds no run summaries/);
		await expect(runAggregateCommand(path.join(empty, 'nope'), deps)).rejects.toThrow(/^cannot read .*nope \(ENOENT\)$/);
		expect(stderr).toBe('');
	});
});

describe('progress', () => {
	it('estimates time left from this session\'s pace', () => {
		const state = {total: 10, skipped: 2, finished: 3, failed: 1, running: 2, elapsed: 120};
		expect(secondsLeft(state)).toBe(120);
		expect(progressLine(state)).toBe('[############........] 6/10 trials, 1 failed, 2 running, ~2m 00s left');
		expect(progressLine({...state, finished: 0, failed: 0})).toContain('time left: after the first trial');
	});
});
