// Free cores at work: when fewer contenders train than the race may use, the orchestrator starts helper threads that
// share a contender's steps (engine/team.ts), the free cores dealt out evenly and handed on when a contender ends;
// helpers end with their contender and on cancel, stay idle on pause, and one that dies is replaced.
import {fileURLToPath} from 'node:url';
import {beforeAll, describe, expect, it} from 'vitest';
import {resolveRace} from '../../source/config/contenders.js';
import {loadDataset} from '../../source/data/load-dataset.js';
import type {SharedDataset} from '../../source/protocol/messages.js';
import type {RaceEvent} from '../../source/race/race-events.js';
import {startRace} from '../../source/race/race.js';
import {osThreadCount, waitFor} from './thread-count.js';

const tiny = {labeled: 200, warmupEpochs: 2, epochsPerRound: 1, rounds: 1, batchSize: 64, seed: 7};
let dataset: SharedDataset;
beforeAll(async () => {
	dataset = await loadDataset();
});

async function race(cores: number, helperScript?: string) {
	const events: RaceEvent[] = [];
	const plan = resolveRace(tiny, undefined);
	const started = startRace({plan, preset: 'test', dataset, backend: 'wasm', cores, helperScript, onEvent: event => events.push(event)});
	const outcome = await started.finished;
	await started.cancel();
	expect(outcome.completed).toBe(true);
	const steps = (run: string) => {
		const done = events.find(event => event.type === 'run-done' && event.run === run);
		return done?.type === 'run-done' ? done.teamSteps : undefined;
	};

	return {supervised: steps('supervised'), semi: steps('semi'), events};
}

describe('helper threads on free cores', () => {
	it('the pseudo-label run shares its steps once the supervised run has freed its core, not before', async () => {
		const {supervised, semi} = await race(2);
		// Two contenders on two cores: no helper while both train; the supervised run ends first.
		expect(supervised).toEqual({shared: 0, alone: expect.any(Number) as number, widest: 1, augmentations: 0});
		expect(semi!.shared).toBeGreaterThan(0);
		expect(semi!.alone).toBeGreaterThan(0);
	}, 120_000);

	it('with three cores the first contender has a helper from the start; with one core nobody does', async () => {
		const three = await race(3);
		expect(three.supervised!.shared).toBeGreaterThan(0);
		const one = await race(1);
		// One core: no team at all, so the runs do not even report team steps.
		expect([one.supervised, one.semi]).toEqual([undefined, undefined]);
		// The same race, the same data: helpers change the speed, not what is learned — to the bit (split-step.ts).
		const final = (events: RaceEvent[]) => events.find(event => event.type === 'run-done' && event.run === 'supervised');
		const [a, b] = [final(three.events), final(one.events)];
		expect(a?.type === 'run-done' && b?.type === 'run-done' && a.testAccuracy === b.testAccuracy).toBe(true);
	}, 180_000);

	it('with four cores each contender has a helper from the start, and the supervised run\'s two go to the other when it ends', async () => {
		const four = await race(4);
		expect(four.supervised!.widest).toBe(2);
		expect(four.semi!.widest).toBe(4);
		const threads = four.events.filter(event => event.type === 'helper' && event.run === 'semi' && event.active).map(event => event.type === 'helper' && event.threads);
		expect(threads).toEqual([2, 3, 4]);
		const one = await race(1);
		const final = (events: RaceEvent[]) => events.filter(event => event.type === 'run-done').map(event => event.type === 'run-done' && event.testAccuracy);
		expect(final(four.events)).toEqual(final(one.events));
	}, 300_000);

	it('a helper that dies mid-run is replaced, and the contenders learn the very same numbers', async () => {
		const dying = fileURLToPath(new URL('../fixtures/dying-helper.mjs', import.meta.url));
		const three = await race(3, dying);
		// Slots 1 and 2 died; their replacements came in slots 3 and up.
		const started = three.events.filter(event => event.type === 'helper' && event.active).length;
		expect(started).toBeGreaterThanOrEqual(3);
		const one = await race(1);
		const numbers = (events: RaceEvent[]) =>
			events.filter(event => event.type === 'epoch' || event.type === 'run-done').map(event => JSON.stringify(event, (key, value: unknown) => (/samplesPerSec|seconds|wallSeconds|teamSteps/i.test(key) ? undefined : value)));
		expect(numbers(three.events).sort()).toEqual(numbers(one.events).sort());
	}, 300_000);

	it('a race cancelled mid-step, as a preset switch does, leaves no thread, and the next race learns the numbers of one that ran alone', async () => {
		const before = osThreadCount();
		let epochs = 0;
		const first = startRace({
			plan: resolveRace({...tiny, warmupEpochs: 50}, undefined),
			preset: 'test',
			dataset,
			backend: 'wasm',
			cores: 4,
			onEvent(event) {
				if (event.type === 'epoch') epochs++;
			},
		});
		// Teams of two train (four cores); a cancel now lands in the middle of some team step.
		expect(await waitFor(() => epochs >= 3, 60_000)).toBe(true);
		await first.cancel();
		const next = await race(4);
		const alone = await race(1);
		const final = (events: RaceEvent[]) => events.filter(event => event.type === 'epoch').map(event => event.type === 'epoch' && [event.run, event.epoch, event.loss, event.testAccuracy]);
		expect(final(next.events).sort()).toEqual(final(alone.events).sort());
		expect(await waitFor(() => osThreadCount() <= before, 5000)).toBe(true);
	}, 300_000);

	it('cancel ends helpers with their contenders: no thread is left', async () => {
		const before = osThreadCount();
		for (let i = 0; i < 3; i++) {
			const started = startRace({plan: resolveRace({...tiny, warmupEpochs: 50}, undefined), preset: 'test', dataset, backend: 'wasm', cores: 4, onEvent() {}});
			await new Promise(resolve => setTimeout(resolve, 300 + 300 * i));
			await started.cancel();
		}

		expect(await waitFor(() => osThreadCount() <= before, 5000)).toBe(true);
	}, 60_000);

	it('on pause the contenders and their helpers stay idle: the process uses next to no CPU until resume', async () => {
		const helpers = new Set<string>();
		const paused = new Set<string>();
		let epochs = 0;
		const started = startRace({
			plan: resolveRace({...tiny, warmupEpochs: 50}, undefined),
			preset: 'test',
			dataset,
			backend: 'wasm',
			cores: 4,
			onEvent(event) {
				if (event.type === 'helper' && event.active) helpers.add(event.run);
				if (event.type === 'paused') paused.add(event.run);
				if (event.type === 'epoch') epochs++;
			},
		});
		try {
			// Four cores, two contenders: each gets a helper from the start.
			expect(await waitFor(() => helpers.size === 2 && epochs >= 2, 60_000)).toBe(true);
			started.pause();
			expect(await waitFor(() => paused.size === 2, 30_000)).toBe(true);
			const before = process.cpuUsage();
			await new Promise(resolve => setTimeout(resolve, 1000));
			const used = process.cpuUsage(before);
			// A helper busy-waiting for a step that never comes would burn most of a core; waiting threads burn nothing.
			expect((used.user + used.system) / 1000).toBeLessThan(150);
			const whilePaused = epochs;
			started.resume();
			expect(await waitFor(() => epochs > whilePaused, 30_000)).toBe(true);
		} finally {
			await started.cancel();
		}
	}, 120_000);
});
