// Printed text keeps to 80 columns when stdout is a pipe (as here), and nothing is lost by wrapping: every flag, preset,
// contender and run still appears.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {knobs} from '../../source/config/knobs.js';
import {listPresets} from '../../source/config/presets.js';
import {buildSummary} from '../../source/summary/build-summary.js';
import {saveSummary} from '../../source/summary/save-summary.js';
import {displayWidth} from '../../source/text/wrap.js';
import {fourContenders, fourShared, raceState} from '../summary/race-fixture.js';
import {isolatedEnv, runCli} from './run-cli.js';

function widest(text: string): number {
	return Math.max(...text.split('\n').map(line => displayWidth(line)));
}

/** The text with wrapping undone: runs of spaces and newlines become one space, so wrapped words read in order. */
function flat(text: string): string {
	return text.replaceAll(/\s+/g, ' ');
}

describe('piped output keeps to 80 columns', () => {
	it('--help: every line ≤ 80 and every flag still listed, each description whole', () => {
		const {status, stdout} = runCli(['--help']);
		expect(status).toBe(0);
		expect(widest(stdout)).toBeLessThanOrEqual(80);
		for (const knob of knobs) {
			expect(stdout).toContain(`--${knob.rule.kind === 'boolean' ? '[no-]' : ''}${knob.flag}`);
			expect(flat(stdout)).toContain(flat(knob.help));
		}

		for (const flag of ['--preset NAME|FILE', '--presets-dir DIR', '--headless', '--json', '--dry-run', '--data-dir DIR', '--backend NAME', '--cores N', '--runs-dir DIR', '--no-save', '--help', '--version']) {
			expect(stdout).toContain(flag);
		}

		// A description hangs under its column: the line after "--cores N …" starts at the same column as its text.
		const lines = stdout.split('\n');
		const cores = lines.findIndex(line => line.includes('--cores N'));
		const column = lines[cores]!.indexOf('cores a race');
		expect(column).toBeGreaterThan(10);
		expect(lines[cores + 1]!.search(/\S/)).toBe(column);
	});

	it('sweep --help: ≤ 80 and the sweep usage whole', () => {
		const {status, stdout} = runCli(['sweep', '--help']);
		expect(status).toBe(0);
		expect(widest(stdout)).toBeLessThanOrEqual(80);
		expect(flat(stdout)).toContain('pseudolabel-tui sweep --preset P [--seeds 5|1,2,3] [--vary FLAG=a,b …] [--jobs N] [--out DIR] [--plan [--plan-command CMD]]');
		expect(flat(stdout)).toContain('--plan-command CMD starts each line with CMD');
	});

	it('presets: ≤ 80 and every preset, its description and every contender listed', () => {
		const env = isolatedEnv();
		const {status, stdout} = runCli(['presets'], env);
		expect(status).toBe(0);
		expect(widest(stdout)).toBeLessThanOrEqual(80);
		const {presets} = listPresets({});
		expect(presets.length).toBeGreaterThan(5);
		for (const preset of presets) {
			expect(stdout).toMatch(new RegExp(`^${preset.name} `, 'm'));
			expect(flat(stdout)).toContain(flat(preset.description));
			for (const contender of preset.contenders ?? []) expect(stdout).toMatch(new RegExp(`\\b${contender.id} \\(`));
		}
	});
});

describe('config, piped', () => {
	it('keeps to 80 columns with every setting listed', () => {
		const {status, stdout} = runCli(['config'], isolatedEnv());
		expect(status).toBe(0);
		expect(widest(stdout)).toBeLessThanOrEqual(80);
		for (const key of ['lastPreset', 'backend', 'runsDir', 'presetsDir']) expect(stdout).toMatch(new RegExp(`^${key} `, 'm'));
		expect(flat(stdout)).toContain('Flags are never remembered.');
	});
});

describe('runs and runs show, piped', () => {
	let runsDir: string;
	const ids = ['aaaaaa', 'bbbbbb', 'cccccc'];
	const environment = {backend: 'wasm', node: 'v20.20.2', cpu: {model: 'Test CPU', cores: 2}};

	beforeAll(async () => {
		runsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fits-width-runs-'));
		const races = [
			raceState({preset: 'tutorial'}),
			raceState({contenders: fourContenders, shared: fourShared}),
			raceState({preset: 'strict', stopAfter: 4}),
		];
		for (const [index, state] of races.entries()) {
			const summary = buildSummary(state, {partial: index === 2, presetName: ['tutorial', 'four', 'strict'][index]!, environment, now: new Date(2026, 10, 20 + index, 10), id: ids[index]!});
			await saveSummary(summary, runsDir);
		}
	});

	afterAll(() => fs.rmSync(runsDir, {recursive: true, force: true}));

	it('runs: ≤ 80 and every run listed with its ID and preset', () => {
		const {status, stdout} = runCli(['runs', '--runs-dir', runsDir]);
		expect(status).toBe(0);
		expect(widest(stdout)).toBeLessThanOrEqual(80);
		for (const id of ids) expect(stdout).toContain(id);
		for (const preset of ['tutorial', 'four', 'strict']) expect(stdout).toMatch(new RegExp(`\\b${preset}\\b`));
	});

	it('runs show: ≤ 80 and every contender and every table cell of the report still there', () => {
		const {status, stdout} = runCli(['runs', 'show', 'bbbbbb', '--runs-dir', runsDir]);
		expect(status).toBe(0);
		expect(widest(stdout)).toBeLessThanOrEqual(80);
		for (const name of ['supervised', 'self-training', 'Lee 2013', 'FlexMatch']) expect(stdout).toContain(name);
		// Every cell of every table in the saved report is still there, wherever a too-wide table became a list.
		const saved = fs.readFileSync(path.join(runsDir, fs.readdirSync(runsDir).find(name => name.includes('bbbbbb') && name.endsWith('.md'))!), 'utf8');
		const cells = saved
			.split('\n')
			.filter(line => line.startsWith('|') && !/^\|[\s:|-]+$/.test(line))
			.flatMap(line => line.slice(1, -1).split(/(?<!\\)\|/).map(cell => cell.trim()));
		expect(cells.length).toBeGreaterThan(50);
		for (const cell of cells) expect(flat(stdout)).toContain(flat(cell));
	});
});

// The cheapest real race: 100 labels, one warm-up epoch and one round of one epoch.
const tinyRace = ['--labeled', '100', '--warmup', '1', '--epochs', '1', '--rounds', '1', '--backend', 'wasm', '--no-save'];

describe('headless race, piped', () => {
	it('plain lines keep to 80 columns, continuation lines under the text after the name, nothing lost', () => {
		const {status, stdout, stderr} = runCli(['--headless', ...tinyRace]);
		expect(status, stderr).toBe(0);
		expect(widest(stdout)).toBeLessThanOrEqual(80);
		const lines = stdout.trimEnd().split('\n');
		// The start line names every contender with its settings; at 80 columns the semi one wraps.
		expect(lines[0]).toMatch(/^start {2}preset tutorial/);
		const round = lines.findIndex(line => /^semi +round 1 of 1: used/.test(line));
		expect(round).toBeGreaterThan(0);
		expect(lines[round + 1]).toMatch(/^ {11}\S/);
		expect(flat(stdout)).toMatch(/semi round 1 of 1: used [\d,]+\/59,900 .* predict [\d,]+\/s, augment [\d,]+\/s/);
		const done = lines.findIndex(line => /^done {3}(supervised|semi) /.test(line));
		expect(done).toBeGreaterThan(0);
		// The one-seed hint's sweep races this race again: its flags go with it (wrapped under the text).
		expect(lines.slice(done + 1).join(' ').replaceAll(/\s+/g, ' ').trim()).toBe('one seed: sweep --preset tutorial --labeled 100 --warmup 1 --epochs 1 --rounds 1 --backend wasm --seeds 3 tells a real gap from luck');
	}, 150_000);

	it('--json lines are never wrapped: one JSON object per line, some longer than 80', () => {
		const {status, stdout, stderr} = runCli(['--json', ...tinyRace]);
		expect(status, stderr).toBe(0);
		const lines = stdout.trimEnd().split('\n');
		for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
		expect(widest(stdout)).toBeGreaterThan(80);
	}, 150_000);
});
