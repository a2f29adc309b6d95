// `--dry-run --json`: the plan as one JSON line on stdout (the race's start fields), not the text plan.
import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {temporaryFolder} from '../data/formats/data-files.js';
import {isolatedEnv, runCli} from './run-cli.js';

const roots: string[] = [];
afterAll(() => {
	for (const root of roots) rmSync(root, {recursive: true, force: true});
});

function folder(): string {
	const root = temporaryFolder('dry-run-json');
	roots.push(root);
	return root;
}

/** 120 rows of two numeric features and a three-class label. */
function csvFile(root: string): string {
	const kinds = ['red', 'green', 'blue'];
	const rows = Array.from({length: 120}, (_, i) => `${(i % 3) + (i % 7) / 10},${(i % 5) / 2},${kinds[i % 3]}`);
	const file = path.join(root, 'table.csv');
	writeFileSync(file, `a,b,kind\n${rows.join('\n')}\n`);
	return file;
}

type Plan = {
	type: string;
	preset: string;
	presetFile: string;
	race: {labeled: number; seed: number};
	contenders: Array<{id: string; name: string; method: string; epochs: number; config: {warmupEpochs: number; batchSize: number}}>;
	epochs: number;
	cores: number;
	dataset: {name: string; train: number; test: number; labeled: number; unlabeled: number; info: {kind: string}; fingerprint: string; notes?: string[]};
	warnings: string[];
	notes: string[];
};

function planOf(args: string[], env = isolatedEnv()): Plan {
	const result = runCli(['--json', '--dry-run', ...args], env);
	expect(result.status, result.stderr).toBe(0);
	const lines = result.stdout.split('\n');
	expect(lines, result.stdout).toHaveLength(2);
	expect(lines[1]).toBe('');
	return JSON.parse(lines[0]!) as Plan;
}

describe('--dry-run --json', () => {
	it('prints the preset, race, contenders and data as one plan object', () => {
		const plan = planOf(['--preset', 'quick', '--cores', '3']);
		expect(plan).toMatchObject({type: 'plan', preset: 'quick', presetFile: 'presets/quick.json', race: {labeled: 1000, seed: 42}, epochs: 10, cores: 3});
		expect(plan.contenders.map(({id, method, epochs}) => ({id, method, epochs}))).toEqual([
			{id: 'supervised', method: 'supervised', epochs: 10},
			{id: 'semi', method: 'pseudo-label', epochs: 10},
		]);
		expect(plan.contenders[1]!.config).toMatchObject({warmupEpochs: 8, batchSize: 128});
		expect(plan.dataset).toMatchObject({name: 'MNIST', train: 60_000, test: 10_000, labeled: 1000, unlabeled: 59_000, info: {kind: 'image'}});
		expect(plan.dataset.fingerprint).toMatch(/^sha256:[\da-f]{64}$/);
		expect(plan.warnings).toEqual([]);
		expect(plan.notes).toEqual([]);
	});

	it("on own data: the table, the loader's notes and why the labeled count is not the preset's", () => {
		const plan = planOf(['--data', csvFile(folder())]);
		expect(plan.preset).toBe('tutorial');
		expect(plan.dataset).toMatchObject({name: 'table', train: 96, test: 24, info: {kind: 'table'}});
		expect(plan.race.labeled).toBe(plan.dataset.labeled);
		expect(plan.notes).toEqual([expect.stringMatching(/^preset tutorial asks for 1,000 labeled, more than the 96 training rows can spare/)]);
		expect(plan.dataset.notes).toEqual(expect.arrayContaining([plan.notes[0], expect.stringMatching(/^features standardised/)]));
	});

	it("carries the settings file's warning the text version writes to stderr", () => {
		const env = isolatedEnv();
		mkdirSync(env.PSEUDOLABEL_TUI_CONFIG_DIR!, {recursive: true});
		writeFileSync(path.join(env.PSEUDOLABEL_TUI_CONFIG_DIR!, 'config.json'), '{not json');
		expect(planOf(['--preset', 'quick'], env).warnings).toEqual([expect.stringMatching(/^settings file .*config\.json was damaged/)]);
	});

	it('bad input is still one line on stderr and exit 2, nothing on stdout', () => {
		const result = runCli(['--json', '--dry-run', '--preset', 'quick', '--labeled', '70000']);
		expect(result.status).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(/^pseudolabel-tui: --labeled 70000 [^\n]*\n$/);
	});
});

describe('--dry-run (text)', () => {
	it('says the data and its notes after the plan, and each contender only the settings its method reads', () => {
		const file = csvFile(folder());
		const result = runCli(['--dry-run', '--data', file, '--invert', '--student-noise', '0.3', '--preset', 'quick'], isolatedEnv());
		expect(result.status, result.stderr).toBe(0);
		const lines = result.stdout.trimEnd().split('\n');
		expect(lines).toContainEqual(expect.stringMatching(/^data: table · table 2 features · 3 classes: blue, green, red · \d+ labeled \/ \d+ unlabeled \/ 24 test · simulation$/));
		expect(lines).toContain('note: --invert does not apply to table, a table: left unused');
		// --student-noise is Noisy Student's: quick's supervised and self-training contenders do not read it.
		const contenders = lines.filter(line => /^ {2}\S/.test(line));
		expect(contenders).toHaveLength(2);
		for (const line of contenders) expect(line).not.toContain('--student-noise');
		expect(contenders[0]).toMatch(/; default settings$|; --/);
		expect(result.stdout).not.toContain('table defaults');
	});
});
