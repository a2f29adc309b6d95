import {describe, expect, it} from 'vitest';
import {defaultRunConfig, totalEpochs} from '../../source/config/run-config.js';
import {buildSummary} from '../../source/summary/build-summary.js';
import {runSummarySchema} from '../../source/summary/run-summary.js';
import {summaryName} from '../../source/summary/summary-name.js';
import {createRaceState} from '../../source/race/race-state.js';
import {raceState} from './race-fixture.js';

const environment = {backend: 'wasm', node: 'v20.20.2', cpu: {model: 'Test CPU', cores: 2}};
const now = new Date(2026, 10, 24, 14, 3, 9);

describe('buildSummary', () => {
	it('keeps config, environment, dataset, both curves and the final accuracies', () => {
		const state = raceState();
		const summary = buildSummary(state, {partial: false, presetName: 'tutorial', environment, now, id: 'a1b2c3'});
		expect(runSummarySchema.parse(summary)).toEqual(summary);
		expect(summary.config).toEqual(defaultRunConfig);
		expect(summary.environment).toEqual(environment);
		expect(summary.dataset).toEqual({name: 'MNIST', train: 60_000, test: 10_000, labeled: 1000, unlabeled: 59_000});
		expect(summary.totalEpochs).toBe(totalEpochs(defaultRunConfig));
		expect(summary.runs.supervised.epochs).toHaveLength(30);
		expect(summary.runs.semi.epochs.map(point => point.testAccuracy)).toEqual(state.semi.epochs.map(point => point.testAccuracy));
		expect(summary.runs.semi.finalAccuracy).toBe(state.semi.finalAccuracy);
		expect(summary.runs.semi.finalAccuracy).toBeGreaterThan(summary.runs.supervised.finalAccuracy!);
		expect(summary.wallSeconds).toBe(state.wallSeconds);
		expect(summary.partial).toBe(false);
		expect(summary.name).toBe('20261124-140309-tutorial-a1b2c3');
		expect(summary.createdAt).toBe(now.toISOString());
	});

	it('computes throughput from the samples trained over the wall time', () => {
		const summary = buildSummary(raceState(), {partial: false, presetName: 'tutorial', environment, now});
		expect(summary.runs.supervised.samplesPerSec).toBeCloseTo((30 * 5000) / (30 * 0.5));
		expect(summary.id).toMatch(/^[\da-f]{6}$/);
	});

	it('drops the digit samples and turns NaN precision into null', () => {
		const state = raceState();
		expect(state.rounds[0].samples.length).toBeGreaterThan(0);
		const withNaN = {...state, rounds: [...state.rounds, {...state.rounds[0], round: 2, accepted: 0, precision: Number.NaN}]};
		const summary = buildSummary(withNaN, {partial: false, presetName: 'tutorial', environment, now});
		expect(summary.rounds[0]).not.toHaveProperty('samples');
		expect(summary.rounds[0].pool).toBe(59_000);
		expect(summary.rounds[1].precision).toBeNull();
		expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
	});

	it('summarises a stopped race from its last epochs and the clock', () => {
		const state = raceState({stopAfter: 7});
		const stoppedAt = new Date(state.startedAt! + 42_000);
		const summary = buildSummary(state, {partial: true, presetName: 'tutorial', environment, now: stoppedAt});
		expect(summary.partial).toBe(true);
		expect(summary.runs.semi.epochs).toHaveLength(7);
		expect(summary.runs.semi.finalAccuracy).toBe(state.semi.epochs.at(-1)?.testAccuracy);
		expect(summary.runs.semi.wallSeconds).toBeNull();
		expect(summary.runs.semi.samplesPerSec).toBe(8000);
		expect(summary.wallSeconds).toBe(42);
		expect(summary.rounds).toEqual([]);
	});

	it('refuses a race that never started', () => {
		expect(() => buildSummary(createRaceState(), {partial: true, presetName: 'x', environment, now})).toThrow(/not started/);
	});
});

describe('summaryName', () => {
	it('sorts by time and keeps only file-safe preset characters', () => {
		const early = summaryName(new Date(2026, 0, 2, 3, 4, 5), 'quick', '000001');
		const late = summaryName(new Date(2026, 0, 2, 3, 4, 6), 'a', '000000');
		expect(early).toBe('20260102-030405-quick-000001');
		expect([late, early].sort()).toEqual([early, late]);
		expect(summaryName(new Date(2026, 0, 2), 'my preset/../x', 'abcdef')).toBe('20260102-000000-my-preset-x-abcdef');
	});
});
