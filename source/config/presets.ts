/** Finding and loading presets: the built-ins shipped in presets/ and the user's own folder. */
import fs from 'node:fs';
import path from 'node:path';
import {InputError} from '../core/input-error.js';
import {packageRoot} from './package-root.js';
import {resolveRace, type ContenderEntry, type KnobPatch, type RacePlan} from './contenders.js';
import {formatCount} from '../text/format.js';
import {parsePresetFile} from './preset-schema.js';

/** A named race ready to resolve: shared values and, optionally, its contenders. */
export interface Preset {
	name: string;
	/** One line, shown in lists and on the dashboard. */
	description: string;
	/** Why the preset differs from the defaults. */
	notes?: string;
	/** `'built-in'` or the absolute path of the user's file. */
	source: 'built-in' | string;
	/** How messages name its file: `presets/quick.json`, or the user's path. */
	label: string;
	/** Only what the file changed (shared by every contender), for listings that explain a preset. */
	patch: KnobPatch;
	/** Absent: the tutorial's two contenders, supervised and semi. */
	contenders?: ContenderEntry[];
}

/** The preset's race with the session's flags applied. */
export function presetPlan(preset: Preset, flags: KnobPatch = {}): RacePlan {
	return resolveRace(preset.patch, preset.contenders, flags);
}

/**
 * Whether the preset can run on a training set of `trainCount` images of `classes` classes: undefined when it can, else
 * one line naming where the offending value came from (the flag, or the preset and its file). With `sizes` (each
 * class's training samples, by name) it also refuses a class that has no training sample to label.
 * `noun`: what a training sample is called in the line (a table's are rows).
 */
export function presetProblem(
	preset: Preset,
	flags: KnobPatch,
	trainCount: number,
	classes: number,
	sizes?: {counts: readonly number[]; names: readonly string[]},
	noun: 'image' | 'row' = 'image',
): string | undefined {
	const {labeled} = presetPlan(preset, flags).race;
	const source = flags.labeled === undefined ? `preset ${preset.name} (${preset.label}): labeled ${labeled}` : `--labeled ${labeled}`;
	// The split gives every class at least its share; fewer labels than classes leaves some class without any.
	if (labeled < classes) return `${source} is fewer than the ${classes} classes of this dataset, expected at least one label per class`;
	if (labeled <= trainCount - 1) return sizes === undefined ? undefined : unlabeledClass(source, sizes);
	const need = labeled > trainCount ? 'is more than' : `leaves no unlabeled ${noun} among`;
	// A preset tuned on MNIST's 60,000 images meets a small dataset: say which flag makes it fit; a --labeled too large,
	// the counts that would.
	const range = `${classes} to ${formatCount(trainCount - 1)}`;
	const fix = trainCount < Math.max(2, classes + 1) ? '' : flags.labeled === undefined ? `; pass --labeled N (${range})` : `, expected ${range}`;
	return `${source} ${need} the ${formatCount(trainCount)} training ${noun}s of this dataset${fix}`;
}

/** A class the stratified split (core/split.ts `labeledQuotas`) cannot label: one without a training sample. */
function unlabeledClass(source: string, sizes: {counts: readonly number[]; names: readonly string[]}): string | undefined {
	const empty = sizes.counts.findIndex(count => count === 0);
	if (empty < 0) return undefined;
	return `${source} leaves class ${sizes.names[empty] ?? empty} without a label: it has no training sample, expected one at least`;
}

export interface PresetOptions {
	/** The user's presets folder; built-ins only when absent. */
	presetsDir?: string;
}

/** Built-ins in the order the keyboard cycles through them; user presets follow, sorted by name. */
export const builtInPresetOrder = [
	'tutorial',
	'quick',
	'thresholds',
	'ablation',
	'methods',
	'lee2013',
	'flexmatch',
	'fixmatch',
	'freematch',
	'mean-teacher',
	'vat',
	'noisy-student',
	'rounds',
	'self-training',
	'few-labels',
	'strict',
	'no-augment',
	// Last: about half an hour a race, so cycling through the presets reaches it only at the end.
	'lee2013-long',
];

/** The folder of shipped presets. */
export function builtInPresetsDir(): string {
	return path.join(packageRoot(), 'presets');
}

/** How a file is named in messages: short when it is under the working directory. */
function labelOf(file: string): string {
	const relative = path.relative(process.cwd(), file);
	return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

function readPresetFile(file: string, source: Preset['source'], expectedName?: string): Preset {
	const label = source === 'built-in' ? `presets/${path.basename(file)}` : labelOf(file);
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (error) {
		const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
		throw new InputError(`${label}: cannot read the preset (${reason})`);
	}

	const parsed = parsePresetFile(text, label);
	// In a folder the file name is how a preset is found, so the two must agree.
	if (expectedName !== undefined && parsed.name !== expectedName) {
		throw new InputError(`${label}: field "name" must match the file name "${expectedName}", got "${parsed.name}"`);
	}

	return {...parsed, source, label};
}

function presetNamesIn(dir: string): string[] {
	return fs
		.readdirSync(dir, {withFileTypes: true})
		.filter(entry => entry.isFile() && entry.name.endsWith('.json'))
		.map(entry => entry.name.slice(0, -'.json'.length));
}

function builtInNames(): string[] {
	const shipped = new Set(presetNamesIn(builtInPresetsDir()));
	const ordered = builtInPresetOrder.filter(name => shipped.has(name));
	const extra = [...shipped].filter(name => !builtInPresetOrder.includes(name)).sort();
	return [...ordered, ...extra];
}

/** Every preset in cycle order. Broken user presets land in `problems` (one line each) and are skipped. */
export function listPresets(options: PresetOptions = {}): {presets: Preset[]; problems: string[]} {
	const presets: Preset[] = [];
	const problems: string[] = [];
	const builtIns = builtInNames();
	for (const name of builtIns) {
		try {
			presets.push(readPresetFile(path.join(builtInPresetsDir(), `${name}.json`), 'built-in', name));
		} catch (error) {
			problems.push((error as Error).message);
		}
	}

	if (options.presetsDir === undefined) {
		return {presets, problems};
	}

	let userNames: string[];
	try {
		userNames = presetNamesIn(options.presetsDir).sort();
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code !== 'ENOENT') {
			problems.push(`${labelOf(options.presetsDir)}: cannot read the presets folder (${code ?? (error as Error).message})`);
		}

		return {presets, problems};
	}

	for (const name of userNames) {
		const file = path.join(options.presetsDir, `${name}.json`);
		if (builtIns.includes(name)) {
			problems.push(`${labelOf(file)}: "${name}" is a built-in preset name; rename the file to use it`);
			continue;
		}

		try {
			presets.push(readPresetFile(file, file, name));
		} catch (error) {
			problems.push((error as Error).message);
		}
	}

	return {presets, problems};
}

/** A preset by built-in name, by name in the user's folder, or by a path ending in .json. */
export function loadPreset(nameOrPath: string, options: PresetOptions = {}): Preset {
	if (nameOrPath.endsWith('.json')) {
		const file = path.resolve(nameOrPath);
		return readPresetFile(file, file);
	}

	if (builtInNames().includes(nameOrPath)) {
		return readPresetFile(path.join(builtInPresetsDir(), `${nameOrPath}.json`), 'built-in', nameOrPath);
	}

	const isPlainName = /^[\w-]+$/.test(nameOrPath);
	if (isPlainName && options.presetsDir !== undefined) {
		const file = path.join(options.presetsDir, `${nameOrPath}.json`);
		if (fs.existsSync(file)) {
			return readPresetFile(file, file, nameOrPath);
		}
	}

	const available = listPresets(options).presets.map(preset => preset.name);
	throw new InputError(`unknown preset "${nameOrPath}" (available: ${available.join(', ')}; or a path to a .json file)`);
}
