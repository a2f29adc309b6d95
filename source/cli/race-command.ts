/** `pseudolabel-tui` with no command: resolve preset, settings, backend and data, then race on the dashboard or headless. */
import {InputError} from '../core/input-error.js';
import {resolveBackend} from '../race/resolve-backend.js';
import type {CliRequest} from './parse-args.js';
import {loadRaceData} from './load-race-data.js';
import {showLoadingLine} from './loading-line.js';
import {presetPlan} from '../config/presets.js';
import {presetFitOn} from './preset-fit.js';
import {loadRaceSetup} from './race-setup.js';
import {describePlan} from './describe-plan.js';
import {planDataLines, planLine} from './plan-line.js';
import {runHeadless} from './run-headless.js';

export async function runRaceCommand(request: CliRequest): Promise<number> {
	const interactive = !request.headless && !request.dryRun && process.stdout.isTTY === true;
	const setup = loadRaceSetup(request, {isDashboard: interactive});
	for (const warning of setup.warnings) {
		process.stderr.write(`pseudolabel-tui: warning: ${warning}\n`);
	}

	// Any format, size and class count races: the model's input and output sizes come from the dataset's descriptor.
	// The embedded MNIST is in within half a second; the user's own data may take many.
	const ownData = request.data?.path ?? request.dataDir;
	const eraseLoading = ownData === undefined ? () => {} : showLoadingLine(process.stderr, ownData, process.stderr.columns);
	let loaded;
	try {
		loaded = await loadRaceData(request);
	} finally {
		eraseLoading();
	}

	const dataset = setup.dataNote === undefined ? loaded : {...loaded, notes: [...(loaded.notes ?? []), setup.dataNote]};

	// A preset asked for must fit (its labeled count fitted to a small dataset, said once); the dashboard shows a
	// remembered one that does not as a notice, like any other, and fits each preset as it comes (run-dashboard.tsx).
	const fit = presetFitOn(setup.preset, setup.flags, dataset);
	// A --labeled the data cannot give stops every preset alike: one line and exit 2 on the dashboard too, not a screen
	// that offers other presets.
	if (fit.problem !== undefined && (!interactive || request.preset !== undefined || setup.flags.labeled !== undefined)) throw new InputError(fit.problem);
	const plan = presetPlan(setup.preset, fit.flags);
	// The fit's note goes with the data's notes, in the race's start line and the dry run's plan line alike.
	const noted = fit.note === undefined ? dataset : {...dataset, notes: [...(dataset.notes ?? []), fit.note]};
	if (request.dryRun && request.json) {
		const notes = fit.note === undefined ? [] : [fit.note];
		process.stdout.write(`${planLine({preset: setup.preset, plan, dataset: noted, cores: setup.cores, warnings: setup.warnings, notes})}\n`);
		return 0;
	}

	if (request.dryRun) {
		process.stdout.write(describePlan(setup.preset, plan));
		// After the plan, whose race line shows the fitted count: the data and its notes, among them why that count is
		// not the preset's.
		process.stdout.write(`${planDataLines(plan, setup.preset, noted).join('\n')}\n`);
		return 0;
	}

	const backend = await resolveBackend(setup.backendRequest);
	if (!interactive && !request.headless) {
		process.stderr.write('pseudolabel-tui: stdout is not a terminal, running headless (--headless)\n');
	}

	if (!interactive) {
		return runHeadless({setup: {...setup, plan}, backend, dataset: noted, json: request.json});
	}

	// Loaded only for the dashboard so headless runs never pay for React and Ink. React picks its build as it loads:
	// without NODE_ENV its development build, which checks every render and took ~10 % of the main thread's time while
	// every core trained (a key waits for that thread). A user's own NODE_ENV is kept.
	process.env['NODE_ENV'] ??= 'production';
	const {runDashboard} = await import('./run-dashboard.js');
	return runDashboard({setup, backend, dataset});
}
