/** Command-line flags → a typed request; every mistake is an InputError naming the flag and what was expected. */
import {parseArgs} from 'node:util';
import type {KnobPatch} from '../config/contenders.js';
import {describeRule, knobs, parseKnobText} from '../config/knobs.js';
import {InputError} from '../core/input-error.js';
import {closestWord} from '../text/closest-word.js';

export type BackendRequest = 'auto' | 'node' | 'wasm' | 'cpu';

export interface CliRequest {
	command: 'race' | 'presets' | 'config' | 'runs' | 'help' | 'version';
	/** Words after a subcommand, e.g. `runs show ID`. */
	commandArgs: string[];
	headless: boolean;
	json: boolean;
	/** Resolve and print the race, then exit without training. */
	dryRun: boolean;
	dataDir?: string;
	backend?: BackendRequest;
	preset?: string;
	presetsDir?: string;
	runsDir?: string;
	save: boolean;
	/** Knob values given as flags; they apply to every contender of every preset raced in the session. */
	flags: KnobPatch;
}

type OptionSpec = {type: 'string' | 'boolean'; short?: string};

const fixedOptions = {
	headless: {type: 'boolean'},
	json: {type: 'boolean'},
	'dry-run': {type: 'boolean'},
	'data-dir': {type: 'string'},
	backend: {type: 'string'},
	preset: {type: 'string', short: 'p'},
	'presets-dir': {type: 'string'},
	'runs-dir': {type: 'string'},
	'no-save': {type: 'boolean'},
	help: {type: 'boolean', short: 'h'},
	version: {type: 'boolean', short: 'v'},
} satisfies Record<string, OptionSpec>;

/** Every flag: the fixed ones, then one per knob (booleans also as --no-<flag>). */
const options: Record<string, OptionSpec> = {...fixedOptions};
for (const knob of knobs) {
	if (knob.rule.kind === 'boolean') {
		options[knob.flag] = {type: 'boolean'};
		options[`no-${knob.flag}`] = {type: 'boolean'};
	} else {
		options[knob.flag] = {type: 'string'};
	}
}

const commands = new Set(['presets', 'config', 'runs']);
const backends: BackendRequest[] = ['auto', 'node', 'wasm', 'cpu'];

export function parseCli(argv: string[]): CliRequest {
	let parsed;
	try {
		parsed = parseArgs({args: argv, options, allowPositionals: true, strict: true});
	} catch (error) {
		throw new InputError(describeParseError(error));
	}

	const values = parsed.values as Record<string, string | boolean | undefined>;
	const [first, ...rest] = parsed.positionals;
	if (first !== undefined && !commands.has(first)) {
		throw new InputError(`unknown command "${first}": expected one of presets, config, runs (or flags only to race)`);
	}

	const backend = values.backend as string | undefined;
	if (backend !== undefined && !backends.includes(backend as BackendRequest)) {
		throw new InputError(`--backend: expected one of ${backends.join(', ')}, got "${backend}"`);
	}

	const json = values.json === true;
	return {
		command: values.help ? 'help' : values.version ? 'version' : ((first as CliRequest['command'] | undefined) ?? 'race'),
		commandArgs: rest,
		headless: json || values.headless === true,
		json,
		dryRun: values['dry-run'] === true,
		dataDir: values['data-dir'] as string | undefined,
		backend: backend as BackendRequest | undefined,
		preset: values.preset as string | undefined,
		presetsDir: values['presets-dir'] as string | undefined,
		runsDir: values['runs-dir'] as string | undefined,
		save: values['no-save'] !== true,
		flags: knobFlags(values),
	};
}

/** The knob flags given, each checked against its rule in the table; the first bad one is an InputError. */
function knobFlags(values: Record<string, string | boolean | undefined>): KnobPatch {
	const patch: KnobPatch = {};
	for (const knob of knobs) {
		if (knob.rule.kind === 'boolean') {
			const on = values[knob.flag] === true;
			const off = values[`no-${knob.flag}`] === true;
			if (on && off) throw new InputError(`--${knob.flag} and --no-${knob.flag} contradict each other`);
			if (on || off) patch[knob.name] = on;
			continue;
		}

		const raw = values[knob.flag];
		if (typeof raw !== 'string') continue;
		const value = parseKnobText(knob.rule, raw);
		if (value === undefined) {
			throw new InputError(`--${knob.flag}: expected ${describeRule(knob.rule)}, got "${raw}"`);
		}

		patch[knob.name] = value;
	}

	return patch;
}

function describeParseError(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	const unknown = /Unknown option '([^']+)'/.exec(message);
	if (unknown) {
		const suggestion = closestFlag(unknown[1]!);
		return `unknown flag ${unknown[1]}: ${suggestion ? `did you mean ${suggestion}? ` : ''}see --help for the flags`;
	}

	const missing = /Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(message);
	if (missing) {
		return `${missing[1]}: expected a value`;
	}

	return message.split('\n')[0]!;
}

/** The known flag within two typos of `flag`, if there is one. */
function closestFlag(flag: string): string | undefined {
	const best = closestWord(flag.replace(/^-+/, ''), Object.keys(options));
	return best === undefined ? undefined : `--${best}`;
}
