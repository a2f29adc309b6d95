/** Seconds since the race started, ticking once a second while it runs and frozen while paused or finished. */
import {useEffect, useRef, useState} from 'react';
import type {RaceState} from '../../race/race-state.js';

export function useElapsedSeconds(state: RaceState, paused: boolean): number {
	const [now, setNow] = useState(() => Date.now());
	const pausedMs = useRef(0);
	const pausedAt = useRef<number | undefined>(undefined);
	const running = state.startedAt !== undefined && !state.finished;

	// A race that starts while paused (space pressed during "loading dataset…") is paused from its first moment: the
	// pause's own start came before startedAt and is no part of this race.
	useEffect(() => {
		pausedMs.current = 0;
		pausedAt.current = paused && state.startedAt !== undefined ? Date.now() : undefined;
	}, [state.startedAt]);

	useEffect(() => {
		if (paused) {
			pausedAt.current = Date.now();
		} else if (pausedAt.current !== undefined) {
			pausedMs.current += Date.now() - pausedAt.current;
			pausedAt.current = undefined;
		}
	}, [paused]);

	useEffect(() => {
		if (!running || paused) return;
		const timer = setInterval(() => setNow(Date.now()), 1000);
		return () => clearInterval(timer);
	}, [running, paused]);

	if (state.startedAt === undefined) return 0;
	if (state.finished && state.wallSeconds !== undefined) return state.wallSeconds;
	const end = pausedAt.current ?? now;
	return Math.max(0, (end - state.startedAt - pausedMs.current) / 1000);
}
