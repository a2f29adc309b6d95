/** The dashboard container: holds the chosen preset, focus and overlays, drives the race session, and renders App. */
import {useApp} from 'ink';
import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import type {RacePlan} from '../config/contenders.js';
import type {Preset} from '../config/presets.js';
import type {BackendName, SharedDataset} from '../protocol/messages.js';
import type {RaceState} from '../race/race-state.js';
import type {SweepEvidence} from '../sweep/evidence.js';
import type {TileColors} from '../text/digit-art.js';
import {App, dashboardLayout} from './app.js';
import {helpPages} from './panels/help-overlay.js';
import {useElapsedSeconds} from './hooks/use-elapsed-seconds.js';
import {useKeymap} from './hooks/use-keymap.js';
import type {Notice} from '../text/save-notice.js';
import {useRaceSaves, type SaveOutcome} from './hooks/use-race-saves.js';
import {useRaceSession} from './hooks/use-race-session.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';

export interface DashboardProps {
	presets: Preset[];
	initialPresetIndex: number;
	/** The race to run for a preset (its contenders, with command-line flags applied). */
	planOf(preset: Preset): RacePlan;
	/**
	 * A sweep's gaps over seeds for a preset with these settings, when one was run (sweep/evidence.ts): shown beside
	 * the live gap. Absent or resolving to undefined: the chart says how to run one once the race ends.
	 */
	findEvidence?(preset: Preset): Promise<SweepEvidence | undefined>;
	/** The command line's race flags, for the one-seed hint's sweep command (it names the preset on screen). */
	sweepFlags?: readonly string[];
	/** Why a preset cannot run on this dataset (one line), or undefined when it can. */
	problemOf(preset: Preset): string | undefined;
	/** What was changed so the preset fits this dataset (its labeled count, one sentence), shown as the race starts. */
	noteOf?(preset: Preset): string | undefined;
	dataset: SharedDataset;
	backend: BackendName;
	/** `--cores`: cores the race may keep busy (helper threads use free ones). */
	cores?: number;
	/** Whether keys can be read (stdin is a TTY). */
	isInteractive: boolean;
	/** Color in the chart's lines; off under NO_COLOR / FORCE_COLOR=0. */
	color: boolean;
	/** Colours RGB sample tiles may use (cli/color.ts tileColors); luminance blocks when absent or 'none'. */
	tileColors?: TileColors;
	/** Saves a summary; resolves to a one-line notice (where it went, or why it could not be written) and, when a whole race was saved, its path. */
	saveSummary(state: RaceState, partial: boolean): Promise<SaveOutcome>;
	onPresetChange?(preset: Preset): void;
	/**
	 * Called once when the user quits, after the race's workers are gone, with the race on screen as it ended (stopped
	 * contenders `cancelled`): what the terminal is left with once the alternate screen goes (ui/result-line.ts).
	 */
	onQuit(exitCode: number, state: RaceState): void;
	/**
	 * Hands over a function that quits as Ctrl+C does (exit 130, a partial summary of a race under way), for the
	 * signals that never reach the keyboard: SIGTERM, or SIGINT without raw mode.
	 */
	registerInterrupt?(interrupt: () => void): void;
}

/** The first contender with pseudo-labels to show (the tutorial's semi), else the first. */
export function defaultFocus(state: RaceState): number {
	return Math.max(0, state.contenders.findIndex(contender => contender.method !== 'supervised'));
}

export function Dashboard(props: DashboardProps) {
	const {presets, dataset, backend} = props;
	const {exit} = useApp();
	const {columns, rows} = useTerminalSize();
	const [presetIndex, setPresetIndex] = useState(props.initialPresetIndex);
	// The preset chosen last, ahead of the render that shows it: keys read in one chunk (← ← ←) step from each other.
	const chosenPreset = useRef(props.initialPresetIndex);
	// Undefined until the user presses Tab: then the first contender that pseudo-labels is focused.
	const [focusIndex, setFocusIndex] = useState<number | undefined>(undefined);
	// The help's page while it is open (it splits into pages when the terminal cannot show it whole).
	const [helpPage, setHelpPage] = useState<number | undefined>(undefined);
	const [fullRange, setFullRange] = useState(false);
	const [byImages, setByImages] = useState(false);
	const [notice, setNotice] = useState<Notice | undefined>(undefined);
	// The evidence for the preset racing now, kept with the preset's name so a slow look-up never lands on another.
	const [evidence, setEvidence] = useState<{preset: string; evidence: SweepEvidence | undefined} | undefined>(undefined);
	/** Why the chosen preset cannot run on this dataset; the screen says so instead of racing. */
	const [blocked, setBlocked] = useState<string | undefined>(undefined);
	const quitting = useRef(false);
	const callbacks = useRef(props);
	callbacks.current = props;
	const showNotice = useCallback((next: Notice) => setNotice(next), []);
	const saves = useRaceSaves((state, partial) => callbacks.current.saveSummary(state, partial), showNotice);
	const {session, snapshot} = useRaceSession({
		dataset,
		backend,
		cores: props.cores,
		onFinished(state) {
			saves.raceFinished(state);
		},
	});
	const {state, paused} = snapshot;
	const elapsedSeconds = useElapsedSeconds(state, paused);

	// A preset that cannot run here (e.g. more labels than the dataset has) is a notice, never a crash.
	const race = (index: number) => {
		const preset = presets[index]!;
		const problem = callbacks.current.problemOf(preset);
		saves.left(session.latest());
		saves.raceStarted();
		setBlocked(problem);
		setNotice(problem === undefined ? callbacks.current.noteOf?.(preset) : undefined);
		if (problem === undefined) {
			session.start({preset: preset.name, plan: callbacks.current.planOf(preset)});
			void callbacks.current
				.findEvidence?.(preset)
				.catch(() => undefined)
				.then(found => setEvidence({preset: preset.name, evidence: found}));
		} else {
			session.clear(preset.name);
		}
	};

	useEffect(() => race(props.initialPresetIndex), []);

	// Tab / Shift+Tab pressed before the race has contenders ("loading dataset…"): their steps, taken once it has.
	const pendingFocus = useRef(0);
	const selectPreset = (index: number) => {
		const next = ((index % presets.length) + presets.length) % presets.length;
		chosenPreset.current = next;
		setPresetIndex(next);
		setFocusIndex(undefined);
		pendingFocus.current = 0;
		race(next);
		callbacks.current.onPresetChange?.(presets[next]!);
	};

	const shownFocus = focusIndex ?? defaultFocus(state);
	const moveFocus = (step: number) => {
		// The newest state: a race that has just started knows its contenders before the screen shows them.
		const current = session.latest();
		if (current.contenders.length === 0) {
			pendingFocus.current += step;
			return;
		}

		const count = current.contenders.length;
		// From the focus set by the press before, which Tab Tab in one chunk has not rendered yet.
		setFocusIndex(focus => ((((focus ?? defaultFocus(current)) + step) % count) + count) % count);
	};

	useEffect(() => {
		const steps = pendingFocus.current;
		const count = state.contenders.length;
		if (steps === 0 || count === 0) return;
		pendingFocus.current = 0;
		setFocusIndex(focus => ((((focus ?? defaultFocus(state)) + steps) % count) + count) % count);
	}, [state.contenders.length]);

	const quit = (exitCode: number) => {
		if (quitting.current) return;
		quitting.current = true;
		const before = session.latest();
		const midRace = before.startedAt !== undefined && !before.finished;
		void (async () => {
			await session.stop();
			if (midRace) {
				// Quitting mid-race still leaves a record of what the race showed, marked partial; the state after the
				// stop says which contenders were cancelled.
				await callbacks.current.saveSummary(session.latest(), true);
			}

			callbacks.current.onQuit(exitCode, session.latest());
			exit();
		})();
	};

	const quitRef = useRef(quit);
	quitRef.current = quit;
	useEffect(() => props.registerInterrupt?.(() => quitRef.current(130)), []);

	useKeymap(
		{
			previousPreset: () => selectPreset(chosenPreset.current - 1),
			nextPreset: () => selectPreset(chosenPreset.current + 1),
			jumpToPreset(n) {
				if (n >= 1 && n <= presets.length) selectPreset(n - 1);
			},
			nextContender: () => moveFocus(1),
			previousContender: () => moveFocus(-1),
			togglePause: () => session.togglePause(),
			restart: () => race(chosenPreset.current),
			save: () => saves.save(session.latest()),
			toggleHelp() {
				const {help} = dashboardLayout(columns, rows);
				const pages = helpPages(help.width, help.height, state, {index: presetIndex, count: presets.length}).length;
				setHelpPage(page => (page === undefined ? 0 : page + 1 < pages ? page + 1 : undefined));
			},
			closeHelp: () => setHelpPage(undefined),
			toggleRange: () => setFullRange(full => !full),
			toggleXAxis: () => setByImages(images => !images),
			quit: interrupted => quit(interrupted ? 130 : 0),
		},
		props.isInteractive,
	);

	const preset = presets[presetIndex]!;
	// What was changed so this preset fits the data: also on the data's notes line, where it stays after the notice goes.
	const presetNote = useMemo(() => (blocked === undefined ? props.noteOf?.(preset) : undefined), [preset, blocked]);
	const look = useMemo(() => ({colors: props.tileColors ?? 'none', ...(dataset.tableProfile ? {profile: dataset.tableProfile} : {})}), [props.tileColors, dataset]);
	return (
		<App
			state={state}
			width={columns}
			height={rows}
			elapsedSeconds={elapsedSeconds}
			paused={paused}
			helpVisible={helpPage !== undefined}
			helpPage={helpPage ?? 0}
			presetName={preset.name}
			presetIndex={presetIndex}
			presetCount={presets.length}
			focusIndex={Math.min(shownFocus, Math.max(0, state.contenders.length - 1))}
			notice={notice}
			presetNote={presetNote}
			blocked={blocked}
			color={props.color}
			look={look}
			fullRange={fullRange}
			byImages={byImages}
			evidence={evidence?.preset === preset.name ? evidence.evidence : undefined}
			sweepFlags={props.sweepFlags}
		/>
	);
}
