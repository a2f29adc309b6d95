import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {resolveRace} from '../../source/config/contenders.js';
import type {Race, RaceOptions, RaceOutcome} from '../../source/race/race.js';
import {createRaceSession} from '../../source/ui/race-session.js';
import {startEvent as tutorialStart} from '../fixtures/race-events.js';

interface FakeRace extends Race {
	options: Pick<RaceOptions, 'plan' | 'preset' | 'onEvent'>;
	cancelled: boolean;
	end(outcome?: RaceOutcome): void;
}

function fakeRaces() {
	const started: FakeRace[] = [];
	const startRace = (options: Pick<RaceOptions, 'plan' | 'preset' | 'onEvent'>): Race => {
		let resolve: (outcome: RaceOutcome) => void = () => {};
		const finished = new Promise<RaceOutcome>(done => {
			resolve = done;
		});
		let paused = false;
		const race: FakeRace = {
			options,
			cancelled: false,
			get paused() {
				return paused;
			},
			pause() {
				paused = true;
			},
			resume() {
				paused = false;
			},
			async cancel() {
				// As the real race does: the stop is an event the session's reducer sees before the workers go.
				if (!race.cancelled) options.onEvent({type: 'control', action: 'cancel'});
				race.cancelled = true;
				resolve({completed: false, cancelled: true, errors: []});
			},
			finished,
			end: (outcome = {completed: true, cancelled: false, errors: []}) => resolve(outcome),
		};
		started.push(race);
		return race;
	};

	return {started, startRace};
}

const plan = resolveRace({}, undefined);
const startEvent = (preset: string) => tutorialStart(plan, preset);
const progress = (fraction: number) => ({type: 'progress' as const, run: 'semi', epoch: 1, fraction, samplesPerSec: 100});

describe('race session', () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});

	afterEach(() => {
		vi.useRealTimers();
	});

	it('starts a race only after the settle delay, and a quick second choice replaces the first without spawning it', () => {
		const fake = fakeRaces();
		const session = createRaceSession({startRace: fake.startRace, startDelayMs: 150, now: () => Date.now()});
		session.start({preset: 'a', plan});
		vi.advanceTimersByTime(100);
		session.start({preset: 'b', plan});
		vi.advanceTimersByTime(149);
		expect(fake.started).toHaveLength(0);
		vi.advanceTimersByTime(1);
		expect(fake.started.map(race => race.options.preset)).toEqual(['b']);
		expect(session.snapshot().state.preset).toBe('b');
	});

	it('coalesces a burst of events into at most maxFps snapshots a second, keeping the latest state exact', () => {
		const fake = fakeRaces();
		const session = createRaceSession({startRace: fake.startRace, startDelayMs: 0, maxFps: 10, now: () => Date.now()});
		let renders = 0;
		session.subscribe(() => renders++);
		session.start({preset: 'tutorial', plan});
		vi.advanceTimersByTime(0);
		renders = 0;
		const race = fake.started[0]!;
		race.options.onEvent(startEvent('tutorial'));
		for (let i = 1; i <= 200; i++) {
			race.options.onEvent(progress(i / 200));
			vi.advanceTimersByTime(5);
		}

		// 200 events over one second: about ten frames, never one per event.
		expect(renders).toBeGreaterThanOrEqual(8);
		expect(renders).toBeLessThanOrEqual(11);
		expect(session.latest().contenders[1]!.epochFraction).toBe(1);
		vi.advanceTimersByTime(100);
		expect(session.snapshot().state).toBe(session.latest());
	});

	it('pauses and resumes the running race, and the snapshot says so', () => {
		const fake = fakeRaces();
		const session = createRaceSession({startRace: fake.startRace, startDelayMs: 0});
		session.togglePause();
		expect(session.snapshot().paused).toBe(false);
		session.start({preset: 'tutorial', plan});
		vi.advanceTimersByTime(0);
		session.togglePause();
		expect(fake.started[0]!.paused).toBe(true);
		expect(session.snapshot().paused).toBe(true);
		session.togglePause();
		expect(session.snapshot().paused).toBe(false);
	});

	it('keeps a pause pressed before the race starts: the snapshot says so at once and the race starts paused', () => {
		const fake = fakeRaces();
		const session = createRaceSession({startRace: fake.startRace, startDelayMs: 150});
		session.start({preset: 'tutorial', plan});
		session.togglePause();
		expect(session.snapshot().paused).toBe(true);
		vi.advanceTimersByTime(150);
		expect(fake.started[0]!.paused).toBe(true);
		expect(session.snapshot().paused).toBe(true);
		// Pressed twice before the start: taken back.
		session.start({preset: 'quick', plan});
		expect(session.snapshot().paused).toBe(false);
		session.togglePause();
		session.togglePause();
		vi.advanceTimersByTime(150);
		expect(fake.started[1]!.paused).toBe(false);
		// A new preset chosen while a pause waits starts unpaused, as a switch from a running race does.
		session.start({preset: 'a', plan});
		session.togglePause();
		session.start({preset: 'b', plan});
		vi.advanceTimersByTime(150);
		expect(fake.started.at(-1)!.options.preset).toBe('b');
		expect(fake.started.at(-1)!.paused).toBe(false);
		expect(session.snapshot().paused).toBe(false);
	});

	it('does not pause a race whose contenders are all done: nothing runs to pause', () => {
		const fake = fakeRaces();
		const session = createRaceSession({startRace: fake.startRace, startDelayMs: 0});
		session.start({preset: 'tutorial', plan});
		vi.advanceTimersByTime(0);
		const race = fake.started[0]!;
		race.options.onEvent(startEvent('tutorial'));
		race.options.onEvent({type: 'run-done', run: 'supervised', testAccuracy: 0.9, wallSeconds: 10, samplesTrained: 1000});
		// One contender still trains: space pauses it.
		session.togglePause();
		expect(session.snapshot().paused).toBe(true);
		session.togglePause();
		race.options.onEvent({type: 'run-done', run: 'semi', testAccuracy: 0.93, wallSeconds: 12, samplesTrained: 9000});
		session.togglePause();
		expect(race.paused).toBe(false);
		expect(session.snapshot().paused).toBe(false);
	});

	it('switching cancels the old race, ignores its late events, and reports only races that end on their own', async () => {
		const fake = fakeRaces();
		const finished: string[] = [];
		const session = createRaceSession({startRace: fake.startRace, startDelayMs: 0, onFinished: state => finished.push(state.preset)});
		session.start({preset: 'a', plan});
		vi.advanceTimersByTime(0);
		const first = fake.started[0]!;
		session.start({preset: 'b', plan});
		expect(first.cancelled).toBe(true);
		first.options.onEvent(startEvent('a'));
		expect(session.latest().preset).toBe('b');
		vi.advanceTimersByTime(0);
		fake.started[1]!.end();
		await vi.runAllTimersAsync();
		expect(finished).toEqual(['b']);
	});

	it('clear shows a preset with nothing running; stop cancels everything', async () => {
		const fake = fakeRaces();
		const session = createRaceSession({startRace: fake.startRace, startDelayMs: 0});
		session.start({preset: 'a', plan});
		vi.advanceTimersByTime(0);
		session.clear('too-big');
		expect(fake.started[0]!.cancelled).toBe(true);
		expect(session.snapshot().state.preset).toBe('too-big');
		vi.advanceTimersByTime(1000);
		expect(fake.started).toHaveLength(1);
		session.start({preset: 'c', plan});
		await session.stop();
		vi.advanceTimersByTime(1000);
		expect(fake.started).toHaveLength(1);
	});

	it('after stop, the latest state says the contenders still running were cancelled and the finished ones done', async () => {
		const fake = fakeRaces();
		const session = createRaceSession({startRace: fake.startRace, startDelayMs: 0});
		session.start({preset: 'a', plan});
		vi.advanceTimersByTime(0);
		const race = fake.started[0]!;
		race.options.onEvent(startEvent('a'));
		race.options.onEvent({type: 'ready', run: 'supervised', backend: 'wasm'});
		race.options.onEvent({type: 'ready', run: 'semi', backend: 'wasm'});
		race.options.onEvent({type: 'run-done', run: 'supervised', testAccuracy: 0.9, wallSeconds: 10, samplesTrained: 1000});
		await session.stop();
		expect(session.latest().contenders.map(contender => [contender.id, contender.life.status])).toEqual([
			['supervised', 'done'],
			['semi', 'cancelled'],
		]);
	});
});
