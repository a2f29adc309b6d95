/** Everything a race needs before it starts: presets in cycle order, the chosen one, flag overrides, remembered settings. */
import {listPresets, loadPreset, type Preset} from '../config/presets.js';
import type {RunConfig} from '../config/run-config.js';
import {openSettings, presetsDirOf, type BackendChoice, type Settings} from '../config/settings.js';
import {defaultRunsDir} from '../summary/runs-dir.js';
import type {CliRequest, ConfigOverrides} from './parse-args.js';

export interface RaceSetup {
	settings: Settings;
	/** Presets in keyboard-cycle order; the chosen one is included even when it came from a file path. */
	presets: Preset[];
	presetIndex: number;
	preset: Preset;
	/** The chosen preset's configuration with the flags applied. */
	config: RunConfig;
	overrides: ConfigOverrides;
	backendRequest: BackendChoice;
	runsDir: string;
	save: boolean;
	warnings: string[];
}

export function loadRaceSetup(request: CliRequest): RaceSetup {
	const settings = openSettings();
	if (request.presetsDir !== undefined) {
		settings.set('presetsDir', request.presetsDir);
	}

	const presetsDir = presetsDirOf(settings);
	const {presets, problems} = listPresets({presetsDir});
	const wanted = request.preset ?? settings.get('lastPreset');
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

	return {
		settings,
		presets,
		presetIndex,
		preset,
		config: withOverrides(preset.config, request.overrides),
		overrides: request.overrides,
		backendRequest: request.backend ?? settings.get('backend'),
		runsDir: request.runsDir ?? settings.get('runsDir') ?? defaultRunsDir(),
		save: request.save,
		warnings: [...settings.warnings, ...problems.map(problem => `skipped preset: ${problem}`)],
	};
}

/** Flags apply to every preset raced in this session, so switching presets keeps e.g. --labeled. */
export function withOverrides(config: RunConfig, overrides: ConfigOverrides): RunConfig {
	return {...config, ...overrides};
}
