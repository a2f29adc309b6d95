/** Opens the live dashboard full-screen and restores the terminal however it ends (q, Ctrl+C, SIGTERM, a crash). */
import {render} from 'ink';
import type {BackendName, SharedDataset} from '../protocol/messages.js';
import {Dashboard} from '../ui/dashboard.js';
import {presetPlan, type Preset} from '../config/presets.js';
import {presetFitOn, type PresetFit} from './preset-fit.js';
import type {RaceSetup} from './race-setup.js';
import {tileColors, usesColor} from './color.js';
import {onInterrupt} from './on-interrupt.js';
import {rememberPreset} from './remember-preset.js';
import {saveRaceSummary} from './save-race-summary.js';
import {findSweepEvidence} from '../sweep/evidence.js';
import type {RaceState} from '../race/race-state.js';
import {resultLine} from '../headless/result-line.js';
import {wrapUnderName} from '../text/wrap.js';
import {outputWidth} from './output-width.js';

const enterAlternateScreen = '\u001B[?1049h\u001B[H';
const leaveAlternateScreen = '\u001B[?1049l';
const showCursor = '\u001B[?25h';

export interface DashboardOptions {
	setup: RaceSetup;
	backend: BackendName;
	dataset: SharedDataset;
}

export async function runDashboard({setup, backend, dataset}: DashboardOptions): Promise<number> {
	const {stdout, stdin} = process;
	let exitCode = 0;
	// The race on screen when the user quit: said once more after the alternate screen (and its numbers) is gone.
	let finalState: RaceState | undefined;
	let restored = false;
	// The alternate screen keeps the user's scrollback intact and leaves no half-drawn frames behind.
	const restore = () => {
		if (restored) return;
		restored = true;
		stdout.write(showCursor + leaveAlternateScreen);
	};

	process.once('exit', restore);
	stdout.write(enterAlternateScreen);
	const notices: string[] = [];
	const isInteractive = stdin.isTTY === true;
	rememberPreset(setup.settings, setup.preset);
	let interrupt: (() => void) | undefined;
	// Each preset as it comes, its labeled count fitted to this dataset where it does not fit (preset-fit.ts): once per
	// preset, though its plan, its problem, its note and its sweep evidence all ask (each fit counts the labels).
	const fits = new Map<Preset, PresetFit>();
	const fitOf = (preset: Preset) => {
		let fit = fits.get(preset);
		if (fit === undefined) {
			fit = presetFitOn(preset, setup.flags, dataset);
			fits.set(preset, fit);
		}

		return fit;
	};
	const instance = render(
		<Dashboard
			presets={setup.presets}
			initialPresetIndex={setup.presetIndex}
			planOf={preset => presetPlan(preset, fitOf(preset).flags)}
			problemOf={preset => fitOf(preset).problem}
			noteOf={preset => fitOf(preset).notice}
			findEvidence={preset => findSweepEvidence(setup.runsDir, {preset: preset.name, datasetName: dataset.name, contenders: presetPlan(preset, fitOf(preset).flags).contenders})}
			dataset={dataset}
			sweepFlags={setup.sweepFlags}
			backend={backend}
			cores={setup.cores}
			isInteractive={isInteractive}
			color={usesColor(stdout)}
			tileColors={tileColors(stdout)}
			saveSummary={async (state, partial) => {
				if (!setup.save) return {notice: 'summaries are off (--no-save)'};
				// The saved race says why its labeled count is not its preset's, as a headless run's does.
				const preset = setup.presets.find(candidate => candidate.name === state.preset);
				const note = preset === undefined ? undefined : fitOf(preset).note;
				const noted = note === undefined || state.dataset === undefined ? state : {...state, dataset: {...state.dataset, notes: [...(state.dataset.notes ?? []), note]}};
				return saveRaceSummary(noted, setup, backend, {partial, log: text => notices.push(text), sources: dataset.trainSources, tableScaling: dataset.tableScaling, imagePreparation: dataset.imagePreparation});
			}}
			onPresetChange={preset => rememberPreset(setup.settings, preset)}
			onQuit={(code, state) => {
				exitCode = code;
				finalState = state;
			}}
			registerInterrupt={handler => {
				interrupt = handler;
			}}
		/>,
		// Not incrementalRendering: in Ink 6.8 it moves the cursor up one line too few after a full-height frame, so
		// every later frame lands a line lower (seen in a real 80×24 terminal). Race data reaches the screen at most 10
		// times a second (the race session batches it); Ink's own cap is higher so a key press never waits a 100 ms slot.
		{exitOnCtrlC: false, patchConsole: true, maxFps: 25},
	);

	onInterrupt(() => {
		exitCode = 130;
		// As Ctrl+C in the dashboard: stop the race, save what it showed (partial), then exit. Before the dashboard
		// has mounted, unmounting is enough (useRaceSession's cleanup stops every worker) and ends waitUntilExit.
		if (interrupt) interrupt();
		else instance.unmount();
	});
	try {
		await instance.waitUntilExit();
	} finally {
		instance.cleanup();
		restore();
	}

	// The result on stdout, as a headless race ends (its `done` line), so the numbers outlive the screen; where it was
	// saved, as ever, on stderr.
	const result = finalState === undefined ? undefined : resultLine(finalState, Date.now(), setup.sweepFlags);
	if (result !== undefined) stdout.write(`${wrapUnderName(result, outputWidth(stdout)).join('\n')}\n`);
	for (const notice of notices) {
		process.stderr.write(`pseudolabel-tui: ${notice}\n`);
	}

	return exitCode;
}
