import {describe, expect, it} from 'vitest';
import {settingsCatalog} from '../../source/cli/knob-catalog.js';
import {settingsRecord} from '../../source/sweep/cells.js';
import type {SweepManifest} from '../../source/sweep/manifest.js';
import {aggregate} from '../../source/sweep/report.js';
import {renderReportMarkdown} from '../../source/sweep/report-markdown.js';
import {sampleSd} from '../../source/sweep/stats.js';
import {parseSummary} from '../../source/sweep/summary-schema.js';
import {summaryJson, summaryOf, type SummarySpec} from './fixtures/summaries.js';

const round = {acceptanceRate: 0.8, precision: 0.95};

/** Three seeds of supervised vs semi, one threshold. */
function threeSeeds(threshold = 0.9, base = 0.9): SummarySpec[] {
	return [
		{seed: 1, threshold, contenders: [{id: 'supervised', final: base}, {id: 'semi', final: base + 0.04, lastRound: round}]},
		{seed: 2, threshold, contenders: [{id: 'supervised', final: base + 0.01}, {id: 'semi', final: base + 0.03, lastRound: {acceptanceRate: 0.6, precision: 0.85}}]},
		{seed: 3, threshold, contenders: [{id: 'supervised', final: base + 0.02}, {id: 'semi', final: base + 0.01, lastRound: round}]},
	];
}

const files = (specs: SummarySpec[], prefix = '') => specs.map(spec => summaryOf(spec, `${prefix}seed-${spec.seed}/r.json`));

describe('aggregate', () => {
	it('gives mean, sample sd, range and n per contender', () => {
		const report = aggregate({summaries: files(threeSeeds())});
		expect(report.cells).toHaveLength(1);
		const [cell] = report.cells;
		expect(cell!.label).toBe('all');
		expect(cell!.seeds).toEqual([1, 2, 3]);
		const [supervised, semi] = cell!.contenders;
		expect(supervised!.id).toBe('supervised');
		expect(supervised!.final!.mean).toBeCloseTo(0.91, 12);
		expect(supervised!.final!.sd).toBeCloseTo(0.01, 12);
		expect(supervised!.final!.min).toBeCloseTo(0.9);
		expect(supervised!.final!.max).toBeCloseTo(0.92);
		expect(supervised!.final!.n).toBe(3);
		expect(supervised!.gap).toBeNull();
		expect(semi!.final!.mean).toBeCloseTo(0.9267, 4);
		expect(semi!.final!.sd).toBeCloseTo(0.015275, 6); // 0.94, 0.93, 0.91
	});

	it('pairs the gap to supervised seed by seed and counts sign agreement', () => {
		const [, semi] = aggregate({summaries: files(threeSeeds())}).cells[0]!.contenders;
		// Differences +0.04, +0.02, -0.01: mean +0.01667, two of three positive.
		expect(semi!.gap!.mean).toBeCloseTo(0.05 / 3, 12);
		expect(semi!.gap!.sd).toBeCloseTo(0.025166, 6); // sd of 0.04, 0.02, -0.01
		expect(sampleSd([0.04, 0.02, -0.01])).toBeCloseTo(0.025166, 6);
		expect(semi!.gap!.n).toBe(3);
		expect(semi!.gap!.sameSign).toBe(2);
	});

	it('averages the last round and the curve by epoch', () => {
		const [, semi] = aggregate({summaries: files(threeSeeds())}).cells[0]!.contenders;
		expect(semi!.lastRound!.kind).toBe('round');
		expect(semi!.lastRound!.rate!.mean).toBeCloseTo((0.8 + 0.6 + 0.8) / 3, 12);
		expect(semi!.lastRound!.precision!.mean).toBeCloseTo((0.95 + 0.85 + 0.95) / 3, 12);
		expect(semi!.curve.map(point => point.epoch)).toEqual([1, 2, 3]);
		expect(semi!.curve[2]!.mean).toBeCloseTo(semi!.final!.mean, 12);
		expect(semi!.curve[2]!.n).toBe(3);
	});

	it('counts a contender only where it is present, and a failed one as failed', () => {
		const specs = threeSeeds();
		specs[0]!.contenders.push({id: 'fixmatch', method: 'fixmatch', final: 0.97, lastRound: {acceptanceRate: 0.7, precision: 0.99, kind: 'online'}});
		specs[1]!.contenders.push({id: 'fixmatch', method: 'fixmatch', final: null});
		const report = aggregate({summaries: files(specs)});
		expect(report.cells).toHaveLength(1);
		const fixmatch = report.cells[0]!.contenders.find(contender => contender.id === 'fixmatch')!;
		expect(fixmatch.trials).toBe(2);
		expect(fixmatch.missing).toBe(1);
		expect(fixmatch.failed).toBe(1);
		expect(fixmatch.final).toMatchObject({n: 1, mean: 0.97, sd: null});
		expect(fixmatch.seeds).toEqual([1]);
		expect(fixmatch.gap).toMatchObject({n: 1, sameSign: 1});
		expect(fixmatch.gap!.mean).toBeCloseTo(0.07, 12);
		expect(fixmatch.lastRound!.kind).toBe('online');
	});

	it('excludes partial summaries and reports them, noting ones that were run again', () => {
		const specs = threeSeeds();
		const summaries = [
			...files(specs),
			summaryOf({seed: 3, partial: true, contenders: [{id: 'supervised', final: 0.5}, {id: 'semi', final: 0.5}]}, 'seed-3/old.json'),
			summaryOf({seed: 4, partial: true, contenders: [{id: 'supervised', final: 0.5}, {id: 'semi', final: 0.5}]}, 'seed-4/stopped.json'),
		];
		const report = aggregate({summaries, unreadable: [{file: 'x/broken.json', problem: 'Unexpected end of JSON input'}]});
		expect(report.trials).toBe(3);
		expect(report.cells[0]!.contenders[0]!.final!.n).toBe(3);
		expect(report.excluded.partial).toEqual([
			{file: 'seed-3/old.json', preset: 'tutorial', seed: 3, cell: 'all', rerun: true},
			{file: 'seed-4/stopped.json', preset: 'tutorial', seed: 4, cell: 'all', rerun: false},
		]);
		expect(report.excluded.unreadable).toHaveLength(1);
	});

	it('without a manifest or trial folders, finds the grid from the settings that differ, named by flags', () => {
		const summaries = [
			...files(threeSeeds(0.95, 0.9), 'b/'),
			...files(threeSeeds(0.5, 0.8), 'a/'),
			...files(threeSeeds(0.5, 0.8).map(spec => ({...spec, labeled: 100})), 'c/'),
		];
		const report = aggregate({summaries, catalog: settingsCatalog});
		expect(report.varying).toEqual([
			{key: '--labeled', values: ['100', '1000']},
			{key: '--threshold', values: ['0.5', '0.95']},
		]);
		expect(report.cells.map(cell => cell.label)).toEqual([
			'--labeled 100 --threshold 0.5',
			'--labeled 1000 --threshold 0.5',
			'--labeled 1000 --threshold 0.95',
		]);
		// Without a catalog the keys stay config paths.
		expect(aggregate({summaries}).cells[0]!.label).toBe('labeled=100 threshold=0.5');
		expect(report.cells[2]!.contenders[0]!.final!.mean).toBeCloseTo(0.91, 12);
		expect(report.cells.every(cell => cell.trials === 3)).toBe(true);
	});

	it('tells races on other data of the same name apart: data flags as typed, or the data\'s fingerprint', () => {
		const on = (flags: string[], fingerprint: string, folder: string) =>
			files(threeSeeds().slice(0, 2).map(spec => ({...spec, extra: {sweepFlags: [...flags, '--warmup', '3'], determinedBy: {dataset: fingerprint, engine: 'direct', backend: 'wasm', version: '1'}}})), folder);
		const dropped = on(['--data', '/d/flowers.csv', '--drop', 'id'], 'a'.repeat(64), 'x/');
		const kept = on(['--data', '/d/flowers.csv'], 'b'.repeat(64), 'y/');
		const report = aggregate({summaries: [...dropped, ...kept], catalog: settingsCatalog});
		// Two cells of two seeds, none taken for a trial run again.
		expect(report.cells).toHaveLength(2);
		expect(report.cells.every(cell => cell.trials === 2)).toBe(true);
		expect(report.cells.map(cell => cell.label).sort()).toEqual([
			'--data flowers.csv --drop id data sha256=aaaaaaaaaaaa',
			'--data flowers.csv data sha256=bbbbbbbbbbbb',
		]);
		expect(report.excluded.duplicates).toEqual([]);
		// The same file changed between races (same flags, another fingerprint): other cells too.
		const edited = aggregate({summaries: [...on(['--data', '/d/f.csv'], 'c'.repeat(64), 'p/'), ...on(['--data', '/d/f.csv'], 'd'.repeat(64), 'q/')]});
		expect(edited.cells).toHaveLength(2);
		// The same data typed from another folder (the same bytes): one cell.
		expect(aggregate({summaries: [...on(['--data', 'f.csv'], 'c'.repeat(64), 'p/'), ...on(['--data=/home/me/f.csv'], 'c'.repeat(64), 'q/')]}).cells).toHaveLength(1);
		// Summaries from before these fields: one cell, as they always were.
		expect(aggregate({summaries: files(threeSeeds())}).cells).toHaveLength(1);
	});

	it('follows the manifest for key order, missing and failed trials', () => {
		const summaries = [...files(threeSeeds(0.5), 'threshold=0.5/'), ...files(threeSeeds(0.8).slice(0, 1), 'threshold=0.8/')];
		const report = aggregate({
			summaries,
			manifest: {
				formatVersion: 1,
				preset: 'tutorial',
				seeds: [1, 2, 3],
				vary: [{name: 'threshold', flag: '--threshold', values: ['0.5', '0.8']}],
				command: 'npx pseudolabel-tui sweep --preset tutorial --seeds 3 --vary threshold=0.5,0.8',
				trials: [1, 2, 3].flatMap(seed =>
					['0.5', '0.8'].map(value => ({id: `threshold=${value}/seed-${seed}`, seed, settings: [{name: 'threshold', value}]})),
				),
				failed: [{id: 'threshold=0.8/seed-2', error: 'exit code 1'}, {id: 'threshold=0.5/seed-1', error: 'fixed since'}],
			},
		});
		expect(report.missing).toEqual(['threshold=0.8/seed-2', 'threshold=0.8/seed-3']);
		expect(report.failed).toEqual([{id: 'threshold=0.8/seed-2', error: 'exit code 1'}]);
		expect(report.sweep?.command).toContain('--vary threshold=0.5,0.8');
	});

	it('counts a trial run twice once, the newest', () => {
		const older = summaryOf({seed: 1, createdAt: '2026-01-01T00:00:00Z', contenders: [{id: 'supervised', final: 0.5}]}, 'seed-1/a.json');
		const newer = summaryOf({seed: 1, createdAt: '2026-01-02T00:00:00Z', contenders: [{id: 'supervised', final: 0.9}]}, 'seed-1/b.json');
		const report = aggregate({summaries: [newer, older]});
		expect(report.cells[0]!.contenders[0]!.final).toMatchObject({n: 1, mean: 0.9});
		expect(report.excluded.duplicates).toEqual([{file: 'seed-1/a.json', keptFile: 'seed-1/b.json'}]);
	});
});

/** A manifest as the sweep command writes it, for a grid of flags × seeds. */
function manifestOf(vary: Array<{name: string; flag: string; values: string[]}>, seeds: number[]): SweepManifest {
	let cells: Array<Array<{name: string; flag: string; value: string}>> = [[]];
	for (const knob of vary) cells = cells.flatMap(cell => knob.values.map(value => [...cell, {name: knob.name, flag: knob.flag, value}]));
	const id = (cell: Array<{flag: string; value: string}>) => cell.map(({flag, value}) => `${flag.slice(2)}=${value}`).join(',');
	return {
		formatVersion: 1,
		preset: 'tutorial',
		seeds,
		vary,
		command: 'npx pseudolabel-tui sweep …',
		trials: seeds.flatMap(seed => cells.map(cell => ({id: `${id(cell)}/seed-${seed}`, seed, settings: cell}))),
		failed: [],
	};
}

describe('cells from the manifest', () => {
	const strong = {name: 'strongRotationDeg', flag: '--strong-rotation', values: ['30', '10']};
	const weak = {name: 'rotationDeg', flag: '--rotation', values: ['0', '10']};

	it('orders and labels strong and weak augmentation knobs as planned, by their flags (D3)', () => {
		const manifest = manifestOf([strong, weak], [1]);
		const summaries = manifest.trials.map(trial => {
			const [s, w] = trial.settings.map(setting => Number(setting.value));
			return summaryOf(
				{seed: 1, contenders: [{id: 'supervised', final: 0.9}, {id: 'semi', final: 0.9, config: {augmentation: {rotationDeg: w}, strongAugmentation: {rotationDeg: s}}}]},
				`${trial.id}/r.json`,
			);
		});
		const report = aggregate({summaries, manifest});
		// As given: strong first (30 before 10, the order of --vary), then weak; no config path in sight.
		expect(report.cells.map(cell => cell.label)).toEqual([
			'--strong-rotation 30 --rotation 0',
			'--strong-rotation 30 --rotation 10',
			'--strong-rotation 10 --rotation 0',
			'--strong-rotation 10 --rotation 10',
		]);
		expect(report.varying).toEqual([{key: '--strong-rotation', values: ['30', '10']}, {key: '--rotation', values: ['0', '10']}]);
		expect(report.sweep!.vary.map(knob => knob.flag)).toEqual(['--strong-rotation', '--rotation']);
	});

	it('takes cells from the planned trials, not from settings that happen to differ', () => {
		const manifest = manifestOf([{name: 'warmupEpochs', flag: '--warmup', values: ['5', '10']}], [1, 2]);
		const summaries = manifest.trials.map((trial, index) =>
			// A setting the sweep did not vary differs (a contender option, or the dataset's name): no extra cell.
			summaryOf({seed: trial.seed, contenders: [{id: 'supervised', final: 0.9}, {id: 'semi', final: 0.92, config: {rounds: 2 + index}}]}, `${trial.id}/r.json`),
		);
		summaries.push(summaryOf({seed: 9, contenders: [{id: 'supervised', final: 0.1}]}, 'elsewhere/r.json'));
		const report = aggregate({summaries, manifest});
		expect(report.cells.map(cell => [cell.label, cell.trials])).toEqual([['--warmup 5', 2], ['--warmup 10', 2]]);
		expect(report.excluded.unplanned).toEqual(['elsewhere/r.json']);
		expect(renderReportMarkdown(report)).toContain("- Summaries outside the planned trials' folders (not counted): 1\n  - `elsewhere/r.json`");
		expect(report.missing).toEqual([]);
	});

	it('does not split a cell by a knob that some summaries lack (added between versions) (D4)', () => {
		const older = summaryOf({seed: 1, contenders: [{id: 'supervised', final: 0.9}, {id: 'semi', final: 0.93}]}, 'a/seed-1/r.json');
		const newer = summaryOf({seed: 2, contenders: [{id: 'supervised', final: 0.91}, {id: 'semi', final: 0.95, config: {flexWarmup: true}}]}, 'a/seed-2/r.json');
		const report = aggregate({summaries: [older, newer], catalog: settingsCatalog});
		expect(report.cells.map(cell => [cell.label, cell.trials])).toEqual([['all', 2]]);
		expect(report.varying).toEqual([]);
	});

	it('reads cells back from trial folder names when the folder has no manifest', () => {
		const summaries = [
			summaryOf({seed: 1, contenders: [{id: 'supervised', final: 0.9}]}, 'warmup=10/seed-1/r.json'),
			summaryOf({seed: 1, contenders: [{id: 'supervised', final: 0.8}]}, 'warmup=5/seed-1/r.json'),
		];
		const report = aggregate({summaries});
		expect(report.cells.map(cell => cell.label)).toEqual(['--warmup 5', '--warmup 10']);
	});

	it('names strong-augmentation paths by their own flags without a manifest (D3)', () => {
		const spec = (seed: number, s: number, w: number): SummarySpec => ({
			seed,
			contenders: [{id: 'supervised', final: 0.9, config: {augmentation: {rotationDeg: w}, strongAugmentation: {rotationDeg: s}}}],
		});
		const summaries = [summaryOf(spec(1, 30, 0), 'x/1.json'), summaryOf(spec(1, 10, 10), 'x/2.json')];
		const report = aggregate({summaries, catalog: settingsCatalog});
		expect(report.varying.map(item => item.key)).toEqual(['--rotation', '--strong-rotation']);
		expect(report.cells.map(cell => cell.label)).toEqual(['--rotation 0 --strong-rotation 30', '--rotation 10 --strong-rotation 10']);
	});
});

describe('reading summaries', () => {
	it('ignores unknown fields and says what is wrong with a foreign file', () => {
		const parsed = parseSummary(summaryJson({seed: 7, contenders: [{id: 'supervised', final: 0.9}], extra: {novel: {x: 1}}}), 'f.json');
		expect(parsed.ok && parsed.summary.seed).toBe(7);
		const foreign = parseSummary({formatVersion: 2, id: 'x'}, 'g.json');
		expect(foreign).toMatchObject({ok: false});
		expect(!foreign.ok && foreign.problem).toMatch(/^not a run summary \(field "preset"/);
		expect(parseSummary({formatVersion: 9}, 'h.json')).toEqual({ok: false, problem: 'unknown summary format version 9'});
	});

	it('flattens per-contender settings and keeps seeds out', () => {
		const summary = summaryOf({seed: 1, threshold: 0.7, contenders: [{id: 'supervised', final: 0.9}, {id: 'semi', final: 0.9, config: {rounds: 5}}]});
		const settings = settingsRecord(summary);
		expect(settings.threshold).toBe(0.7);
		expect(settings.labeled).toBe(1000);
		expect(settings['augmentation.zoom']).toBe(0.1);
		expect(settings['semi.rounds']).toBe(5);
		expect(settings['supervised.rounds']).toBe(2);
		expect(Object.keys(settings).some(key => key.endsWith('seed'))).toBe(false);
	});
});
