import {spawn, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {packageRoot} from '../../source/config/package-root.js';
import {idx} from '../fixtures/idx-files.js';
import {cliPath, isolatedEnv, runCli} from './run-cli.js';


interface DataSpec {
	trainImages?: Uint8Array;
	trainLabels?: Uint8Array;
	testImages?: Uint8Array;
	testLabels?: Uint8Array;
}

function dataDir(spec: DataSpec = {}): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'pltui-data-'));
	const files: Record<string, Uint8Array> = {
		'train-images-idx3-ubyte': spec.trainImages ?? idx(2051, [20, 28, 28], new Uint8Array(20 * 784)),
		'train-labels-idx1-ubyte': spec.trainLabels ?? idx(2049, [20], new Uint8Array(20).map((_, i) => i % 10)),
		't10k-images-idx3-ubyte': spec.testImages ?? idx(2051, [10, 28, 28], new Uint8Array(10 * 784)),
		't10k-labels-idx1-ubyte': spec.testLabels ?? idx(2049, [10], new Uint8Array(10).map((_, i) => i % 10)),
	};
	for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(dir, name), bytes);
	return dir;
}

function expectUsageError(args: string[], pattern: RegExp) {
	const result = runCli(['--headless', '--backend', 'cpu', ...args]);
	expect(result.status, result.stderr).toBe(2);
	expect(result.stdout).toBe('');
	const lines = result.stderr.trim().split('\n');
	expect(lines, result.stderr).toHaveLength(1);
	expect(lines[0]).toMatch(/^pseudolabel-tui: /);
	expect(lines[0]).toMatch(pattern);
	expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('bad input: one line naming the flag or file, exit 2', () => {
	it.each([
		[['--frobnicate'], /unknown flag --frobnicate: see --help/],
		[['--thresold', '0.9'], /unknown flag --thresold: did you mean --threshold\?/],
		// Other tools' names, which no spelling distance finds (--lr was "did you mean --mu?").
		[['--lr', '0.1'], /unknown flag --lr: did you mean --learning-rate\?/],
		[['--batch_size', '64'], /unknown flag --batch_size: did you mean --batch-size\?/],
		[['--threshold', '1.5'], /--threshold: expected a number between 0 and 1/],
		[['--threshold', 'high'], /--threshold/],
		[['--threshold', '0'], /--threshold/],
		[['--labeled', '5'], /--labeled: expected a whole number from 10/],
		[['--labeled', 'ten'], /--labeled: expected a whole number/],
		[['--labeled', '60000'], /: --labeled 60000 leaves no unlabeled image among the 60,000 training images of this dataset, expected 10 to 59,999$/],
		[['--epochs', '-1'], /--epochs/],
		[['--rounds', '2.5'], /--rounds: expected a whole number/],
		[['--backend', 'gpu'], /--backend: expected one of auto, node, wasm, cpu, ort-experimental/],
		[['--cores', '0'], /^pseudolabel-tui: --cores: expected a whole number from 1 to 1024, got "0"$/],
		[['--cores', 'two'], /--cores: expected a whole number from 1 to 1024, got "two"/],
		[['--preset', 'nope'], /unknown preset "nope"/],
		[['--seed'], /--seed: expected a value/],
		[['--data', 'a.csv', '--preset', 'quick', '--data=b.csv'], /^pseudolabel-tui: --data is given twice \("a.csv", then "b.csv"\): give one$/],
		[['launch'], /unknown command "launch"/],
	])('%j', (args, pattern) => {
		expectUsageError(args, pattern);
	});

	it('asking for tfjs-node: one clear line where it cannot load, a race on it where it can', () => {
		// tfjs-node is an optional dependency whose install fails offline. Whether it loads here is asked of a separate
		// node first, so each outcome is checked against what it should be rather than accepted either way.
		const loads = spawnSync(process.execPath, ['--input-type=module', '-e', "await import('@tensorflow/tfjs-node')"], {cwd: packageRoot(), stdio: 'ignore'}).status === 0;
		const result = runCli(['--json', '--no-save', '--backend', 'node', '--labeled', '100', '--warmup', '1', '--rounds', '0', '--batch-size', '64']);
		if (loads) {
			expect(result.status, result.stderr).toBe(0);
			expect(JSON.parse(result.stdout.split('\n')[0]!)).toMatchObject({type: 'start', backend: 'node'});
			expect(result.stdout.trim().split('\n').at(-1)).toMatch(/^\{"type":"done"/);
		} else {
			expect(result.status).toBe(2);
			expect(result.stdout).toBe('');
			expect(result.stderr).toMatch(/^pseudolabel-tui: --backend node: cannot be used here \(.+\)\n$/);
		}
	}, 60_000);

	it('a value after a switch, a short flag without its value and predict without its model: the flag named, not the parser\'s text', () => {
		expectUsageError(['--augment-labeled', 'true'], /--augment-labeled takes no value, got "true": write --augment-labeled for on, --no-augment-labeled for off$/);
		expectUsageError(['-p', '-x'], /: -p: expected a value$/);
		const predict = runCli(['predict', '--model']);
		expect(predict.status).toBe(2);
		expect(predict.stderr).toBe('pseudolabel-tui: predict: --model: expected a value (usage: predict --model DIR --data PATH [--out FILE])\n');
		// A race flag is said to be one (it was "did you mean --image-size?" for --image-size); a typo gets predict's flag.
		const raceFlag = runCli(['predict', '--model', 'm', '--data', 'd', '--image-size', '10']);
		expect([raceFlag.status, raceFlag.stderr]).toEqual([2, "pseudolabel-tui: predict: --image-size is a race flag, not one of predict's (usage: predict --model DIR --data PATH [--out FILE])\n"]);
		// Data given as the model: what --model takes, not "not valid JSON".
		const file = runCli(['predict', '--model', 'package.json', '--data', 'd']);
		expect([file.status, file.stderr]).toEqual([2, "pseudolabel-tui: --model package.json is a file, expected an exported model folder (a race's <run>.<contender>.model/) or its model.json\n"]);
		const typo = runCli(['predict', '--modle', 'm']);
		expect([typo.status, typo.stderr]).toEqual([2, 'pseudolabel-tui: predict: unknown flag --modle: did you mean --model? (usage: predict --model DIR --data PATH [--out FILE])\n']);
	});

	it('a missing data directory', () => {
		expectUsageError(['--data-dir', '/nonexistent/mnist'], /\/nonexistent\/mnist/);
	});

	it('a missing file', () => {
		const dir = dataDir();
		const missing = path.join(dir, 'missing');
		mkdirSync(missing);
		writeFileSync(path.join(missing, 'train-images-idx3-ubyte'), idx(2051, [1, 28, 28], new Uint8Array(784)));
		expectUsageError(['--data-dir', missing], /train-labels-idx1-ubyte/);
	});

	it('a wrong magic number', () => {
		expectUsageError(['--data-dir', dataDir({trainImages: idx(2049, [20, 28, 28], new Uint8Array(20 * 784))})], /train-images-idx3-ubyte.*(magic|2051)/);
	});

	it('a truncated file', () => {
		expectUsageError(['--data-dir', dataDir({testImages: idx(2051, [10, 28, 28], new Uint8Array(5 * 784))})], /t10k-images-idx3-ubyte.*(truncated|short|bytes)/);
	});

	it('image and label counts that disagree', () => {
		expectUsageError(['--data-dir', dataDir({trainLabels: idx(2049, [19], new Uint8Array(19))})], /20.*19|19.*20/);
	});

	it('train and test image sizes that differ', () => {
		expectUsageError(['--data-dir', dataDir({testImages: idx(2051, [10, 14, 14], new Uint8Array(10 * 196))})], /14/);
	});

	it('a broken preset file names the file and the field', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'pltui-preset-'));
		const file = path.join(dir, 'mine.json');
		writeFileSync(file, JSON.stringify({name: 'mine', description: 'x', threshold: 2}));
		expectUsageError(['--preset', file], /mine\.json: field "threshold" must be a number between 0 and 1/);
	});
});

describe('the CLI runs', () => {
	it('--help and --version exit 0', () => {
		expect(runCli(['--help'])).toMatchObject({status: 0, stdout: expect.stringMatching(/--threshold/)});
		expect(runCli(['--version'])).toMatchObject({status: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/)});
	});

	it('--json prints only JSON lines on stdout, one per event, ending with done', () => {
		const result = runCli(['--json', '--backend', 'wasm', '--labeled', '100', '--warmup', '1', '--epochs', '1', '--batch-size', '64', '--no-save']);
		expect(result.status, result.stderr).toBe(0);
		const events = result.stdout.trim().split('\n').map(line => JSON.parse(line) as {type: string; run?: string});
		expect(events[0]).toMatchObject({type: 'start', backend: 'wasm', dataset: {train: 60_000, test: 10_000, labeled: 100, unlabeled: 59_900}});
		expect(events.filter(event => event.type === 'epoch')).toHaveLength(4);
		expect(events.find(event => event.type === 'pseudo-labels')).toMatchObject({run: 'semi', round: 1, pool: 59_900});
		expect(events.at(-1)).toMatchObject({type: 'done', supervised: {testAccuracy: expect.any(Number)}, semi: {testAccuracy: expect.any(Number)}});
	}, 120_000);

	// One contender ends after a single epoch, the other would train for 50: stopped in between, the partial summary
	// must keep the first `done` and call the second `cancelled` (not `training`, as the worker last said).
	it.each(['SIGINT', 'SIGTERM'] as const)('%s in a headless race stops it, saves a partial summary saying which contenders were cancelled, exits 130', async signal => {
		const env = isolatedEnv();
		const preset = path.join(mkdtempSync(path.join(tmpdir(), 'pltui-preset-')), 'stop.json');
		writeFileSync(preset, JSON.stringify({
			name: 'stop',
			description: 'a short and a long contender',
			labeled: 100,
			batchSize: 64,
			contenders: [
				{id: 'short', method: 'pseudo-label', warmupEpochs: 1, rounds: 0},
				{id: 'long', method: 'pseudo-label', warmupEpochs: 50, rounds: 0},
			],
		}));
		const child = spawn(process.execPath, [cliPath, '--headless', '--backend', 'wasm', '--cores', '1', '--preset', preset], {env});
		let stdout = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
		});
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		const deadline = Date.now() + 60_000;
		while (!(/^short\s+done:/m.test(stdout) && /^long\s+epoch\s+2 /m.test(stdout)) && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 50));
		expect(stdout).toMatch(/^long\s+epoch\s+2 /m);
		child.kill(signal);
		const code = await new Promise<number | null>(resolve => child.once('exit', resolve));
		expect(code, stderr).toBe(130);
		expect(stderr).toMatch(/saved partial run/);
		const runs = path.join(env.PSEUDOLABEL_TUI_DATA_DIR!, 'runs');
		const saved = readdirSync(runs).filter(name => name.endsWith('.json'));
		expect(saved).toHaveLength(1);
		const summary = JSON.parse(readFileSync(path.join(runs, saved[0]!), 'utf8')) as {partial: boolean; contenders: Array<{id: string; status: string; epochs: unknown[]}>};
		expect(summary.partial).toBe(true);
		expect(summary.contenders.map(contender => [contender.id, contender.status])).toEqual([
			['short', 'done'],
			['long', 'cancelled'],
		]);
		expect(summary.contenders[1]!.epochs.length).toBeGreaterThanOrEqual(2);
	}, 90_000);

	it('an unreadable runs folder exits 1 (not a usage error) with one line naming it', () => {
		const notAFolder = path.join(mkdtempSync(path.join(tmpdir(), 'pltui-runs-')), 'runs');
		writeFileSync(notAFolder, 'a file where the runs folder should be');
		const result = runCli(['runs', '--runs-dir', notAFolder]);
		expect(result.status).toBe(1);
		expect(result.stderr).toBe(`pseudolabel-tui: cannot read the runs folder ${notAFolder} (ENOTDIR)\n`);
	});

	it('settings survive a restart: config set backend is used by the next race, and bad values are refused', () => {
		const env = isolatedEnv();
		expect(runCli(['config', 'set', 'backend', 'cpu'], env)).toMatchObject({status: 0, stdout: expect.stringMatching(/backend\s+cpu/)});
		const refused = runCli(['config', 'set', 'backend', 'gpu'], env);
		expect(refused.status).toBe(2);
		expect(refused.stderr.trim().split('\n')).toHaveLength(1);
		const race = runCli(['--json', '--no-save', '--labeled', '100', '--warmup', '1', '--rounds', '0', '--preset', 'quick'], env);
		expect(race.status, race.stderr).toBe(0);
		expect(JSON.parse(race.stdout.split('\n')[0]!)).toMatchObject({type: 'start', backend: 'cpu', preset: 'quick'});
		// Only the dashboard remembers its preset: a headless race changes no setting.
		expect(runCli(['config'], env).stdout).toMatch(/lastPreset\s+tutorial/);
	}, 120_000);

	it('a script without --preset races the default, whatever preset the dashboard remembers', () => {
		const env = isolatedEnv();
		expect(runCli(['config', 'set', 'lastPreset', 'quick'], env).status).toBe(0);
		const race = runCli(['--json', '--no-save', '--labeled', '100', '--warmup', '1', '--epochs', '1', '--dry-run'], env);
		expect(race.status, race.stderr).toBe(0);
		expect(JSON.parse(race.stdout)).toMatchObject({type: 'plan', preset: 'tutorial'});
		expect(race.stderr).toBe('');
	}, 60_000);
});
