/** Headless race: events as plain lines or JSON lines on stdout, messages on stderr, Ctrl+C → 130, a closed stdout → 0. */
import {jsonLine} from '../headless/json-lines.js';
import {plainLine} from '../headless/plain-lines.js';
import type {BackendName, SharedDataset} from '../protocol/messages.js';
import {startRace} from '../race/race.js';
import {createRaceState, reduceRace} from '../race/race-state.js';
import {onInterrupt} from './on-interrupt.js';
import {onStdoutClosed} from './stdout-closed.js';
import {outputWidth} from './output-width.js';
import {wrapUnderName} from '../text/wrap.js';
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
	let readerGone = false;
	// Plain lines wrap to the terminal (80 columns into a pipe or a file); JSON lines never wrap, a parser reads them.
	const width = outputWidth(process.stdout);
	const race = startRace({
		plan: setup.plan,
		preset: setup.preset.name,
		dataset,
		backend,
		cores: setup.cores,
		finalModels: setup.save && setup.export,
		onEvent(event) {
			state = reduceRace(state, event);
			const plain = readerGone || json ? undefined : plainLine(event, state, setup.sweepFlags);
			const line = readerGone ? undefined : json ? jsonLine(event) : plain === undefined ? undefined : wrapUnderName(plain, width).join('\n');
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
	// `| head -1`, `| jq` that quits: the reader is done with us, which is a normal end, not a failure worth a word.
	const stopWatchingStdout = onStdoutClosed(() => {
		readerGone = true;
		void race.cancel();
	});
	const outcome = await race.finished;
	await race.cancel();
	stopWatchingStdout();
	if (setup.save && state.dataset) {
		const log = readerGone ? undefined : (message: string) => process.stderr.write(`pseudolabel-tui: ${message}\n`);
		await saveRaceSummary(state, setup, backend, {partial: !outcome.completed, log, sources: dataset.trainSources, tableScaling: dataset.tableScaling, imagePreparation: dataset.imagePreparation});
	}

	if (interrupted) {
		return 130;
	}

	return outcome.completed || readerGone ? 0 : 1;
}
