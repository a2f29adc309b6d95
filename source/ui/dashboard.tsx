/** The dashboard container: holds the chosen preset and overlays, runs the race through useRace, and renders App. */
import {useApp} from 'ink';
import {useCallback, useMemo, useRef, useState} from 'react';
import type {Preset} from '../config/presets.js';
import type {RunConfig} from '../config/run-config.js';
import type {BackendName, SharedDataset} from '../protocol/messages.js';
import type {RaceState} from '../race/race-state.js';
import {App} from './app.js';
import {useElapsedSeconds} from './hooks/use-elapsed-seconds.js';
import {useKeymap} from './hooks/use-keymap.js';
import {useRace} from './hooks/use-race.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';

export interface DashboardProps {
	presets: Preset[];
	initialPresetIndex: number;
	/** The configuration to race for a preset (the preset's own, with command-line flags applied). */
	configOf(preset: Preset): RunConfig;
	dataset: SharedDataset;
	backend: BackendName;
	/** Whether keys can be read (stdin is a TTY). */
	isInteractive: boolean;
	/** Color in the chart's lines; off under NO_COLOR / FORCE_COLOR=0. */
	color: boolean;
	/** Saves a summary; resolves to a one-line notice (where it went, or why it could not be written). */
	saveSummary(state: RaceState, partial: boolean): Promise<string>;
	onPresetChange?(preset: Preset): void;
	/** Called once when the user quits, after the race's workers are gone. */
	onQuit(exitCode: number): void;
}

export function Dashboard(props: DashboardProps) {
	const {presets, configOf, dataset, backend} = props;
	const {exit} = useApp();
	const {columns, rows} = useTerminalSize();
	const [presetIndex, setPresetIndex] = useState(props.initialPresetIndex);
	const [raceKey, setRaceKey] = useState(0);
	const [helpVisible, setHelpVisible] = useState(false);
	const [notice, setNotice] = useState<string | undefined>(undefined);
	const quitting = useRef(false);
	const preset = presets[presetIndex]!;
	// A new object each render would restart the race on every frame.
	const config = useMemo(() => configOf(preset), [preset]);
	const callbacks = useRef(props);
	callbacks.current = props;

	const showNotice = useCallback((text: string) => setNotice(text), []);
	const race = useRace({
		preset: preset.name,
		config,
		dataset,
		backend,
		raceKey,
		onFinished(state) {
			void callbacks.current.saveSummary(state, false).then(showNotice);
		},
	});
	const elapsedSeconds = useElapsedSeconds(race.state, race.paused);

	const selectPreset = (index: number) => {
		const next = ((index % presets.length) + presets.length) % presets.length;
		setPresetIndex(next);
		setRaceKey(key => key + 1);
		setNotice(undefined);
		callbacks.current.onPresetChange?.(presets[next]!);
	};

	const quit = (exitCode: number) => {
		if (quitting.current) return;
		quitting.current = true;
		const state = race.currentState();
		const midRace = state.startedAt !== undefined && !state.finished;
		void (async () => {
			await race.stop();
			if (midRace) {
				// Quitting mid-race still leaves a record of what the race showed, marked partial.
				await callbacks.current.saveSummary(state, true);
			}

			callbacks.current.onQuit(exitCode);
			exit();
		})();
	};

	useKeymap(
		{
			previousPreset: () => selectPreset(presetIndex - 1),
			nextPreset: () => selectPreset(presetIndex + 1),
			jumpToPreset(n) {
				if (n >= 1 && n <= presets.length) selectPreset(n - 1);
			},
			togglePause: race.togglePause,
			restart() {
				setRaceKey(key => key + 1);
				setNotice(undefined);
			},
			save() {
				const state = race.currentState();
				void callbacks.current.saveSummary(state, !state.finished).then(showNotice);
			},
			toggleHelp: () => setHelpVisible(visible => !visible),
			quit: interrupted => quit(interrupted ? 130 : 0),
		},
		props.isInteractive,
	);

	return (
		<App
			state={race.state}
			width={columns}
			height={rows}
			elapsedSeconds={elapsedSeconds}
			paused={race.paused}
			helpVisible={helpVisible}
			presetName={preset.name}
			presetIndex={presetIndex}
			presetCount={presets.length}
			notice={notice}
			color={props.color}
		/>
	);
}
