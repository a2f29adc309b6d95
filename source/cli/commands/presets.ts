/** `presets`: every preset in keyboard-cycle order, what it changes, and where it comes from. */
import {listPresets, type Preset} from '../../config/presets.js';

export interface PresetsCommandOptions {
	/** The user's presets folder. */
	presetsDir?: string;
	stdout: (text: string) => void;
	/** Where broken user presets are reported. */
	stderr: (text: string) => void;
}

/** "threshold 0.9, rounds 6, augmentation.zoom 0": the fields a preset overrides. */
export function describeOverrides(preset: Preset): string {
	const parts: string[] = [];
	for (const [key, value] of Object.entries(preset.overrides)) {
		if (value !== null && typeof value === 'object') {
			for (const [inner, innerValue] of Object.entries(value)) {
				parts.push(`${key}.${inner} ${String(innerValue)}`);
			}
		} else {
			parts.push(`${key} ${String(value)}`);
		}
	}

	return parts.length === 0 ? 'the defaults' : parts.join(', ');
}

/** Prints the list; broken user presets go to stderr. Always 0: a broken preset doesn't stop the others. */
export function presetsCommand(options: PresetsCommandOptions): number {
	const {presets, problems} = listPresets({presetsDir: options.presetsDir});
	const width = Math.max(...presets.map(preset => preset.name.length)) + 2;
	const indent = ' '.repeat(width);
	const lines = presets.flatMap(preset => [
		`${preset.name.padEnd(width)}${preset.description}`,
		`${indent}${describeOverrides(preset)} · ${preset.source}`,
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
