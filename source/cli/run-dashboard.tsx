/** Opens the live dashboard full-screen and restores the terminal however it ends (q, Ctrl+C, SIGTERM, a crash). */
import {render} from 'ink';
import type {BackendName, SharedDataset} from '../protocol/messages.js';
import {Dashboard} from '../ui/dashboard.js';
import type {RaceSetup} from './race-setup.js';
import {withOverrides} from './race-setup.js';
import {rememberPreset} from './remember-preset.js';
import {saveRaceSummary} from './save-race-summary.js';

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
	const instance = render(
		<Dashboard
			presets={setup.presets}
			initialPresetIndex={setup.presetIndex}
			configOf={preset => withOverrides(preset.config, setup.overrides)}
			dataset={dataset}
			backend={backend}
			isInteractive={isInteractive}
			color={process.env.FORCE_COLOR !== '0' && stdout.hasColors()}
			saveSummary={async (state, partial) => {
				if (!setup.save) return 'summaries are off (--no-save)';
				const message = await saveRaceSummary(state, setup, backend, {partial, log: text => notices.push(text)});
				return message;
			}}
			onPresetChange={preset => rememberPreset(setup.settings, preset)}
			onQuit={code => {
				exitCode = code;
			}}
		/>,
		{exitOnCtrlC: false, patchConsole: true, maxFps: 10},
	);

	const onSignal = (signal: NodeJS.Signals) => {
		exitCode = 130;
		// Ink would unmount on its own only if nobody else listened; we listen, so stop the race and unmount ourselves.
		instance.unmount();
		void signal;
	};

	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	try {
		await instance.waitUntilExit();
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		instance.cleanup();
		restore();
	}

	for (const notice of notices) {
		process.stderr.write(`pseudolabel-tui: ${notice}\n`);
	}

	return exitCode;
}
