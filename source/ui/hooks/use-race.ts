/** Owns one race's lifecycle for the dashboard: starts it, batches its events into ≤10 renders/s, cancels it on change. */
import {useEffect, useRef, useState} from 'react';
import type {RunConfig} from '../../config/run-config.js';
import type {BackendName, SharedDataset} from '../../protocol/messages.js';
import {startRace, type Race, type RaceOutcome} from '../../race/race.js';
import {createRaceState, reduceRace, type RaceState} from '../../race/race-state.js';

/** Frames per second at most, however fast events arrive: smooth over a slow SSH link. */
export const maxFramesPerSecond = 10;
/** Key repeats on ←/→ would spawn and kill workers for each preset passed; wait until the choice settles. */
const startDelayMs = 150;

export interface UseRaceOptions {
	preset: string;
	config: RunConfig;
	dataset: SharedDataset;
	backend: BackendName;
	/** Changing it restarts the race (`r`, preset switches). */
	raceKey: number;
	onFinished?(state: RaceState, outcome: RaceOutcome): void;
	onOutput?(text: string): void;
}

export interface RaceControls {
	state: RaceState;
	paused: boolean;
	togglePause(): void;
	/** The latest state, not throttled: for saving a summary at the moment a key is pressed. */
	currentState(): RaceState;
	/** Cancels the running race, if any; resolves when its workers are gone. */
	stop(): Promise<void>;
}

export function useRace(options: UseRaceOptions): RaceControls {
	const {preset, config, dataset, backend, raceKey} = options;
	const [state, setState] = useState(() => createRaceState(preset));
	const [paused, setPaused] = useState(false);
	const latest = useRef(state);
	const race = useRef<Race | undefined>(undefined);
	const callbacks = useRef(options);
	callbacks.current = options;

	useEffect(() => {
		latest.current = createRaceState(preset);
		setState(latest.current);
		setPaused(false);
		let dirty = false;
		let current: Race | undefined;
		const start = setTimeout(() => {
			current = startRace({
				config,
				preset,
				dataset,
				backend,
				onEvent(event) {
					latest.current = reduceRace(latest.current, event);
					dirty = true;
				},
				onOutput: text => callbacks.current.onOutput?.(text),
			});
			race.current = current;
			void current.finished.then(outcome => {
				if (!outcome.cancelled) {
					setState(latest.current);
					callbacks.current.onFinished?.(latest.current, outcome);
				}
			});
		}, startDelayMs);
		const flush = setInterval(() => {
			if (dirty) {
				dirty = false;
				setState(latest.current);
			}
		}, 1000 / maxFramesPerSecond);
		return () => {
			clearTimeout(start);
			clearInterval(flush);
			void current?.cancel();
			if (race.current === current) {
				race.current = undefined;
			}
		};
	}, [preset, config, dataset, backend, raceKey]);

	return {
		state,
		paused,
		togglePause() {
			const current = race.current;
			if (!current) return;
			if (current.paused) {
				current.resume();
			} else {
				current.pause();
			}

			setPaused(current.paused);
		},
		currentState: () => latest.current,
		stop: async () => race.current?.cancel(),
	};
}
