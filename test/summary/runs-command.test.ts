import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runsCommand} from '../../source/cli/commands/runs.js';
import {InputError} from '../../source/core/input-error.js';
import {buildSummary} from '../../source/summary/build-summary.js';
import {renderMarkdown} from '../../source/summary/render-markdown.js';
import {saveSummary} from '../../source/summary/save-summary.js';
import {contenderStyle} from '../../source/text/contender-style.js';
import {fourContenders, fourShared, raceState, type FixtureOptions} from './race-fixture.js';

let dir: string;

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runs-command-test-'));
});

afterEach(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

const environment = {backend: 'wasm', node: 'v20.20.2', cpu: {model: 'Test CPU', cores: 2}};

async function save(preset: string, id: string, now: Date, stopAfter?: number, options: Partial<FixtureOptions> = {}) {
	const state = raceState({preset, stopAfter, ...options});
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
	it('lists saved runs newest first with contenders, the best one and its gap, duration, status and ID', async () => {
		await save('tutorial', 'aaaaaa', new Date(2026, 10, 20, 10, 0, 0));
		await save('strict', 'bbbbbb', new Date(2026, 10, 22, 10, 0, 0), 4);
		await save('four', 'cccccc', new Date(2026, 10, 21, 10, 0, 0), undefined, {contenders: fourContenders, shared: fourShared});
		fs.writeFileSync(path.join(dir, 'notes.json'), '{"hello": 1}');
		// What `runs aggregate` on this folder writes there is no run, and no foreign file either.
		fs.writeFileSync(path.join(dir, 'report.json'), '{"cells": []}');
		const {code, out, err} = await run([]);
		expect(code).toBe(0);
		const lines = out.trimEnd().split('\n');
		expect(lines[0]).toMatch(/^DATE +PRESET +DATA +CONTENDERS +BEST +GAP +DURATION +STATUS +ID$/);
		expect(lines.slice(1).map(line => line.split(/ +/).at(-1))).toEqual(['bbbbbb', 'cccccc', 'aaaaaa']);
		expect(lines[1]).toMatch(/^2026-11-22 10:00 +strict +MNIST +2 +\S+ \d+\.\d\d% +([+−±]\d+\.\d\d pts|baseline) +\S+ +partial +bbbbbb$/);
		expect(lines[2]).toMatch(/^2026-11-21 10:00 +four +MNIST +4 +flex \d+\.\d\d% +\+\d+\.\d\d pts +\S+ +complete +cccccc$/);
		expect(lines[3]).toMatch(/ semi \d+\.\d\d% .* complete +aaaaaa$/);
		expect(err).toMatch(/^skipped .*notes\.json: not a run summary/);
		expect(err).not.toContain('report.json');
	});

	it('with --json lists one JSON line per run and shows a run as its summary; compare has no JSON form', async () => {
		await save('tutorial', 'aaaaaa', new Date('2026-01-01T00:00:00Z'));
		await save('quick', 'bbbbbb', new Date('2026-01-03T00:00:00Z'), 2);
		let out = '';
		const json = async (args: string[]) => {
			out = '';
			return runsCommand(args, {runsDir: dir, stdout: text => (out += text), json: true});
		};

		expect(await json([])).toBe(0);
		const lines = out.trimEnd().split('\n').map(line => JSON.parse(line) as {id: string; preset: string; partial: boolean; contenders: Array<{id: string; finalAccuracy: number | null}>});
		expect(lines.map(line => [line.id, line.preset, line.partial])).toEqual([['bbbbbb', 'quick', true], ['aaaaaa', 'tutorial', false]]);
		expect(lines[1]!.contenders.every(contender => typeof contender.finalAccuracy === 'number')).toBe(true);
		expect(await json(['show', 'aaa'])).toBe(0);
		expect((JSON.parse(out) as {id: string; formatVersion: number})).toMatchObject({id: 'aaaaaa', formatVersion: 2});
		await expect(json(['compare', 'aaaaaa', 'bbbbbb'])).rejects.toThrow(/^runs compare: --json is for runs and runs show/);
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
		// No sweep of these settings under the runs folder: the report says a race is one seed and how to check it.
		expect((await run(['show', 'abc123'])).out).toBe(renderMarkdown(summary, null));
		expect((await run(['show', 'abc'])).out).toBe(renderMarkdown(summary, null));
		expect((await run(['show', summary.name])).out).toBe(renderMarkdown(summary, null));
		expect((await run(['show', 'abc123'])).out).toContain('One seed: a gap this size can be luck. `pseudolabel-tui sweep --preset tutorial --seeds 3`');
	});

	it("gives the one-seed hint's sweep the race's own flags, so it races the race's data", async () => {
		const state = raceState({preset: 'quick'});
		const summary = buildSummary(state, {partial: false, presetName: 'quick', environment, now: new Date(2026, 10, 20, 10), id: 'ddd111', sweepFlags: ['--data', 'my data.npz', '--labeled', '200']});
		await saveSummary(summary, dir);
		expect((await run(['show', 'ddd111'])).out).toContain("`pseudolabel-tui sweep --preset quick --data 'my data.npz' --labeled 200 --seeds 3`");
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

	it('compares two runs: four curves in one chart, a table and the settings changes', async () => {
		await save('tutorial', 'aaaaaa', new Date(2026, 10, 20, 10, 0, 0));
		await save('strict', 'bbbbbb', new Date(2026, 10, 21, 10, 0, 0));
		const {code, out} = await run(['compare', 'aaa', 'bbb']);
		expect(code).toBe(0);
		for (const label of ['aaaaaa supervised', 'bbbbbb supervised', 'aaaaaa semi', 'bbbbbb semi']) {
			expect(out).toContain(label);
		}

		expect(out).toMatch(/^ID +PRESET +DATE +BEST +GAP +EPOCHS +WALL +STATUS$/m);
		expect(out).toMatch(/^aaaaaa +tutorial +2026-11-20 10:00 .* 30\/30 .* complete$/m);
		expect(out).toMatch(/^bbbbbb +strict +/m);
		expect(out).toMatch(/^CONTENDER +aaaaaa +bbbbbb$/m);
		expect(out).toContain('semi threshold: 0.8 · 0.95');
		expect(out).not.toContain('Missing contenders');
	});

	it('says the data differ when the runs raced different data, not "Same settings."', async () => {
		await save('quick', 'aaaaaa', new Date(2026, 10, 20, 10, 0, 0));
		const state = raceState({preset: 'quick'});
		const wine = {...state, dataset: {...state.dataset!, name: 'wine'}};
		await saveSummary(buildSummary(wine, {partial: false, presetName: 'quick', environment, now: new Date(2026, 10, 21, 10, 0, 0), id: 'bbbbbb'}), dir);
		const {code, out} = await run(['compare', 'aaa', 'bbb']);
		expect(code).toBe(0);
		expect(out).toContain('data: MNIST · wine');
		expect(out).not.toContain('Same settings.');
		// The same data and settings: the same words as before.
		await save('quick', 'cccccc', new Date(2026, 10, 22, 10, 0, 0));
		expect((await run(['compare', 'aaa', 'ccc'])).out).toContain('Same settings.');
	});

	it('compares three runs, overlaying contenders with the same id and noting those some runs lack', async () => {
		await save('tutorial', 'aaaaaa', new Date(2026, 10, 20, 10, 0, 0));
		await save('four', 'bbbbbb', new Date(2026, 10, 21, 10, 0, 0), undefined, {contenders: fourContenders, shared: fourShared});
		await save('strict', 'cccccc', new Date(2026, 10, 22, 10, 0, 0));
		const {code, out} = await run(['compare', 'aaaaaa', 'bbbbbb', 'cccccc']);
		expect(code).toBe(0);
		// One key line per series, grouped by contender id, runs in the order given, glyphs by series index.
		const key = out.split('\n').filter(line => /^ {6}\S\S [a-f]{6} /.test(line));
		expect(key.map(line => line.trim().split(' ').slice(1, 3).join(' '))).toEqual([
			'aaaaaa supervised', 'bbbbbb supervised', 'cccccc supervised', 'aaaaaa semi', 'bbbbbb semi', 'cccccc semi', 'bbbbbb lee', 'bbbbbb flex',
		]);
		expect(key[1]!.trim().startsWith(contenderStyle(1).glyph)).toBe(true);
		expect(out).toMatch(/^CONTENDER +aaaaaa +bbbbbb +cccccc$/m);
		expect(out).toMatch(/^lee +– +\d+\.\d\d% +–$/m);
		expect(out).toContain('lee is not in aaaaaa, cccccc');
		expect(out).toContain('flex is not in aaaaaa, cccccc');
		expect(out).toContain('semi threshold: 0.8 · 0.8 · 0.95');
		expect(out).toContain('semi warmupEpochs: 15 · 5 · 15');
	});

	it('needs at least two runs to compare', async () => {
		await save('tutorial', 'aaaaaa', new Date(2026, 10, 20, 10, 0, 0));
		await expect(run(['compare', 'aaaaaa'])).rejects.toThrow('usage: pseudolabel-tui runs compare ID ID [ID…]');
	});
});
