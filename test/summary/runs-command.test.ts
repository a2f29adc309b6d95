import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runsCommand} from '../../source/cli/commands/runs.js';
import {loadPreset} from '../../source/config/presets.js';
import {InputError} from '../../source/core/input-error.js';
import {buildSummary} from '../../source/summary/build-summary.js';
import {renderMarkdown} from '../../source/summary/render-markdown.js';
import {saveSummary} from '../../source/summary/save-summary.js';
import {raceState} from './race-fixture.js';

let dir: string;

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runs-command-test-'));
});

afterEach(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

const environment = {backend: 'wasm', node: 'v20.20.2', cpu: {model: 'Test CPU', cores: 2}};

async function save(preset: string, id: string, now: Date, stopAfter?: number) {
	const state = raceState({config: loadPreset(preset).config, preset, stopAfter});
	const summary = buildSummary(state, {partial: stopAfter !== undefined, presetName: preset, environment, now, id});
	await saveSummary(summary, dir);
	return summary;
}

async function run(args: string[]): Promise<{code: number; out: string; err: string}> {
	let out = '';
	let err = '';
	const code = await runsCommand(args, {runsDir: dir, stdout: text => (out += text), stderr: text => (err += text)});
	return {code, out, err};
}

describe('runs', () => {
	it('lists saved runs newest first with accuracies, duration, status and ID', async () => {
		await save('tutorial', 'aaaaaa', new Date(2026, 10, 20, 10, 0, 0));
		await save('strict', 'bbbbbb', new Date(2026, 10, 22, 10, 0, 0), 4);
		await save('quick', 'cccccc', new Date(2026, 10, 21, 10, 0, 0));
		fs.writeFileSync(path.join(dir, 'notes.json'), '{"hello": 1}');
		const {code, out, err} = await run([]);
		expect(code).toBe(0);
		const lines = out.trimEnd().split('\n');
		expect(lines[0]).toMatch(/^DATE +PRESET +SUPERVISED +SEMI +GAP +DURATION +STATUS +ID$/);
		expect(lines.slice(1).map(line => line.split(/ +/).at(-1))).toEqual(['bbbbbb', 'cccccc', 'aaaaaa']);
		expect(lines[1]).toMatch(/^2026-11-22 10:00 +strict +\d+\.\d\d% +\d+\.\d\d% +[+-]\d+\.\d\d pts +\S+ +partial +bbbbbb$/);
		expect(lines[3]).toMatch(/ complete +aaaaaa$/);
		expect(err).toMatch(/^skipped .*notes\.json: not a run summary/);
	});

	it('says so when there are no runs, even without the folder', async () => {
		fs.rmSync(dir, {recursive: true});
		const {code, out} = await run([]);
		expect(code).toBe(0);
		expect(out).toBe(`No saved runs in ${dir}\n`);
	});

	it('shows one run as its Markdown report, by ID or unique prefix', async () => {
		const summary = await save('tutorial', 'abc123', new Date(2026, 10, 20, 10, 0, 0));
		await save('tutorial', 'abd456', new Date(2026, 10, 20, 11, 0, 0));
		expect((await run(['show', 'abc123'])).out).toBe(renderMarkdown(summary));
		expect((await run(['show', 'abc'])).out).toBe(renderMarkdown(summary));
		expect((await run(['show', summary.name])).out).toBe(renderMarkdown(summary));
	});

	it('rejects unknown, ambiguous and missing IDs with an InputError', async () => {
		await save('tutorial', 'abc123', new Date(2026, 10, 20, 10, 0, 0));
		await save('tutorial', 'abd456', new Date(2026, 10, 20, 11, 0, 0));
		await expect(run(['show', 'ffffff'])).rejects.toThrow(InputError);
		await expect(run(['show', 'ffffff'])).rejects.toThrow(`no saved run with ID "ffffff" in ${dir}`);
		await expect(run(['show', 'ab'])).rejects.toThrow('run ID "ab" matches 2 runs (abd456, abc123); give more characters');
		await expect(run(['show'])).rejects.toThrow('usage: pseudolabel-tui runs show ID');
		await expect(run(['delete', 'abc123'])).rejects.toThrow(InputError);
	});

	it('compares two runs: four curves in one chart, a table and the config changes', async () => {
		const a = await save('tutorial', 'aaaaaa', new Date(2026, 10, 20, 10, 0, 0));
		const b = await save('strict', 'bbbbbb', new Date(2026, 10, 21, 10, 0, 0));
		const {code, out} = await run(['compare', 'aaa', 'bbb']);
		expect(code).toBe(0);
		expect(out).toContain('aaaaaa supervised');
		expect(out).toContain('aaaaaa semi');
		expect(out).toContain('bbbbbb supervised');
		expect(out).toContain('bbbbbb semi');
		expect(out).toMatch(/^ID +PRESET +DATE +SUPERVISED +SEMI +GAP +EPOCHS +WALL +STATUS$/m);
		expect(out).toMatch(/^aaaaaa +tutorial +2026-11-20 10:00 .* 30\/30 .* complete$/m);
		expect(out).toMatch(/^bbbbbb +strict +/m);
		expect(out).toContain('threshold: 0.8 → 0.95');
		expect(a.config.threshold).not.toBe(b.config.threshold);
	});
});
