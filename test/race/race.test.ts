import {fileURLToPath} from 'node:url';
import {beforeAll, describe, expect, it} from 'vitest';
import {resolveRace, type RacePlan} from '../../source/config/contenders.js';
import {loadDataset} from '../../source/data/load-dataset.js';
import type {SharedDataset} from '../../source/protocol/messages.js';
import type {RaceEvent} from '../../source/race/race-events.js';
import {startRace} from '../../source/race/race.js';
import {createRaceState, raceSeconds, reduceRace} from '../../source/race/race-state.js';
import type {Isolation} from '../../source/race/run-host.js';
import {childProcessIds, osThreadCount, waitFor} from './thread-count.js';

const tinyShared = {labeled: 200, warmupEpochs: 2, epochsPerRound: 1, rounds: 1, batchSize: 64, seed: 7};
const tinyPlan: RacePlan = resolveRace(tinyShared, undefined);

let dataset: SharedDataset;
beforeAll(async () => {
	dataset = await loadDataset();
});

/** Live threads for worker threads, live child processes for process isolation: what a cancelled race must not leave. */
const leftovers: Record<Isolation, () => number> = {thread: osThreadCount, process: () => childProcessIds().length};

// Thread per run is the default (wasm, cpu); a child process per run is what tfjs-node needs, tested here with wasm.
describe.each<[string, Isolation]>([
	['two real worker threads', 'thread'],
	['two real child processes', 'process'],
])('race in %s', (_, isolation) => {
	it('emits well-formed events for both runs and a final done', async () => {
		const events: RaceEvent[] = [];
		const race = startRace({plan: tinyPlan, preset: 'test', dataset, backend: 'wasm', isolation, onEvent: event => events.push(event)});
		const outcome = await race.finished;
		await race.cancel();
		expect(outcome).toEqual({completed: true, cancelled: false, errors: []});

		expect(events[0]).toMatchObject({type: 'start', backend: 'wasm', dataset: {train: 60_000, test: 10_000, labeled: 200, unlabeled: 59_800}});
		for (const run of ['supervised', 'semi'] as const) {
			const epochs = events.filter(event => event.type === 'epoch' && event.run === run);
			// Fair race: the supervised run gets the semi run's total epoch budget (2 warm-up + 1 round × 1).
			expect(epochs.map(event => event.type === 'epoch' && event.epoch)).toEqual([1, 2, 3]);
			for (const event of epochs) {
				if (event.type !== 'epoch') continue;
				expect(event.testAccuracy).toBeGreaterThan(0.1);
				expect(event.testAccuracy).toBeLessThanOrEqual(1);
				expect(Number.isFinite(event.loss)).toBe(true);
				expect(event.samplesPerSec).toBeGreaterThan(0);
			}
		}

		const labeling = events.find(event => event.type === 'pseudo-labels');
		expect(labeling).toMatchObject({type: 'pseudo-labels', run: 'semi', round: 1, pool: 59_800});
		if (labeling?.type === 'pseudo-labels') {
			expect(labeling.accepted).toBeGreaterThan(0);
			expect(labeling.acceptanceRate).toBeCloseTo(labeling.accepted / labeling.pool, 6);
			expect(labeling.perClassAccepted.reduce((a, b) => a + b, 0)).toBe(labeling.accepted);
			expect(labeling.precision).toBeGreaterThan(0.5);
			expect(labeling.samples.length).toBeGreaterThanOrEqual(4);
		}

		const retrainEpoch = events.find(event => event.type === 'epoch' && event.run === 'semi' && event.phase === 'retraining');
		// The retraining set is the labeled images plus every accepted pseudo-label.
		expect(retrainEpoch).toMatchObject({trainSize: 200 + (labeling?.type === 'pseudo-labels' ? labeling.accepted : 0)});
		const done = events.at(-1);
		expect(done?.type).toBe('done');
		const runDone = events.filter(event => event.type === 'run-done');
		expect(runDone).toHaveLength(2);
	}, 120_000);

	it(`cancel stops both runs at once and leaves no ${isolation} behind, even when repeated quickly`, async () => {
		const count = leftovers[isolation];
		const before = count();
		for (let i = 0; i < 3; i++) {
			const race = startRace({plan: resolveRace({...tinyShared, warmupEpochs: 50}, undefined), preset: 'test', dataset, backend: 'wasm', isolation, onEvent() {}});
			await new Promise(resolve => setTimeout(resolve, 200 * i));
			await race.cancel();
			const outcome = await race.finished;
			expect(outcome.cancelled).toBe(true);
		}

		// Terminated workers release their OS threads shortly after 'exit'; child processes are reaped by then.
		expect(await waitFor(() => count() <= before, 5000)).toBe(true);
	}, 60_000);

	it('a crashed run reports an error and the other run still finishes', async () => {
		const events: RaceEvent[] = [];
		const race = startRace({
			plan: tinyPlan,
			preset: 'test',
			dataset,
			backend: 'wasm',
			isolation,
			onEvent: event => events.push(event),
			workerScript: fileURLToPath(new URL('../fixtures/crashing-worker.mjs', import.meta.url)),
		});
		const outcome = await race.finished;
		expect(outcome.completed).toBe(false);
		const exitMessage = isolation === 'thread' ? 'worker exited with code 3' : 'process exited with code 3';
		expect(events).toContainEqual({type: 'error', run: 'semi', message: exitMessage});
		expect(events.some(event => event.type === 'run-done' && event.run === 'supervised')).toBe(true);
		expect(events.at(-1)).toMatchObject({type: 'done', supervised: {testAccuracy: 0.5}});
	}, 30_000);

	it('pause holds both runs between batches and resume lets them go on; the reducer sees pause, resume and the stop', async () => {
		let epochs = 0;
		let lastEventAt = Date.now();
		const paused = new Set<string>();
		let state = createRaceState('test');
		const statuses = () => state.contenders.map(contender => contender.life.status);
		const race = startRace({
			plan: resolveRace({...tinyShared, warmupEpochs: 40}, undefined),
			preset: 'test',
			dataset,
			backend: 'wasm',
			isolation,
			onEvent(event) {
				state = reduceRace(state, event);
				lastEventAt = Date.now();
				if (event.type === 'epoch') epochs++;
				if (event.type === 'paused') paused.add(event.run);
			},
		});
		expect(await waitFor(() => epochs >= 2, 30_000)).toBe(true);
		race.pause();
		expect(statuses()).toEqual(['paused', 'paused']);
		if (isolation === 'thread') {
			// Each worker says when it has actually stopped: from then on nothing more can come until resume.
			expect(await waitFor(() => paused.size === 2, 30_000)).toBe(true);
		} else {
			// SIGSTOP stops a child at once; only events already in the pipe can still arrive, so wait for quiet.
			expect(await waitFor(() => Date.now() - lastEventAt > 300, 10_000)).toBe(true);
		}

		const whilePaused = epochs;
		await new Promise(resolve => setTimeout(resolve, 1500));
		expect(epochs).toBe(whilePaused);
		race.resume();
		expect(statuses()).toEqual(['training', 'training']);
		expect(await waitFor(() => epochs > whilePaused, 30_000)).toBe(true);
		await race.cancel();
		// The orchestrator's stop is an event too: the state a partial summary is built from says cancelled.
		expect(statuses()).toEqual(['cancelled', 'cancelled']);
		// The race's time (a partial summary's) leaves the pause out, as the dashboard's clock does.
		const now = Date.now();
		expect(raceSeconds(state, now)!).toBeLessThan((now - state.startedAt!) / 1000 - 1.4);
	}, 90_000);

	it('a race paused on the way ends with its time less the pause, as the dashboard\'s clock shows it', async () => {
		let epochs = 0;
		let done: Extract<RaceEvent, {type: 'done'}> | undefined;
		const started = Date.now();
		const race = startRace({
			plan: tinyPlan, preset: 'test', dataset, backend: 'wasm', isolation,
			onEvent(event) {
				if (event.type === 'epoch') epochs++;
				if (event.type === 'done') done = event;
			},
		});
		expect(await waitFor(() => epochs >= 1, 30_000)).toBe(true);
		race.pause();
		await new Promise(resolve => setTimeout(resolve, 2000));
		race.resume();
		expect(await race.finished).toMatchObject({completed: true});
		const total = (Date.now() - started) / 1000;
		expect(done!.wallSeconds).toBeLessThan(total - 1.9);
		expect(done!.wallSeconds).toBeGreaterThan(0);
	}, 90_000);
});

describe('a race of four contenders in real worker threads', () => {
	const fourPlan = (warmupEpochs: number) =>
		resolveRace({...tinyShared, warmupEpochs}, [
			{id: 'supervised', name: 'supervised', method: 'supervised', patch: {}},
			{id: 't50', name: 'pseudo 0.50', method: 'pseudo-label', patch: {threshold: 0.5}},
			{id: 't80', name: 'pseudo 0.80', method: 'pseudo-label', patch: {threshold: 0.8}},
			{id: 't95', name: 'pseudo 0.95', method: 'pseudo-label', patch: {threshold: 0.95}},
		]);

	it('emits epochs and labeling rounds for every contender, and acceptance falls as the threshold rises', async () => {
		const events: RaceEvent[] = [];
		// Four warm-up epochs: after fewer, 200 labels leave the model too unsure for any label above 0.8 on some seeds.
		const race = startRace({plan: fourPlan(4), preset: 'test', dataset, backend: 'wasm', onEvent: event => events.push(event)});
		const outcome = await race.finished;
		await race.cancel();
		expect(outcome).toEqual({completed: true, cancelled: false, errors: []});
		const start = events[0];
		expect(start?.type === 'start' && start.contenders.map(contender => [contender.id, contender.config.threshold])).toEqual([
			['supervised', 0.8],
			['t50', 0.5],
			['t80', 0.8],
			['t95', 0.95],
		]);
		for (const run of ['supervised', 't50', 't80', 't95']) {
			const epochs = events.flatMap(event => (event.type === 'epoch' && event.run === run ? [event.epoch] : []));
			expect(epochs, run).toEqual([1, 2, 3, 4, 5]);
		}

		const rate = (run: string) => {
			const round = events.find(event => event.type === 'pseudo-labels' && event.run === run);
			return round?.type === 'pseudo-labels' ? round.acceptanceRate : Number.NaN;
		};

		expect(rate('t50')).toBeGreaterThan(rate('t80'));
		expect(rate('t80')).toBeGreaterThan(rate('t95'));
		const done = events.at(-1);
		expect(done?.type === 'done' && Object.keys(done.results)).toEqual(['supervised', 't50', 't80', 't95']);
	}, 180_000);

	it('cancel mid-race leaves no thread behind', async () => {
		const before = osThreadCount();
		const race = startRace({plan: fourPlan(50), preset: 'test', dataset, backend: 'wasm', onEvent() {}});
		await new Promise(resolve => setTimeout(resolve, 300));
		await race.cancel();
		expect((await race.finished).cancelled).toBe(true);
		expect(await waitFor(() => osThreadCount() <= before, 5000)).toBe(true);
	}, 60_000);
});
