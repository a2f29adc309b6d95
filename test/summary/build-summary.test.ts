import {describe, expect, it} from 'vitest';
import {plannedEpochs} from '../../source/config/contenders.js';
import {defaultRunConfig} from '../../source/config/run-config.js';
import {buildSummary} from '../../source/summary/build-summary.js';
import {runSummarySchema} from '../../source/summary/run-summary.js';
import {summaryName} from '../../source/summary/summary-name.js';
import {createRaceState, reduceRace, type ContenderState, type RaceState} from '../../source/race/race-state.js';
import {fourContenders, fourShared, raceEvents, raceState} from './race-fixture.js';

const environment = {backend: 'wasm', node: 'v20.20.2', cpu: {model: 'Test CPU', cores: 2}};
const now = new Date(2026, 10, 24, 14, 3, 9);

function byId(state: RaceState, id: string): ContenderState {
	return state.contenders.find(contender => contender.id === id)!;
}

describe('buildSummary', () => {
	it('keeps the race settings, environment, dataset, every contender\'s curve and final accuracy', () => {
		const state = raceState();
		const summary = buildSummary(state, {partial: false, presetName: 'tutorial', environment, now, id: 'a1b2c3'});
		expect(runSummarySchema.parse(summary)).toEqual(summary);
		expect(summary.formatVersion).toBe(2);
		expect(summary.race).toEqual({labeled: 1000, seed: 42});
		expect(summary.environment).toEqual(environment);
		expect(summary.dataset).toEqual({name: 'MNIST', train: 60_000, test: 10_000, labeled: 1000, unlabeled: 59_000});
		expect(summary.totalEpochs).toBe(plannedEpochs('pseudo-label', defaultRunConfig));
		expect(summary.contenders.map(contender => [contender.id, contender.method, contender.status])).toEqual([
			['supervised', 'supervised', 'done'],
			['semi', 'pseudo-label', 'done'],
		]);
		const [supervised, semi] = summary.contenders;
		expect(supervised!.epochs).toHaveLength(30);
		expect(semi!.config).toEqual(defaultRunConfig);
		expect(semi!.epochs.map(point => point.testAccuracy)).toEqual(byId(state, 'semi').epochs.map(point => point.testAccuracy));
		expect(semi!.finalAccuracy).toBe(byId(state, 'semi').finalAccuracy);
		expect(semi!.finalAccuracy).toBeGreaterThan(supervised!.finalAccuracy!);
		expect(summary.wallSeconds).toBe(state.wallSeconds);
		expect(summary.partial).toBe(false);
		expect(summary.name).toBe('20261124-140309-tutorial-a1b2c3');
		expect(summary.createdAt).toBe(now.toISOString());
	});

	it("records real data's labeled count, not the --labeled it never used", () => {
		const state = raceState();
		const info = {name: 'own', kind: 'image' as const, height: 28, width: 28, channels: 1, classNames: ['a', 'b'], mode: 'real' as const};
		const real = {...state, dataset: {...state.dataset!, labeled: 200, unlabeled: 1300, info}};
		const summary = buildSummary(real, {partial: false, presetName: 'tutorial', environment, now, id: 'a1b2c4'});
		expect(summary.race).toMatchObject({labeled: 200});
		expect(summary.contenders.map(contender => (contender.config as {labeled?: number}).labeled)).toEqual([200, 200]);
		// Simulation: --labeled is the labeled count, as given.
		expect(buildSummary(state, {partial: false, presetName: 'tutorial', environment, now}).race).toMatchObject({labeled: 1000});
	});

	it('keeps four contenders in race order, online rounds with their kind, α and class thresholds', () => {
		const state = raceState({contenders: fourContenders, shared: fourShared});
		const summary = buildSummary(state, {partial: false, presetName: 'custom', environment, now});
		expect(runSummarySchema.parse(summary)).toEqual(summary);
		expect(summary.contenders.map(contender => contender.id)).toEqual(['supervised', 'semi', 'lee', 'flex']);
		// The epoch budget rule: supervised trains as long as the longest semi-supervised contender.
		expect(summary.contenders[0]!.plannedEpochs).toBe(Math.max(...summary.contenders.slice(1).map(c => c.plannedEpochs)));
		expect(summary.contenders[1]!.rounds.map(round => round.kind)).toEqual(['round', 'round']);
		expect(summary.contenders[2]!.rounds[0]).toMatchObject({kind: 'online', alpha: 0.5});
		expect(summary.contenders[3]!.rounds[0]!.classThresholds).toHaveLength(10);
	});

	it('records what besides the settings determines the numbers: data fingerprint, engine, backend, version', () => {
		const fingerprint = `sha256:${'ab'.repeat(32)}`;
		const engineOf = (run: string) => (run === 'semi' ? ('tfjs' as const) : ('direct' as const));
		const events = raceEvents().map(event =>
			event.type === 'start' ? {...event, dataset: {...event.dataset, fingerprint}} : event.type === 'ready' ? {...event, engine: engineOf(event.run)} : event,
		);
		const state = events.reduce((current, event, index) => reduceRace(current, event, index * 1000), createRaceState());
		const summary = buildSummary(state, {partial: false, presetName: 'tutorial', environment: {...environment, version: '9.8.7'}, now});
		expect(runSummarySchema.parse(summary)).toEqual(summary);
		expect(summary.determinedBy).toEqual({dataset: fingerprint, engine: 'direct+tfjs', backend: 'wasm', version: '9.8.7'});
		// Kept once: under determinedBy, not again in the dataset sizes.
		expect(summary.dataset).not.toHaveProperty('fingerprint');
		// A race whose workers said nothing of their engine (older events) says so instead of guessing.
		expect(buildSummary(raceState(), {partial: false, presetName: 'tutorial', environment, now}).determinedBy).toEqual({
			dataset: 'unknown',
			engine: 'unknown',
			backend: 'wasm',
			version: 'unknown',
		});
	});

	it('computes throughput from the samples trained over the wall time', () => {
		const summary = buildSummary(raceState(), {partial: false, presetName: 'tutorial', environment, now});
		expect(summary.contenders[0]!.samplesPerSec).toBeCloseTo((30 * 5000) / (30 * 0.5));
		expect(summary.id).toMatch(/^[\da-f]{6}$/);
	});

	it('drops the digit samples and turns NaN precision into null', () => {
		const state = raceState();
		const semi = byId(state, 'semi');
		expect(semi.rounds[0]!.samples.length).toBeGreaterThan(0);
		const withNaN: RaceState = {
			...state,
			contenders: state.contenders.map(contender =>
				contender.id === 'semi' ? {...contender, rounds: [...contender.rounds, {...contender.rounds[0]!, round: 2, accepted: 0, precision: Number.NaN}]} : contender,
			),
		};
		const summary = buildSummary(withNaN, {partial: false, presetName: 'tutorial', environment, now});
		const rounds = summary.contenders[1]!.rounds;
		expect(rounds[0]).not.toHaveProperty('samples');
		expect(rounds[0]!.pool).toBe(59_000);
		expect(rounds[1]!.precision).toBeNull();
		expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
	});

	it('summarises a stopped race from its last epochs and the clock', () => {
		const state = raceState({stopAfter: 7});
		const stoppedAt = new Date(state.startedAt! + 42_000);
		const summary = buildSummary(state, {partial: true, presetName: 'tutorial', environment, now: stoppedAt});
		const semi = summary.contenders[1]!;
		expect(summary.partial).toBe(true);
		expect(semi.epochs).toHaveLength(7);
		expect(semi.finalAccuracy).toBe(byId(state, 'semi').epochs.at(-1)?.testAccuracy);
		expect(semi.wallSeconds).toBeNull();
		expect(semi.samplesPerSec).toBe(8000);
		expect(semi.status).toBe('training');
		expect(summary.wallSeconds).toBe(42);
		expect(semi.rounds).toEqual([]);
	});

	it('records a crashed contender as failed with its error while the others finish', () => {
		const state = raceState({contenders: fourContenders, shared: fourShared, crash: ['lee']});
		const summary = buildSummary(state, {partial: false, presetName: 'custom', environment, now});
		const lee = summary.contenders.find(contender => contender.id === 'lee')!;
		expect(lee.status).toBe('failed');
		expect(lee.error).toContain('out of memory');
		expect(summary.contenders.filter(contender => contender.status === 'done')).toHaveLength(3);
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
