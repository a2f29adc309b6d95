/** Saves a race's summary files and says where in one line; a failure is a message, never the end of the race. */
import type {BackendName} from '../protocol/messages.js';
import type {RaceState} from '../race/race-state.js';
import {buildSummary} from '../summary/build-summary.js';
import {currentEnvironment} from '../summary/environment.js';
import {saveSummary} from '../summary/save-summary.js';
import type {RaceSetup} from './race-setup.js';

export interface SaveRaceOptions {
	partial: boolean;
	/** Where the one-line outcome goes besides the return value (stderr for headless runs). */
	log?(message: string): void;
}

/** Resolves to the notice to show: the saved path or the reason it could not be saved. */
export async function saveRaceSummary(state: RaceState, setup: RaceSetup, backend: BackendName, options: SaveRaceOptions): Promise<string> {
	let message: string;
	if (state.dataset === undefined) {
		message = 'nothing to save yet: the race has not started';
	} else {
		try {
			const summary = buildSummary(state, {
				partial: options.partial,
				presetName: state.preset,
				environment: currentEnvironment(backend),
				now: new Date(),
			});
			const saved = await saveSummary(summary, setup.runsDir);
			message = `saved ${options.partial ? 'partial ' : ''}run ${saved.id}: ${saved.md}`;
		} catch (error) {
			message = error instanceof Error ? error.message : String(error);
		}
	}

	options.log?.(message);
	return message;
}
