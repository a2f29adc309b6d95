/**
 * The dashboard's race session as one plain object: it starts a race after a short settle delay (held arrow keys
 * must not spawn a worker per preset passed), coalesces the event stream into at most `maxFps` snapshots a second,
 * pauses and resumes, and always knows the latest state. React reads it through useSyncExternalStore; tests drive it
 * with fake timers and a fake race.
 */
import type {RacePlan} from '../config/contenders.js';
import type {Race, RaceOptions, RaceOutcome} from '../race/race.js';
import {createRaceState, reduceRace, type RaceState} from '../race/race-state.js';
import {raceIsOver} from './race-over.js';

export interface SessionSnapshot {
	state: RaceState;
	paused: boolean;
}

export interface RaceRequest {
	preset: string;
	plan: RacePlan;
}

export interface RaceSessionOptions {
	/** Starts a race; the real one spawns workers, tests pass a fake. */
	startRace(options: Pick<RaceOptions, 'plan' | 'preset' | 'onEvent'>): Race;
	startDelayMs?: number;
	maxFps?: number;
	/** Called once per race that ends on its own (not cancelled), with its final state. */
	onFinished?(state: RaceState, outcome: RaceOutcome): void;
	/** The reducer's clock. */
	now?(): number;
}

export interface RaceSession {
	/** Cancels the current race (if any) and starts `request` after the settle delay. */
	start(request: RaceRequest): void;
	/** Cancels the current race and shows `preset` with nothing running (e.g. a preset that cannot run here). */
	clear(preset: string): void;
	/**
	 * Pauses or resumes the running race; nothing once every contender is done. Before the race has started (its settle
	 * delay, "loading dataset…") the press is kept: the screen says PAUSED at once and the race starts paused.
	 */
	togglePause(): void;
	/** The newest state, not throttled: what `s` and quitting save (after stop(), with the stopped contenders `cancelled`). */
	latest(): RaceState;
	/** The throttled snapshot the screen shows. */
	snapshot(): SessionSnapshot;
	subscribe(listener: () => void): () => void;
	/** Cancels everything; resolves when no worker of this session is left. */
	stop(): Promise<void>;
}

export const defaultStartDelayMs = 150;
/** Frames per second at most, however fast events arrive: smooth over a slow SSH link. */
export const defaultMaxFps = 10;

export function createRaceSession(options: RaceSessionOptions): RaceSession {
	const startDelayMs = options.startDelayMs ?? defaultStartDelayMs;
	const frameMs = 1000 / (options.maxFps ?? defaultMaxFps);
	const now = options.now ?? Date.now;
	const listeners = new Set<() => void>();
	let latest = createRaceState();
	let shown: SessionSnapshot = {state: latest, paused: false};
	let race: Race | undefined;
	let pending: ReturnType<typeof setTimeout> | undefined;
	let flushTimer: ReturnType<typeof setTimeout> | undefined;
	let lastFlush = Number.NEGATIVE_INFINITY;
	let generation = 0;
	// Space pressed before the race started: it starts paused (a second press takes that back).
	let pauseOnStart = false;
	const stopping = new Set<Promise<void>>();

	const publish = (next: SessionSnapshot) => {
		shown = next;
		lastFlush = now();
		for (const listener of listeners) listener();
	};

	// Leading edge at once, then at most one snapshot per frame: a burst of events costs one render.
	const scheduleFlush = () => {
		if (flushTimer !== undefined) return;
		const wait = Math.max(0, lastFlush + frameMs - now());
		flushTimer = setTimeout(() => {
			flushTimer = undefined;
			if (shown.state !== latest) publish({...shown, state: latest});
		}, wait);
	};

	const cancelCurrent = () => {
		// Cancelled while its events still count: the race's own `cancel` event reaches `latest`, so a summary saved
		// after stop() says which contenders were cancelled and which had already ended.
		if (race) {
			const done = race.cancel();
			stopping.add(done);
			void done.finally(() => stopping.delete(done));
			race = undefined;
		}

		generation++;
		pauseOnStart = false;
		if (pending !== undefined) clearTimeout(pending);
		pending = undefined;
		if (flushTimer !== undefined) clearTimeout(flushTimer);
		flushTimer = undefined;
	};

	return {
		start(request) {
			cancelCurrent();
			const mine = generation;
			latest = createRaceState(request.preset);
			publish({state: latest, paused: false});
			pending = setTimeout(() => {
				pending = undefined;
				const current = options.startRace({
					plan: request.plan,
					preset: request.preset,
					onEvent(event) {
						if (mine !== generation) return;
						latest = reduceRace(latest, event, now());
						scheduleFlush();
					},
				});
				race = current;
				if (pauseOnStart) {
					pauseOnStart = false;
					current.pause();
				}

				void current.finished.then(outcome => {
					if (mine !== generation || outcome.cancelled) return;
					publish({...shown, state: latest});
					options.onFinished?.(latest, outcome);
				});
			}, startDelayMs);
		},
		clear(preset) {
			cancelCurrent();
			latest = createRaceState(preset);
			publish({state: latest, paused: false});
		},
		togglePause() {
			// Not started yet (its settle delay): the race starts as the key left it.
			if (!race && pending !== undefined) {
				pauseOnStart = !pauseOnStart;
				publish({...shown, paused: pauseOnStart});
				return;
			}

			// A finished race has nothing to pause: pausing it would show PAUSED over results that no longer change.
			if (!race || raceIsOver(latest)) return;
			if (race.paused) race.resume();
			else race.pause();
			publish({...shown, paused: race.paused});
		},
		latest: () => latest,
		snapshot: () => shown,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		async stop() {
			cancelCurrent();
			await Promise.all([...stopping]);
		},
	};
}
