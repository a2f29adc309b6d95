// Is one race's gap real? A sweep of the same preset and settings under the runs folder answers it: its gaps per seed
// (by the race's one definition), mean ± sd and sign count, found for the dashboard and `runs show`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runsCommand} from '../../source/cli/commands/runs.js';
import {gapToBaselineBest} from '../../source/core/gap.js';
import {buildSummary} from '../../source/summary/build-summary.js';
import type {RunSummary} from '../../source/summary/run-summary.js';
import {saveSummary} from '../../source/summary/save-summary.js';
import {findSweepEvidence} from '../../source/sweep/evidence.js';
import {readSummaries, writeReport} from '../../source/sweep/report-files.js';
import {raceState} from '../summary/race-fixture.js';

let runs: string;

beforeEach(() => {
	runs = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-test-'));
});

afterEach(() => {
	fs.rmSync(runs, {recursive: true, force: true});
});

const environment = {backend: 'wasm', node: 'v20.20.2', cpu: {model: 'Test CPU', cores: 2}};

/** The tutorial race of `seed`, semi's curve moved by `shift` from its warm-up on (a seed's luck). */
function trial(seed: number, shift: number, patch: Record<string, number> = {}): RunSummary {
	const summary = buildSummary(raceState({preset: 'tutorial'}), {partial: false, presetName: 'tutorial', environment, now: new Date(2026, 10, 20, 10, seed), id: String(seed).padStart(6, '0')});
	return {
		...summary,
		race: {...summary.race, seed} as RunSummary['race'],
		contenders: summary.contenders.map(contender => ({
			...contender,
			config: {...contender.config, seed, ...patch},
			epochs: contender.id === 'semi' ? contender.epochs.map(point => (point.phase === 'warm-up' ? point : {...point, testAccuracy: point.testAccuracy + shift})) : contender.epochs,
		})),
	};
}

/** A sweep folder under the runs folder: one trial folder per summary, then the sweep's report. */
async function sweep(name: string, summaries: RunSummary[], report = true): Promise<string> {
	const dir = path.join(runs, 'sweeps', name);
	for (const [index, summary] of summaries.entries()) {
		const folder = path.join(dir, `trial-${index + 1}`);
		fs.mkdirSync(folder, {recursive: true});
		await saveSummary(summary, folder);
	}

	if (report) await writeReport(dir);
	return dir;
}

const gapOf = (summary: RunSummary) => {
	const curve = (id: string) => summary.contenders.find(contender => contender.id === id)!.epochs.map(point => point.testAccuracy);
	return gapToBaselineBest(curve('semi'), curve('supervised'))!.points;
};

describe('sweep evidence', () => {
	it("finds a sweep of the race's preset and settings, whatever the seed, with each seed's gap, mean ± sd and signs", async () => {
		const trials = [trial(1, 0.01), trial(2, 0.02), trial(3, -0.08)];
		const dir = await sweep('tutorial', trials);
		const race = trial(42, 0);
		const evidence = await findSweepEvidence(runs, {preset: 'tutorial', datasetName: 'MNIST', contenders: race.contenders});
		const gaps = trials.map(item => gapOf(item));
		const mean = (gaps[0]! + gaps[1]! + gaps[2]!) / 3;
		const sd = Math.sqrt(gaps.reduce((sum, gap) => sum + (gap - mean) ** 2, 0) / 2);
		expect(evidence?.dir).toBe(dir);
		expect(evidence?.seeds).toEqual([1, 2, 3]);
		expect(evidence?.contenders).toHaveLength(1);
		const semi = evidence!.contenders[0]!;
		expect(semi.id).toBe('semi');
		expect(semi.mean).toBeCloseTo(mean, 12);
		expect(semi.sd).toBeCloseTo(sd, 12);
		expect(semi.n).toBe(3);
		// The third seed's gap has the other sign: 2 of 3 agree with the mean.
		expect(gaps.filter(gap => Math.sign(gap) === Math.sign(mean))).toHaveLength(semi.sameSign);
		expect(semi.sameSign).toBe(2);
	});

	it('ignores sweeps of other settings or presets, partial races, and folders without a report', async () => {
		await sweep('tutorial-strict', [trial(1, 0.01, {threshold: 0.95}), trial(2, 0.01, {threshold: 0.95})]);
		await sweep('unreported', [trial(1, 0.01), trial(2, 0.02)], false);
		await sweep('partial', [{...trial(1, 0.01), partial: true}]);
		const race = trial(42, 0);
		expect(await findSweepEvidence(runs, {preset: 'tutorial', datasetName: 'MNIST', contenders: race.contenders})).toBeUndefined();
		await sweep('tutorial', [trial(1, 0.01)]);
		expect(await findSweepEvidence(runs, {preset: 'quick', datasetName: 'MNIST', contenders: race.contenders})).toBeUndefined();
		expect(await findSweepEvidence(runs, {preset: 'tutorial', datasetName: 'Fashion-MNIST', contenders: race.contenders})).toBeUndefined();
		expect((await findSweepEvidence(runs, {preset: 'tutorial', datasetName: 'MNIST', contenders: race.contenders}))?.seeds).toEqual([1]);
		// A runs folder that does not exist is no evidence, and no error.
		expect(await findSweepEvidence(path.join(runs, 'missing'), {preset: 'tutorial', contenders: race.contenders})).toBeUndefined();
	});

	it("never counts the race itself, and prefers a sweep's own folder to a report over the whole runs folder", async () => {
		const dir = await sweep('tutorial', [trial(1, 0.01), trial(2, 0.02), trial(3, -0.08)]);
		const race = trial(42, 0);
		await saveSummary(race, runs);
		// `runs aggregate` of the runs folder: a report there, over the sweep's trials and the race; the sweep's own
		// report.json and sweep.json below are no run summaries, passed over without a word.
		await writeReport(runs);
		const read = await readSummaries(runs);
		expect(read.unreadable).toEqual([]);
		expect(read.summaries).toHaveLength(4);
		const evidence = await findSweepEvidence(runs, {preset: 'tutorial', id: race.id, datasetName: 'MNIST', contenders: race.contenders});
		expect(evidence?.seeds).toEqual([1, 2, 3]);
		expect(evidence?.dir).toBe(dir);
		// Without its id the race is one more seed (how a race not yet saved is looked up; it is not in the folder then).
		expect((await findSweepEvidence(runs, {preset: 'tutorial', datasetName: 'MNIST', contenders: race.contenders}))?.seeds).toEqual([1, 2, 3, 42]);
	});

	it('puts the evidence under the contenders of `runs show`', async () => {
		const trials = [trial(1, 0.01), trial(2, 0.02), trial(3, 0.015)];
		await sweep('tutorial', trials);
		const race = trial(42, 0.012);
		await saveSummary(race, runs);
		let out = '';
		expect(await runsCommand(['show', race.id], {runsDir: runs, stdout: text => (out += text)})).toBe(0);
		expect(out).toMatch(/Over 3 seeds \(1, 2, 3\) of a sweep with these settings \(.*sweeps\/tutorial\), the same gap:/);
		expect(out).toMatch(/^- self-training: \+\d+\.\d\d pts ± \d+\.\d\d pts, ahead in 3 of 3 seeds$/m);
		expect(out).toContain("Gap: the final accuracy minus the best supervised had reached by the same epoch");
	});

	it('says a gap of zero in every seed is equal, not ahead, and has no sign before its sd', async () => {
		// Self-training's curve made supervised's own, epoch for epoch: a gap of exactly zero.
		const tie = (seed: number): RunSummary => {
			const summary = trial(seed, 0);
			const supervised = summary.contenders.find(contender => contender.id === 'supervised')!;
			return {...summary, contenders: summary.contenders.map(contender => (contender.id === 'semi' ? {...contender, epochs: supervised.epochs, finalAccuracy: supervised.finalAccuracy} : contender))};
		};

		await sweep('tutorial', [tie(1), tie(2)]);
		const race = tie(42);
		await saveSummary(race, runs);
		let out = '';
		expect(await runsCommand(['show', race.id], {runsDir: runs, stdout: text => (out += text)})).toBe(0);
		expect(out).toMatch(/^- self-training: 0\.00 pts ± 0\.00 pts, equal in 2 of 2 seeds$/m);
	});
});
