/** `presets`: every preset in keyboard-cycle order, what it changes, and where it comes from. */
import {defaultContenders, type KnobPatch} from '../../config/contenders.js';
import {knobs} from '../../config/knobs.js';
import {methodInfo} from '../../config/methods.js';
import {listPresets, type Preset} from '../../config/presets.js';

export interface PresetsCommandOptions {
	/** The user's presets folder. */
	presetsDir?: string;
	stdout: (text: string) => void;
	/** Where broken user presets are reported. */
	stderr: (text: string) => void;
}

function show(value: unknown): string {
	return Array.isArray(value) ? value.join(',') : String(value);
}

/** "threshold 0.9, rounds 6, augmentation.zoom 0": the knobs a patch sets, by their preset paths. */
export function describePatch(patch: KnobPatch): string {
	const parts = knobs.filter(knob => patch[knob.name] !== undefined).map(knob => `${knob.path} ${show(patch[knob.name])}`);
	return parts.length === 0 ? 'the defaults' : parts.join(', ');
}

/** What a preset races: its shared settings, then each contender with its method and own settings. */
export function describePreset(preset: Preset): string[] {
	const contenders = preset.contenders ?? defaultContenders;
	const who = contenders
		.map(contender => `${contender.id} (${methodInfo[contender.method].label}${Object.keys(contender.patch).length > 0 ? `: ${describePatch(contender.patch)}` : ''})`)
		.join('; ');
	return [`${describePatch(preset.patch)} · ${preset.source}`, `${contenders.length} contenders: ${who}`];
}

/** Prints the list; broken user presets go to stderr. Always 0: a broken preset doesn't stop the others. */
export function presetsCommand(options: PresetsCommandOptions): number {
	const {presets, problems} = listPresets({presetsDir: options.presetsDir});
	const width = Math.max(...presets.map(preset => preset.name.length)) + 2;
	const indent = ' '.repeat(width);
	const lines = presets.flatMap(preset => [
		`${preset.name.padEnd(width)}${preset.description}`,
		...describePreset(preset).map(line => `${indent}${line}`),
	]);
	if (options.presetsDir !== undefined) {
		lines.push('', `Your presets: ${options.presetsDir}/<name>.json`);
	}

	options.stdout(`${lines.join('\n')}\n`);
	for (const problem of problems) {
		options.stderr(`skipped ${problem}\n`);
	}

	return 0;
}
