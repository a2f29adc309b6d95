/** Everything a race needs before it starts: presets in cycle order, the chosen one, the flags, the settings. */
import type {KnobPatch, RacePlan} from '../config/contenders.js';
import {listPresets, loadPreset, presetPlan, type Preset} from '../config/presets.js';
import {openSettings, presetsDirOf, runsDirOf, type BackendChoice, type Settings} from '../config/settings.js';
import {ownDataFlags} from './own-data-augmentation.js';
import type {CliRequest} from './parse-args.js';
import {requireRunsFolder} from './runs-dir-check.js';

/** The preset a command line without --preset races: always this one, so scripts are reproducible. */
export const defaultPresetName = 'tutorial';

export interface RaceSetup {
	settings: Settings;
	/** Presets in keyboard-cycle order; the chosen one is included even when it came from a file path. */
	presets: Preset[];
	presetIndex: number;
	preset: Preset;
	/** The chosen preset's race with the flags applied. */
	plan: RacePlan;
	/** Knob flags; they apply to every preset raced in the session (on own data, with the augmentation rule applied). */
	flags: KnobPatch;
	/** What the own-data augmentation rule did, said once among the data's notes (own-data-augmentation.ts). */
	dataNote?: string;
	backendRequest: BackendChoice;
	/** `--cores`: cores the race may keep busy; undefined for all of the machine's. */
	cores?: number;
	runsDir: string;
	save: boolean;
	/** `--no-export` turns off the pseudo-label and model files written beside each summary. */
	export: boolean;
	warnings: string[];
	/** The race's flags for the one-seed hint's sweep command (parse-args.ts `sweepFlags`). */
	sweepFlags: string[];
}

/**
 * Reads settings and presets; writes nothing. Only the dashboard reopens the remembered preset: a headless or JSON
 * run without --preset always races the default, so the same command line gives the same race.
 */
export function loadRaceSetup(request: CliRequest, options: {isDashboard: boolean}): RaceSetup {
	const settings = openSettings();
	const presetsDir = presetsDirOf(settings, request.presetsDir);
	const {presets, problems} = listPresets({presetsDir});
	const remembered = options.isDashboard ? settings.get('lastPreset') : defaultPresetName;
	const wanted = request.preset ?? remembered;
	let preset: Preset;
	try {
		preset = loadPreset(wanted, {presetsDir});
	} catch (error) {
		// A remembered preset that has since gone away is no reason to refuse to start.
		if (request.preset !== undefined) throw error;
		preset = presets[0]!;
		problems.push(`last used preset "${wanted}" is gone; starting with ${preset.name}`);
	}

	let presetIndex = presets.findIndex(candidate => candidate.name === preset.name && candidate.source === preset.source);
	if (presetIndex === -1) {
		presets.push(preset);
		presetIndex = presets.length - 1;
	}

	const runsDir = runsDirOf(settings, request.runsDir);
	if (request.save) requireRunsFolder(runsDir, request.runsDir === undefined ? `the setting runsDir (${settings.path})` : '--runs-dir');
	// On the user's own data the digits' augmentation is off unless asked for (own-data-augmentation.ts says why).
	const own = ownDataFlags(request, request.flags);
	return {
		settings,
		presets,
		presetIndex,
		preset,
		plan: presetPlan(preset, own.flags),
		flags: own.flags,
		...(own.note === undefined ? {} : {dataNote: own.note}),
		backendRequest: request.backend ?? settings.get('backend'),
		cores: request.cores,
		runsDir,
		save: request.save,
		export: request.export,
		warnings: [...settings.warnings, ...problems.map(problem => `skipped preset: ${problem}`)],
		sweepFlags: request.sweepFlags,
	};
}
