/**
 * `--dry-run --json`: the resolved race as one JSON object, the fields of the race's own `start` line (no backend: a
 * dry run resolves none) plus the preset's file and the warnings and notes the text plan prints.
 */
import type {RacePlan} from '../config/contenders.js';
import type {Preset} from '../config/presets.js';
import type {SharedDataset} from '../protocol/messages.js';
import {describeRace, raceCores, raceSplit} from '../race/race-description.js';
import {datasetDescription} from '../summary/dataset-description.js';

export interface PlanLineOptions {
	preset: Preset;
	plan: RacePlan;
	dataset: SharedDataset;
	/** `--cores`; undefined for all of the machine's. */
	cores: number | undefined;
	/** The settings' and presets' warnings (the text version's stderr lines). */
	warnings: string[];
	/** Said after the text plan, e.g. why the labeled count is not the preset's. */
	notes: string[];
}

/**
 * The text plan's data lines: what the race would be on (as the headless start line's `data` line says it) and each
 * note the loader and the fit made — a flag the data leaves unused, a labeled count fitted or unused in real mode.
 */
export function planDataLines(plan: RacePlan, preset: Preset, dataset: SharedDataset): string[] {
	const race = describeRace({plan, preset: preset.name, dataset, split: raceSplit(plan, dataset), cores: 1});
	return [`data: ${datasetDescription(race.dataset)}`, ...(race.dataset.notes ?? []).map(note => `note: ${note}`)];
}

export function planLine({preset, plan, dataset, cores, warnings, notes}: PlanLineOptions): string {
	const race = describeRace({plan, preset: preset.name, dataset, split: raceSplit(plan, dataset), cores: raceCores(cores)});
	return JSON.stringify({type: 'plan', ...race, presetFile: preset.label, description: preset.description, warnings, notes});
}
