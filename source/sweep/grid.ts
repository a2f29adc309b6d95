/**
 * Sweep specs → trials: `--seeds`, repeated `--vary flag=v1,v2` and `--jobs` parsed and checked (one-line
 * InputErrors naming the flag), then the cartesian product × seeds as trials, each with a stable folder and its race
 * arguments. Pure: no I/O.
 */
import path from 'node:path';
import {InputError} from '../core/input-error.js';
import type {KnobCatalog} from './knob-catalog.js';
import {closestWord} from '../text/closest-word.js';

/** One knob of the grid and the raw values it takes, in the order given. */
export interface VariedKnob {
	/** The settings table's name, e.g. `warmupEpochs`. */
	name: string;
	/** The race flag that sets it, e.g. `--warmup`: how the report and the trial folders name it. */
	flag: string;
	values: string[];
}

/** One setting of a trial: knob, its race flag and the raw value. */
export interface TrialSetting {
	name: string;
	flag: string;
	value: string;
}

/** One race of the sweep. */
export interface Trial {
	/** `threshold=0.5,warmup=5/seed-3` (flags without dashes): also its folder under the sweep folder (POSIX separators). */
	id: string;
	/** The grid cell alone, `threshold=0.5,warmup=5`; empty when nothing is varied. */
	cell: string;
	seed: number;
	settings: TrialSetting[];
	/** Absolute folder the race writes its summary into (`--runs-dir`). */
	dir: string;
	/** The race's arguments after the program: preset, seed, knob flags, extra flags, `--json --runs-dir DIR`. */
	args: string[];
}

export interface TrialSpec {
	preset: string;
	seeds: number[];
	vary: VariedKnob[];
	/** Absolute sweep folder. */
	sweepDir: string;
	catalog: KnobCatalog;
	/** Flags every trial gets, e.g. `--backend wasm` or `--data-dir DIR`, already split into words. */
	extraArgs?: string[];
}

export const defaultSeedCount = 3;
const maxSeeds = 10_000;

/** `5` → seeds 1..5; `1,2,3` → those seeds; undefined → 1..3. Each listed seed is checked by the seed knob's rule. */
export function parseSeeds(raw: string | undefined, catalog: KnobCatalog): number[] {
	if (raw === undefined) return Array.from({length: defaultSeedCount}, (_, index) => index + 1);
	const expected = `--seeds: expected a count (5 means seeds 1 to 5) or a comma-separated list of whole numbers (1,2,3), got "${raw}"`;
	const words = raw.split(',').map(word => word.trim());
	if (words.some(word => !/^\d+$/.test(word))) throw new InputError(expected);
	const numbers = words.map(Number);
	if (words.length === 1 && !raw.includes(',')) {
		const count = numbers[0]!;
		if (count < 1 || count > maxSeeds) throw new InputError(`--seeds: expected a count from 1 to ${maxSeeds}, got ${raw}`);
		return Array.from({length: count}, (_, index) => index + 1);
	}

	for (const word of words) {
		const problem = catalog.check('seed', word);
		if (problem !== undefined) throw new InputError(`--seeds: each seed is ${problem}, got ${word}`);
	}

	const twice = numbers.find((seed, index) => numbers.indexOf(seed) !== index);
	if (twice !== undefined) throw new InputError(`--seeds: seed ${twice} is listed twice`);
	return numbers;
}

/** `warmup`, `--warmup`, `warmupEpochs` or `augmentation.rotationDeg` → the knob's name; one line with a guess otherwise. */
function knobOf(word: string, catalog: KnobCatalog): string {
	const name = catalog.resolve(word);
	if (name === 'seed') throw new InputError('--vary seed: choose seeds with --seeds (a count or a list), not --vary');
	if (name !== undefined) return name;
	const bare = word.replace(/^--?/, '');
	const names = catalog.names().filter(known => known !== 'seed');
	const flags = names.map(known => catalog.flag(known).replace(/^--/, ''));
	const guess = closestWord(bare, [...new Set([...flags, ...names])]);
	const suggestion = guess === undefined ? '' : `: did you mean ${catalog.flag(catalog.resolve(guess) ?? guess).replace(/^--/, '')}?`;
	throw new InputError(`--vary: unknown knob "${bare}"${suggestion} (knobs, by their race flags: ${flags.join(', ')})`);
}

/**
 * Each `--vary flag=v1,v2,...` checked against the catalog, knobs in the order given. The knob is named as the race
 * names it (`warmup=5,10`, also `--warmup=5,10`); the settings table's name (`warmupEpochs`) or path works too.
 */
export function parseVary(specs: string[], catalog: KnobCatalog): VariedKnob[] {
	const knobs: VariedKnob[] = [];
	for (const spec of specs) {
		const match = /^\s*([^=\s]+)\s*=(.*)$/.exec(spec);
		if (!match) {
			throw new InputError(`--vary: expected flag=value,value,... (e.g. threshold=0.5,0.8 or warmup=5,10), got "${spec}"`);
		}

		const name = knobOf(match[1]!, catalog);
		const flag = catalog.flag(name);
		const shown = flag.replace(/^--/, '');
		if (knobs.some(knob => knob.name === name)) {
			throw new InputError(`--vary ${shown}: given twice; list all its values in one --vary ${shown}=a,b,c`);
		}

		const values = match[2]!.split(',').map(value => value.trim());
		if (values.some(value => value === '')) {
			throw new InputError(`--vary ${shown}: expected comma-separated values after "${match[1]}=", got "${spec}"`);
		}

		for (const value of values) {
			const problem = catalog.check(name, value);
			if (problem !== undefined) throw new InputError(`--vary ${shown}=${value}: ${problem}`);
		}

		const twice = values.find((value, index) => values.indexOf(value) !== index);
		if (twice !== undefined) throw new InputError(`--vary ${shown}: value ${twice} is listed twice`);
		knobs.push({name, flag, values});
	}

	return knobs;
}

/** `--jobs N`: a whole number from 1 to 256; `fallback` when absent. */
export function parseJobs(raw: string | undefined, fallback: number): number {
	if (raw === undefined) return fallback;
	const value = Number(raw);
	if (!/^\d+$/.test(raw.trim()) || value < 1 || value > 256) {
		throw new InputError(`--jobs: expected a whole number from 1 to 256, got "${raw}"`);
	}

	return value;
}

/** As many races as fit the cores, each race running `workersPerRace` training threads. */
export function defaultJobs(cores: number, workersPerRace: number): number {
	return Math.max(1, Math.floor(cores / Math.max(1, workersPerRace)));
}

/** A name part safe on every file system and in a shell word: other characters become %XX (UTF-8). */
export function folderSafe(text: string): string {
	const encoded = [...Buffer.from(text, 'utf8')]
		.map(byte => {
			const char = String.fromCodePoint(byte);
			return /[\w.+-]/.test(char) && byte < 128 ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
		})
		.join('');
	// `.` and `..` name folders already.
	return /^\.*$/.test(encoded) ? encoded.replaceAll('.', '%2E') : encoded;
}

/** Every combination of the varied values, first knob slowest. */
export function gridCells(vary: VariedKnob[]): TrialSetting[][] {
	let cells: TrialSetting[][] = [[]];
	for (const knob of vary) {
		cells = cells.flatMap(cell => knob.values.map(value => [...cell, {name: knob.name, flag: knob.flag, value}]));
	}

	return cells;
}

/** A cell's folder name, `threshold=0.5,warmup=5`: each setting's flag without dashes and its value, folder-safe. */
export function cellId(settings: Array<{flag: string; value: string}>): string {
	return settings.map(({flag, value}) => `${folderSafe(flag.replace(/^--/, ''))}=${folderSafe(value)}`).join(',');
}

/** The inverse of `cellId`: `threshold=0.5,warmup=5` → flags (with dashes) and values; undefined when not a cell id. */
export function parseCellId(id: string): Array<{flag: string; value: string}> | undefined {
	if (id === '') return [];
	const settings: Array<{flag: string; value: string}> = [];
	for (const pair of id.split(',')) {
		const match = /^([\w.+%-]+)=([\w.+%-]*)$/.exec(pair);
		if (!match) return undefined;
		try {
			settings.push({flag: `--${decodeURIComponent(match[1]!)}`, value: decodeURIComponent(match[2]!)});
		} catch {
			return undefined;
		}
	}

	return settings;
}

/** A trial id `cell/seed-N` split into its cell's settings and seed; undefined when it is not one. */
export function parseTrialId(id: string): {settings: Array<{flag: string; value: string}>; seed: number} | undefined {
	const match = /^(?:(.+)\/)?seed-(\d+)$/.exec(id);
	if (!match) return undefined;
	const settings = parseCellId(match[1] ?? '');
	return settings === undefined ? undefined : {settings, seed: Number(match[2])};
}

/**
 * Seeds × cells as trials, seed-major: every cell gets its first seed before any gets its second, so a stopped sweep
 * has an even spread, and adding seeds later keeps the earlier trials' positions in the plan.
 */
export function buildTrials(spec: TrialSpec): Trial[] {
	const seedFlag = spec.catalog.flag('seed');
	const trials: Trial[] = [];
	for (const seed of spec.seeds) {
		for (const settings of gridCells(spec.vary)) {
			const cell = cellId(settings);
			const id = cell === '' ? `seed-${seed}` : `${cell}/seed-${seed}`;
			const dir = path.join(spec.sweepDir, ...id.split('/'));
			const knobArgs = settings.flatMap(({flag, value}) => [flag, value]);
			const args = ['--preset', spec.preset, seedFlag, String(seed), ...knobArgs, ...(spec.extraArgs ?? []), '--json', '--no-export', '--runs-dir', dir];
			trials.push({id, cell, seed, settings, dir, args});
		}
	}

	return trials;
}
