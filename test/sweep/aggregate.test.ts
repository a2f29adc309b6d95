import {describe, expect, it} from 'vitest';
import {aggregate, settingsOf} from '../../source/sweep/report.js';
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

	it('finds the grid from the settings that differ, without a manifest', () => {
		const summaries = [
			...files(threeSeeds(0.95, 0.9), 'b/'),
			...files(threeSeeds(0.5, 0.8), 'a/'),
			...files(threeSeeds(0.5, 0.8).map(spec => ({...spec, labeled: 100})), 'c/'),
		];
		const report = aggregate({summaries});
		expect(report.varying).toEqual([
			{key: 'labeled', values: ['100', '1000']},
			{key: 'threshold', values: ['0.5', '0.95']},
		]);
		expect(report.cells.map(cell => cell.label)).toEqual([
			'labeled=100, threshold=0.5',
			'labeled=1000, threshold=0.5',
			'labeled=1000, threshold=0.95',
		]);
		expect(report.cells[2]!.contenders[0]!.final!.mean).toBeCloseTo(0.91, 12);
		expect(report.cells.every(cell => cell.trials === 3)).toBe(true);
	});

	it('follows the manifest for key order, missing and failed trials', () => {
		const summaries = [...files(threeSeeds(0.5), 'threshold=0.5/'), ...files(threeSeeds(0.8).slice(0, 1), 'threshold=0.8/')];
		const report = aggregate({
			summaries,
			manifest: {
				formatVersion: 1,
				preset: 'tutorial',
				seeds: [1, 2, 3],
				vary: [{name: 'threshold', values: ['0.5', '0.8']}],
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
		const settings = settingsOf(summary);
		expect(settings.get('threshold')).toBe('0.7');
		expect(settings.get('labeled')).toBe('1000');
		expect(settings.get('augmentation.zoom')).toBe('0.1');
		expect(settings.get('semi.rounds')).toBe('5');
		expect(settings.get('supervised.rounds')).toBe('2');
		expect([...settings.keys()].some(key => key.endsWith('seed'))).toBe(false);
	});
});
