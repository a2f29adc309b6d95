/**
 * The dashboard's summary saves: a race that ends is saved once by itself, `s` saves the race under way (partial), and
 * `s` on a race already saved says where it is rather than writing a second copy under a new id (`runs` would list
 * the race twice).
 */
import {useRef} from 'react';
import {reduceRace, type RaceState} from '../../race/race-state.js';
import type {Notice} from '../../text/save-notice.js';

export interface RaceSaves {
	/** A new race starts (or the preset changes): what was saved belongs to the one before. */
	raceStarted(): void;
	/** The race ended on its own: save it, unless `s` already did. */
	raceFinished(state: RaceState): void;
	/** `s`: the race as it stands, partial while it runs; a finished race already saved only says where. */
	save(state: RaceState): void;
	/**
	 * Another preset or `r` mid-race: the race left is saved partial (its contenders cancelled, as Ctrl+C leaves them)
	 * once it has run `keepLeftAfterSeconds` and a contender has finished an epoch — a race dropped in passing had
	 * nothing to keep (a supervised epoch of MNIST takes a second: paging through presets saved a run per preset).
	 */
	left(state: RaceState): void;
}

/** How long a race must have run for leaving it to save it. */
export const keepLeftAfterSeconds = 20;

/** What a save says: its one-line notice, and the summary's path when a whole race was saved (not partial, not failed). */
export interface SaveOutcome {
	notice: Notice;
	path?: string;
}

export function useRaceSaves(saveSummary: (state: RaceState, partial: boolean) => Promise<SaveOutcome>, showNotice: (notice: Notice) => void): RaceSaves {
	// Counts races, so a save that lands after the next race started is not taken for that race's.
	const race = useRef(0);
	// The finished race's save, kept while it runs too: `s` pressed as the race ends waits for it instead of saving again.
	const final = useRef<{race: number; outcome: Promise<SaveOutcome>} | undefined>(undefined);
	const saveFinal = (state: RaceState): Promise<SaveOutcome> => {
		const outcome = saveSummary(state, false);
		final.current = {race: race.current, outcome};
		return outcome;
	};
	const show = (outcome: SaveOutcome) => showNotice(outcome.notice);

	return {
		raceStarted() {
			race.current++;
			final.current = undefined;
		},
		raceFinished(state) {
			if (final.current?.race === race.current) return;
			void saveFinal(state).then(show);
		},
		left(state) {
			const underWay = state.startedAt !== undefined && !state.finished;
			const watched = state.startedAt !== undefined && (Date.now() - state.startedAt) / 1000 >= keepLeftAfterSeconds;
			if (!underWay || !watched || !state.contenders.some(contender => contender.epochs.length > 0)) return;
			void saveSummary(reduceRace(state, {type: 'control', action: 'cancel'}), true).then(show);
		},
		save(state) {
			if (!state.finished) {
				void saveSummary(state, true).then(show);
				return;
			}

			const earlier = final.current?.race === race.current ? final.current.outcome : undefined;
			if (earlier === undefined) {
				void saveFinal(state).then(show);
				return;
			}

			// A save that failed (or wrote nothing) is tried again; one that worked is only pointed to.
			void earlier.then(outcome => {
				if (outcome.path !== undefined) showNotice({verb: 'already saved', path: outcome.path, exports: []});
				else void saveFinal(state).then(show);
			});
		},
	};
}
