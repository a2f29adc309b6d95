/** Command-line flags → a typed request; every mistake is an InputError naming the flag and what was expected. */
import {existsSync} from 'node:fs';
import path from 'node:path';
import {parseArgs} from 'node:util';
import type {KnobPatch} from '../config/contenders.js';
import {describeRule, knobs, parseKnobText} from '../config/knobs.js';
import {InputError} from '../core/input-error.js';
import {backendRequests, isBackendRequest, type BackendRequest} from '../protocol/backends.js';
import {closestWord} from '../text/closest-word.js';
import {possessive} from '../text/format.js';
import {parseDataFlags, type DataRequest} from './data-flags.js';


export interface CliRequest {
	command: 'race' | 'presets' | 'config' | 'runs' | 'sweep' | 'predict' | 'help' | 'version';
	/** Words after a subcommand, e.g. `runs show ID`. */
	commandArgs: string[];
	headless: boolean;
	json: boolean;
	/** Resolve and print the race, then exit without training. */
	dryRun: boolean;
	dataDir?: string;
	/** `--data PATH` and the flags that say how to read it (data-flags.ts); undefined: MNIST or --data-dir. */
	data?: DataRequest;
	/** `--keep-augmentation`: on --data/--data-dir, race the presets' labeled augmentation (off there by default). */
	keepAugmentation: boolean;
	backend?: BackendRequest;
	/** `--cores N`: cores a race may keep busy (helper threads use the free ones); the machine's count by default. */
	cores?: number;
	preset?: string;
	presetsDir?: string;
	runsDir?: string;
	save: boolean;
	/** Write each semi-supervised contender's pseudo-labels and model beside the summary (off: `--no-export`). */
	export: boolean;
	/** Knob values given as flags; they apply to every contender of every preset raced in the session. */
	flags: KnobPatch;
	/** A race's flags as words for `sweep --preset P … --seeds 3` (the one-seed hint); empty for a command. */
	sweepFlags: string[];
	/** `sweep` only: its own flags, and the race flags every trial gets (as words). */
	sweep?: {seeds?: string; vary: string[]; jobs?: string; out?: string; plan: boolean; planCommand?: string; raceArgs: string[]};
}

type OptionSpec = {type: 'string' | 'boolean'; short?: string};

const fixedOptions = {
	headless: {type: 'boolean'},
	json: {type: 'boolean'},
	'dry-run': {type: 'boolean'},
	'data-dir': {type: 'string'},
	data: {type: 'string'},
	format: {type: 'string'},
	'image-size': {type: 'string'},
	fit: {type: 'string'},
	channels: {type: 'string'},
	invert: {type: 'boolean'},
	label: {type: 'string'},
	'unlabeled-value': {type: 'string'},
	drop: {type: 'string'},
	'test-fraction': {type: 'string'},
	'keep-augmentation': {type: 'boolean'},
	backend: {type: 'string'},
	cores: {type: 'string'},
	preset: {type: 'string', short: 'p'},
	'presets-dir': {type: 'string'},
	'runs-dir': {type: 'string'},
	'no-save': {type: 'boolean'},
	'no-export': {type: 'boolean'},
	help: {type: 'boolean', short: 'h'},
	version: {type: 'boolean', short: 'v'},
} satisfies Record<string, OptionSpec>;

/** Flags of `sweep` alone; the rest of a sweep's flags are race flags handed to every trial. */
const sweepOptions = {
	seeds: {type: 'string'},
	vary: {type: 'string', multiple: true},
	jobs: {type: 'string'},
	out: {type: 'string'},
	plan: {type: 'boolean'},
	'plan-command': {type: 'string'},
} as const;

/** Every flag: the fixed ones, then one per knob (booleans also as --no-<flag>). */
const options: Record<string, OptionSpec & {multiple?: boolean}> = {...fixedOptions, ...sweepOptions};
for (const knob of knobs) {
	if (knob.rule.kind === 'boolean') {
		options[knob.flag] = {type: 'boolean'};
		options[`no-${knob.flag}`] = {type: 'boolean'};
	} else {
		options[knob.flag] = {type: 'string'};
	}
}

const commands = new Set(['presets', 'config', 'runs', 'sweep', 'predict']);

/** `--vary --warmup=5,10` names the race flag it varies: one value, as `--vary=--warmup=5,10` would be. */
function joinVaryFlags(argv: string[]): string[] {
	return argv.flatMap((word, index) =>
		word === '--vary' && /^--[\w-]+=/.test(argv[index + 1] ?? '') ? [] : index > 0 && argv[index - 1] === '--vary' && /^--[\w-]+=/.test(word) ? [`--vary=${word}`] : [word],
	);
}

export function parseCli(givenArgv: string[]): CliRequest {
	// `predict` has flags of its own (commands/predict.ts parses them), none of the race's.
	if (givenArgv[0] === 'predict' && !givenArgv.includes('--help') && !givenArgv.includes('-h')) return {...parseCli([]), command: 'predict', commandArgs: givenArgv.slice(1)};
	const argv = joinVaryFlags(givenArgv);
	let parsed;
	try {
		parsed = parseArgs({args: argv, options, allowPositionals: true, strict: true, tokens: true});
	} catch (error) {
		throw new InputError(describeParseError(error));
	}

	// parseArgs keeps the last of a flag given twice, which lets a wrapper's defaults (`alias pl='pseudolabel-tui
	// --backend wasm'`) be overridden; but two data sets are a mistake, and `--data a.csv … --data b.csv` raced b.csv
	// without a word.
	const data = (parsed.tokens ?? []).flatMap(token => (token.kind === 'option' && token.name === 'data' && token.value !== undefined ? [token.value] : []));
	if (data.length > 1) throw new InputError(`--data is given ${data.length === 2 ? 'twice' : `${data.length} times`} (${data.map(value => `"${value}"`).join(', then ')}): give one`);

	const values = parsed.values as Record<string, string | boolean | undefined>;
	const [first, ...rest] = parsed.positionals;
	if (first !== undefined && !commands.has(first)) {
		// `--augment-labeled true`: a switch takes no value, and "unknown command" did not say so.
		const tokens = parsed.tokens ?? [];
		const at = tokens.findIndex(token => token.kind === 'positional');
		const before = tokens[at - 1];
		if (/^(true|false|on|off|yes|no)$/i.test(first) && before?.kind === 'option' && before.value === undefined) {
			const flag = before.name.replace(/^no-/, '');
			const pair = flag in options && `no-${flag}` in options;
			throw new InputError(`--${before.name} takes no value, got "${first}"${pair ? `: write --${flag} for on, --no-${flag} for off` : ''}`);
		}

		throw new InputError(`unknown command "${first}": expected one of presets, config, runs, sweep, predict (or flags only to race)`);
	}

	if (first !== 'sweep') {
		const stray = Object.keys(sweepOptions).find(name => values[name] !== undefined);
		if (stray !== undefined) throw new InputError(`--${stray} belongs to the sweep command: pseudolabel-tui sweep --${stray} …`);
	}

	const backend = values.backend as string | undefined;
	if (backend !== undefined && !isBackendRequest(backend)) {
		throw new InputError(`--backend: expected one of ${backendRequests.join(', ')}, got "${backend}"`);
	}

	const coresText = values.cores as string | undefined;
	const cores = coresText === undefined ? undefined : Number(coresText);
	if (coresText !== undefined && !(/^\d+$/.test(coresText.trim()) && cores! >= 1 && cores! <= 1024)) {
		throw new InputError(`--cores: expected a whole number from 1 to 1024, got "${coresText}"`);
	}

	if (values['keep-augmentation'] === true && values.data === undefined && values['data-dir'] === undefined) {
		throw new InputError('--keep-augmentation is for --data or --data-dir: on the embedded MNIST the presets\' augmentation is always raced');
	}

	const json = values.json === true;
	return {
		command: values.help ? 'help' : values.version ? 'version' : ((first as CliRequest['command'] | undefined) ?? 'race'),
		commandArgs: rest,
		headless: json || values.headless === true,
		json,
		dryRun: values['dry-run'] === true,
		dataDir: values['data-dir'] as string | undefined,
		data: parseDataFlags(values),
		keepAugmentation: values['keep-augmentation'] === true,
		backend: backend as BackendRequest | undefined,
		cores,
		preset: values.preset as string | undefined,
		presetsDir: values['presets-dir'] as string | undefined,
		runsDir: values['runs-dir'] as string | undefined,
		save: values['no-save'] !== true,
		export: values['no-export'] !== true,
		flags: knobFlags(values),
		sweepFlags: first === undefined ? flagWords(argv, name => notForSweep.has(name)) : [],
		...(first === 'sweep' ? {sweep: sweepRequest(values as Record<string, unknown>, argv)} : {}),
	};
}

/** The flags of `argv` as words (each with its value), but those `leave` names (without dashes); positionals dropped. */
function flagWords(argv: string[], leave: (name: string) => boolean): string[] {
	const words: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const word = argv[index]!;
		if (!word.startsWith('-')) continue;
		const name = word.replace(/^--?/, '').split('=')[0]!;
		const spec = options[name] ?? Object.values(options).find(option => option.short === name);
		const takesValue = spec?.type === 'string' && !word.includes('=');
		if (!leave(name)) {
			if (!dataPathFlags.has(name)) words.push(word, ...(takesValue ? [argv[index + 1]!] : []));
			else if (takesValue) words.push(word, absolutePath(argv[index + 1]!));
			else if (word.includes('=')) words.push(`${word.split('=')[0]!}=${absolutePath(word.slice(word.indexOf('=') + 1))}`);
			else words.push(word);
		}

		if (takesValue) index++;
	}

	return words;
}

/** Flags naming a file or folder: a command built from the race's flags must find it from any folder. */
const dataPathFlags = new Set(['data', 'data-dir']);

/** A path that exists, made absolute; anything else ("synthetic", a typo the loader will name) as typed. */
function absolutePath(value: string): string {
	return value !== '' && existsSync(value) ? path.resolve(value) : value;
}

/**
 * The race's flags a sweep of the same race takes after `--preset P` (the data and how to read it, the settings): the
 * hint "one seed: sweep … --seeds 3" dropped them, so on your own data it would have swept MNIST.
 */
const notForSweep = new Set(['preset', 'p', 'seed', 'json', 'headless', 'no-save', 'runs-dir', 'dry-run', 'cores', 'help', 'h', 'version']);

/** The sweep's own flags, and every other flag as words to hand each trial (already checked above). */
function sweepRequest(values: Record<string, unknown>, argv: string[]): NonNullable<CliRequest['sweep']> {
	const raceArgs = flagWords(argv, name => name in sweepOptions || name === 'preset' || name === 'p' || name === 'runs-dir');
	return {
		seeds: values.seeds as string | undefined,
		vary: (values.vary as string[] | undefined) ?? [],
		jobs: values.jobs as string | undefined,
		out: values.out as string | undefined,
		plan: values.plan === true,
		planCommand: values['plan-command'] as string | undefined,
		raceArgs,
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

/**
 * The parser's error in one line. `command`: another command's own flags (predict's; its caller adds its usage), so a
 * suggestion is one of them and a race flag is said to be one (it suggested the very flag it refused: "--image-size: did you mean --image-size?").
 */
export function describeParseError(error: unknown, command?: {name: string; flags: readonly string[]}): string {
	const message = error instanceof Error ? error.message : String(error);
	const unknown = /Unknown option '([^']+)'/.exec(message);
	if (unknown && command) {
		const flag = unknown[1]!;
		const bare = flag.replace(/^-+/, '');
		if (bare in options) return `${flag} is a race flag, not one of ${possessive(command.name)}`;
		const suggestion = closestWord(bare, [...command.flags]);
		return `unknown flag ${flag}${suggestion ? `: did you mean --${suggestion}?` : ''}`;
	}

	if (unknown) {
		const suggestion = closestFlag(unknown[1]!);
		return `unknown flag ${unknown[1]}: ${suggestion ? `did you mean ${suggestion}? ` : ''}see --help for the flags`;
	}

	const missing = /Option '(?:-\w, )?(--?[\w-]+) <value>' argument missing/.exec(message);
	if (missing) {
		return `${missing[1]}: expected a value`;
	}

	const ambiguous = /Option '(?:-\w, )?(--?[\w-]+)' argument is ambiguous/.exec(message);
	if (ambiguous) {
		const flag = ambiguous[1]!;
		return flag.startsWith('--') ? `${flag}: expected a value; write one that starts with "-" as ${flag}=-1` : `${flag}: expected a value`;
	}

	const noValue = /Option '(?:-\w, )?(--[\w-]+)' does not take an argument/.exec(message);
	if (noValue) {
		const flag = noValue[1]!;
		return flag.startsWith('--no-') ? `${flag} takes no value` : `${flag} takes no value: use ${flag} or --no-${flag.slice(2)}`;
	}

	return message.split('\n')[0]!;
}

/** The known flag within two typos of `flag`, if there is one. */
/**
 * Other tools' names for this one's flags, which no spelling distance finds: `--lr` was "did you mean --mu?".
 * Only names that are not this tool's flags (an option of that name would never reach here).
 */
const otherToolsNames: Record<string, string> = {
	lr: 'learning-rate',
	'learning_rate': 'learning-rate',
	bs: 'batch-size',
	batch: 'batch-size',
	'batch_size': 'batch-size',
	tau: 'threshold',
	'n-labeled': 'labeled',
	'num-labeled': 'labeled',
	labels: 'labeled',
};

function closestFlag(flag: string): string | undefined {
	const bare = flag.replace(/^-+/, '');
	const alias = otherToolsNames[bare.toLowerCase()];
	const best = alias !== undefined && alias in options ? alias : closestWord(bare, Object.keys(options));
	return best === undefined ? undefined : `--${best}`;
}
