/** The dashboard's hook onto its race session: one session for the component's life, snapshots through React's store API. */
import {useEffect, useRef, useSyncExternalStore} from 'react';
import type {BackendName, SharedDataset} from '../../protocol/messages.js';
import {startRace} from '../../race/race.js';
import type {RaceState} from '../../race/race-state.js';
import type {RaceOutcome} from '../../race/race.js';
import {createRaceSession, type RaceSession, type SessionSnapshot} from '../race-session.js';

export interface UseRaceSessionOptions {
	dataset: SharedDataset;
	backend: BackendName;
	/** Cores the race may keep busy (helper threads use free ones); all of the machine's when undefined. */
	cores?: number;
	onFinished?(state: RaceState, outcome: RaceOutcome): void;
	onOutput?(text: string): void;
}

export function useRaceSession(options: UseRaceSessionOptions): {session: RaceSession; snapshot: SessionSnapshot} {
	const callbacks = useRef(options);
	callbacks.current = options;
	const session = useRef<RaceSession | undefined>(undefined);
	session.current ??= createRaceSession({
		startRace: request =>
			startRace({
				...request,
				dataset: callbacks.current.dataset,
				backend: callbacks.current.backend,
				cores: callbacks.current.cores,
				onOutput: text => callbacks.current.onOutput?.(text),
			}),
		onFinished: (state, outcome) => callbacks.current.onFinished?.(state, outcome),
	});
	const current = session.current;
	const snapshot = useSyncExternalStore(current.subscribe, current.snapshot);
	// Unmounting (quit, Ctrl+C) ends the race: no worker outlives the dashboard.
	useEffect(() => () => void current.stop(), [current]);
	return {session: current, snapshot};
}
