/** `presets`: every preset in keyboard-cycle order, what it changes, and where it comes from. */
import {defaultContenders, type KnobPatch} from '../../config/contenders.js';
import {knobs} from '../../config/knobs.js';
import {methodInfo} from '../../config/methods.js';
import {listPresets, type Preset} from '../../config/presets.js';
import {displayWidth, wrapText} from '../../text/wrap.js';

export interface PresetsCommandOptions {
	/** The user's presets folder. */
	presetsDir?: string;
	stdout: (text: string) => void;
	/** Columns the list may take (the caller's outputWidth); 80 when absent. */
	width?: number;
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

/** What a preset races: its shared settings and source, then each contender with its method and own settings. */
export function describePreset(preset: Preset): {settings: string; contenders: string[]} {
	const contenders = (preset.contenders ?? defaultContenders).map(
		contender =>
			`${contender.id} (${methodInfo[contender.method].label}${Object.keys(contender.patch).length > 0 ? `: ${describePatch(contender.patch)}` : ''})`,
	);
	return {settings: `${describePatch(preset.patch)} · ${preset.source}`, contenders};
}

/**
 * One preset within `width` columns: name, then its description, settings and contenders under the description's
 * column. The contenders share one line when it fits, else each gets its own line (a wrapped list of several
 * contenders' settings would make it hard to see where one ends).
 */
function presetLines(preset: Preset, nameWidth: number, width: number): string[] {
	const {settings, contenders} = describePreset(preset);
	// Too narrow for a name column beside 30 columns of text: the name on its own line, the rest indented under it.
	const stacked = width - nameWidth < 30;
	const indent = ' '.repeat(stacked ? 2 : nameWidth);
	const textWidth = width - indent.length;
	// `lead` shifts a whole entry right (a contender under "N contenders:"); `hang` only its continuation lines.
	const under = (text: string, hang: string, lead = '') => wrapText(text, textWidth - lead.length, hang, 'keep').map(line => indent + lead + line);
	const together = `${contenders.length} contenders: ${contenders.join('; ')}`;
	const [first = '', ...rest] = wrapText(preset.description, textWidth, '', 'keep');
	return [
		...(stacked ? [preset.name, indent + first] : [`${preset.name.padEnd(nameWidth)}${first}`]),
		...rest.map(line => indent + line),
		...under(settings, '  '),
		...(displayWidth(together) <= textWidth
			? [indent + together]
			: [indent + `${contenders.length} contenders:`, ...contenders.flatMap(contender => under(contender, '  ', '  '))]),
	];
}

/** Prints the list; broken user presets go to stderr. Always 0: a broken preset doesn't stop the others. */
export function presetsCommand(options: PresetsCommandOptions): number {
	const {presets, problems} = listPresets({presetsDir: options.presetsDir});
	const nameWidth = Math.max(...presets.map(preset => preset.name.length)) + 2;
	const lines = presets.flatMap(preset => presetLines(preset, nameWidth, options.width ?? 80));
	if (options.presetsDir !== undefined) {
		lines.push('', ...wrapText(`Your presets: ${options.presetsDir}/<name>.json`, options.width ?? 80, '  ', 'keep'));
	}

	options.stdout(`${lines.join('\n')}\n`);
	for (const problem of problems) {
		options.stderr(`skipped ${problem}\n`);
	}

	return 0;
}
