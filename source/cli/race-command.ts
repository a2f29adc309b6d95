/** `pseudolabel-tui` with no command: resolve preset, settings, backend and data, then race on the dashboard or headless. */
import type {RunConfig} from '../config/run-config.js';
import {InputError} from '../core/input-error.js';
import {loadDataset} from '../data/load-dataset.js';
import {resolveBackend} from '../race/resolve-backend.js';
import type {CliRequest} from './parse-args.js';
import {loadRaceSetup, type RaceSetup} from './race-setup.js';
import {rememberPreset} from './remember-preset.js';
import {runHeadless} from './run-headless.js';

export async function runRaceCommand(request: CliRequest): Promise<number> {
	const setup = loadRaceSetup(request);
	for (const warning of setup.warnings) {
		process.stderr.write(`pseudolabel-tui: warning: ${warning}\n`);
	}

	const backend = await resolveBackend(setup.backendRequest);
	const dataset = await loadDataset(request.dataDir);
	if (dataset.rows !== 28 || dataset.cols !== 28) {
		throw new InputError(`${request.dataDir ?? dataset.name}: images are ${dataset.rows}×${dataset.cols}, the model expects 28×28`);
	}

	checkLabeledFits(setup, dataset.trainCount);
	rememberPreset(setup.settings, setup.preset);
	const interactive = !request.headless && process.stdout.isTTY === true;
	if (!interactive && !request.headless) {
		process.stderr.write('pseudolabel-tui: stdout is not a terminal, running headless (--headless)\n');
	}

	if (!interactive) {
		return runHeadless({setup, backend, dataset, json: request.json});
	}

	// Loaded only for the dashboard so headless runs never pay for React and Ink.
	const {runDashboard} = await import('./run-dashboard.js');
	return runDashboard({setup, backend, dataset});
}

function checkLabeledFits(setup: RaceSetup, trainCount: number): void {
	const check = (config: RunConfig, where: string) => {
		if (config.labeled > trainCount - 1) {
			throw new InputError(`${where}: labeled must be at most ${trainCount - 1} (the training set has ${trainCount} images), got ${config.labeled}`);
		}
	};

	check(setup.config, setup.overrides.labeled === undefined ? `preset ${setup.preset.name}` : '--labeled');
}
