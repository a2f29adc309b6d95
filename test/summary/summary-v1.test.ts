// Summaries saved before contenders existed (format version 1) still list, show and compare, upgraded in memory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runsCommand} from '../../source/cli/commands/runs.js';
import {buildSummary} from '../../source/summary/build-summary.js';
import {renderMarkdown} from '../../source/summary/render-markdown.js';
import {renderSvg} from '../../source/summary/render-svg.js';
import {runSummarySchema} from '../../source/summary/run-summary.js';
import {readSavedRuns} from '../../source/summary/saved-runs.js';
import {saveSummary} from '../../source/summary/save-summary.js';
import {parseAnySummary} from '../../source/summary/summary-v1.js';
import {raceState} from './race-fixture.js';
import {parseXml} from './xml-well-formed.js';

const epoch = (n: number, accuracy: number, phase: string, round: number) => ({
	epoch: n, testAccuracy: accuracy, loss: 0.5 / n, samplesPerSec: 2000, phase, round, elapsed: n * 2,
});

/** Written by hand the way version 1 saved a finished 2 + 1×2 epoch race: one config, two runs, the rounds. */
const v1 = {
	formatVersion: 1,
	id: '01d01d',
	name: '20251001-120000-strict-01d01d',
	createdAt: '2025-10-01T12:00:00.000Z',
	preset: 'strict',
	partial: false,
	config: {
		labeled: 500, threshold: 0.95, warmupEpochs: 2, epochsPerRound: 2, rounds: 1, batchSize: 32, learningRate: 0.001,
		augmentation: {rotationDeg: 10, zoom: 0.1, widthShift: 0.1, heightShift: 0.1},
		augmentEveryEpoch: false, augmentLabeled: true, seed: 7,
	},
	totalEpochs: 4,
	environment: {backend: 'wasm', node: 'v20.11.0', cpu: {model: 'Old CPU', cores: 4}},
	dataset: {name: 'MNIST', train: 60_000, test: 10_000, labeled: 500, unlabeled: 59_500},
	runs: {
		supervised: {
			epochs: [epoch(1, 0.71, 'training', 0), epoch(2, 0.78, 'training', 0), epoch(3, 0.8, 'training', 0), epoch(4, 0.81, 'training', 0)],
			finalAccuracy: 0.81, wallSeconds: 8, samplesTrained: 2000, samplesPerSec: 250,
		},
		semi: {
			epochs: [epoch(1, 0.7, 'warm-up', 0), epoch(2, 0.77, 'warm-up', 0), epoch(3, 0.84, 'retraining', 1), epoch(4, 0.86, 'retraining', 1)],
			finalAccuracy: 0.86, wallSeconds: 12, samplesTrained: 90_000, samplesPerSec: 7500,
		},
	},
	rounds: [{
		round: 1, pool: 59_500, accepted: 41_000, acceptanceRate: 41_000 / 59_500, precision: 0.981,
		perClassAccepted: Array.from({length: 10}, () => 4100), perClassCorrect: Array.from({length: 10}, () => 4022), threshold: 0.95,
	}],
	wallSeconds: 13,
};

let dir: string;

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'summary-v1-test-'));
	fs.writeFileSync(path.join(dir, `${v1.name}.json`), JSON.stringify(v1, undefined, 2));
});

afterEach(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

async function run(args: string[]): Promise<string> {
	let out = '';
	await runsCommand(args, {runsDir: dir, stdout: text => (out += text), stderr: text => (out += `ERR ${text}`)});
	return out;
}

describe('version-1 summaries', () => {
	it('upgrade to contenders supervised and semi, race settings labeled and seed, the rounds on semi', () => {
		const parsed = parseAnySummary(v1);
		expect(parsed.success).toBe(true);
		if (!parsed.success) return;
		const summary = parsed.data;
		expect(runSummarySchema.parse(summary)).toEqual(summary);
		expect(summary.formatVersion).toBe(2);
		expect(summary.race).toEqual({labeled: 500, seed: 7});
		expect(summary.contenders.map(c => [c.id, c.name, c.method, c.status])).toEqual([
			['supervised', 'supervised', 'supervised', 'done'],
			['semi', 'pseudo-label', 'pseudo-label', 'done'],
		]);
		const [supervised, semi] = summary.contenders;
		expect(semi!.config).toMatchObject({threshold: 0.95, augmentLabeled: true, labeled: 500, seed: 7, augmentation: {zoom: 0.1}});
		// Version 1's supervised run never augmented; augmentLabeled meant the semi run's retraining.
		expect(supervised!.config).toMatchObject({threshold: 0.95, augmentLabeled: false});
		expect(supervised!.rounds).toEqual([]);
		expect(semi!.rounds).toEqual([{...v1.rounds[0], kind: 'round'}]);
		expect(semi!.plannedEpochs).toBe(4);
		expect(semi!.finalAccuracy).toBe(0.86);
	});

	it('marks a crashed or stopped version-1 run failed or cancelled', () => {
		const broken = {
			...v1,
			partial: true,
			runs: {
				supervised: {...v1.runs.supervised, wallSeconds: null},
				semi: {...v1.runs.semi, error: 'boom'},
			},
		};
		const parsed = parseAnySummary(broken);
		expect(parsed.success && parsed.data.contenders.map(c => c.status)).toEqual(['cancelled', 'failed']);
	});

	it('rejects a version-1 file with a missing field, naming it', () => {
		const {runs: _runs, ...withoutRuns} = v1;
		const parsed = parseAnySummary(withoutRuns);
		expect(parsed.success).toBe(false);
		expect(!parsed.success && parsed.problem).toMatch(/^field "runs"/);
	});

	it('list, show and compare alongside version-2 runs', async () => {
		const state = raceState();
		const environment = {backend: 'wasm', node: 'v20.20.2', cpu: {model: 'Test CPU', cores: 2}};
		await saveSummary(buildSummary(state, {partial: false, presetName: 'tutorial', environment, now: new Date(2026, 10, 20), id: 'aaaaaa'}), dir);
		const {runs, problems} = await readSavedRuns(dir);
		expect(problems).toEqual([]);
		expect(runs.map(item => item.summary.id)).toEqual(['aaaaaa', '01d01d']);

		const listing = await run([]);
		expect(listing).toMatch(/ strict +MNIST +2 +semi 86\.00% +\+5\.00 pts +13\.0s +complete +01d01d$/m);

		const report = await run(['show', '01d0']);
		expect(report).toBe(renderMarkdown(runs[1]!.summary, null));
		expect(report).toContain('| ━━ | pseudo-label | semi | self-training | 86.00% | +5.00 pts | 68.9% used | 98.1% | 12.0s | done |');
		expect(() => parseXml(renderSvg(runs[1]!.summary))).not.toThrow();

		const comparison = await run(['compare', 'aaaaaa', '01d0']);
		expect(comparison).toContain('01d01d supervised');
		expect(comparison).toContain('01d01d semi');
		expect(comparison).toContain('race labeled: 1000 · 500');
		expect(comparison).toContain('semi threshold: 0.8 · 0.95');
		expect(comparison).not.toContain('ERR');
	});
});
