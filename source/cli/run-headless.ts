/** Headless race: events as plain lines or JSON lines on stdout, messages on stderr, Ctrl+C → 130. */
import {jsonLine} from '../headless/json-lines.js';
import {plainLine} from '../headless/plain-lines.js';
import type {BackendName, SharedDataset} from '../protocol/messages.js';
import {startRace} from '../race/race.js';
import {createRaceState, reduceRace} from '../race/race-state.js';
import {onInterrupt} from './on-interrupt.js';
import type {RaceSetup} from './race-setup.js';
import {saveRaceSummary} from './save-race-summary.js';

export interface HeadlessOptions {
	setup: RaceSetup;
	backend: BackendName;
	dataset: SharedDataset;
	json: boolean;
}

export async function runHeadless({setup, backend, dataset, json}: HeadlessOptions): Promise<number> {
	let state = createRaceState(setup.preset.name);
	const race = startRace({
		plan: setup.plan,
		preset: setup.preset.name,
		dataset,
		backend,
		onEvent(event) {
			state = reduceRace(state, event);
			const line = json ? jsonLine(event) : plainLine(event, state);
			if (line !== undefined) {
				process.stdout.write(`${line}\n`);
			}
		},
		onOutput: text => process.stderr.write(text),
	});

	let interrupted = false;
	onInterrupt(() => {
		interrupted = true;
		void race.cancel();
	});
	const outcome = await race.finished;
	await race.cancel();
	if (setup.save && state.dataset) {
		await saveRaceSummary(state, setup, backend, {partial: !outcome.completed, log: message => process.stderr.write(`pseudolabel-tui: ${message}\n`)});
	}

	if (interrupted) {
		return 130;
	}

	return outcome.completed ? 0 : 1;
}
