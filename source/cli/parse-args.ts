/** Command-line flags → a typed request; every mistake is an InputError naming the flag and what was expected. */
import {parseArgs} from 'node:util';
import {InputError} from '../core/input-error.js';

export type BackendRequest = 'auto' | 'node' | 'wasm' | 'cpu';

/** Overrides of the preset's run configuration given on the command line. */
export interface ConfigOverrides {
	seed?: number;
	labeled?: number;
	threshold?: number;
	rounds?: number;
	epochsPerRound?: number;
	warmupEpochs?: number;
	batchSize?: number;
}

export interface CliRequest {
	command: 'race' | 'presets' | 'config' | 'runs' | 'help' | 'version';
	/** Words after a subcommand, e.g. `runs show ID`. */
	commandArgs: string[];
	headless: boolean;
	json: boolean;
	dataDir?: string;
	backend?: BackendRequest;
	preset?: string;
	presetsDir?: string;
	runsDir?: string;
	save: boolean;
	overrides: ConfigOverrides;
}

const options = {
	headless: {type: 'boolean'},
	json: {type: 'boolean'},
	'data-dir': {type: 'string'},
	backend: {type: 'string'},
	preset: {type: 'string', short: 'p'},
	'presets-dir': {type: 'string'},
	'runs-dir': {type: 'string'},
	'no-save': {type: 'boolean'},
	seed: {type: 'string'},
	labeled: {type: 'string'},
	threshold: {type: 'string'},
	rounds: {type: 'string'},
	epochs: {type: 'string'},
	warmup: {type: 'string'},
	'batch-size': {type: 'string'},
	help: {type: 'boolean', short: 'h'},
	version: {type: 'boolean', short: 'v'},
} as const;

const commands = new Set(['presets', 'config', 'runs']);
const backends: BackendRequest[] = ['auto', 'node', 'wasm', 'cpu'];

export function parseCli(argv: string[]): CliRequest {
	let parsed;
	try {
		parsed = parseArgs({args: argv, options, allowPositionals: true, strict: true});
	} catch (error) {
		throw new InputError(describeParseError(error));
	}

	const {values, positionals} = parsed;
	const [first, ...rest] = positionals;
	if (first !== undefined && !commands.has(first)) {
		throw new InputError(`unknown command "${first}": expected one of presets, config, runs (or flags only to race)`);
	}

	if (values.backend !== undefined && !backends.includes(values.backend as BackendRequest)) {
		throw new InputError(`--backend: expected one of ${backends.join(', ')}, got "${values.backend}"`);
	}

	const overrides: ConfigOverrides = {
		seed: integerFlag('--seed', values.seed, 0, 2 ** 31 - 1),
		labeled: integerFlag('--labeled', values.labeled, 10, 1e9),
		threshold: thresholdFlag(values.threshold),
		rounds: integerFlag('--rounds', values.rounds, 0, 50),
		epochsPerRound: integerFlag('--epochs', values.epochs, 0, 500),
		warmupEpochs: integerFlag('--warmup', values.warmup, 0, 500),
		batchSize: integerFlag('--batch-size', values['batch-size'], 1, 4096),
	};
	for (const key of Object.keys(overrides) as Array<keyof ConfigOverrides>) {
		if (overrides[key] === undefined) delete overrides[key];
	}

	const json = values.json ?? false;
	return {
		command: values.help ? 'help' : values.version ? 'version' : ((first as CliRequest['command'] | undefined) ?? 'race'),
		commandArgs: rest,
		headless: json || (values.headless ?? false),
		json,
		dataDir: values['data-dir'],
		backend: values.backend as BackendRequest | undefined,
		preset: values.preset,
		presetsDir: values['presets-dir'],
		runsDir: values['runs-dir'],
		save: !(values['no-save'] ?? false),
		overrides,
	};
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

/** The known flag within two typos of `flag`, if there is exactly one best. */
function closestFlag(flag: string): string | undefined {
	const name = flag.replace(/^-+/, '');
	let best: string | undefined;
	let bestDistance = 3;
	for (const candidate of Object.keys(options)) {
		const distance = editDistance(name, candidate);
		if (distance < bestDistance) {
			best = candidate;
			bestDistance = distance;
		}
	}

	return best === undefined ? undefined : `--${best}`;
}

function editDistance(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
		}

		previous = current;
	}

	return previous[b.length]!;
}

function integerFlag(flag: string, raw: string | undefined, min: number, max: number): number | undefined {
	if (raw === undefined) {
		return undefined;
	}

	const value = Number(raw);
	if (raw.trim() === '' || !Number.isInteger(value)) {
		throw new InputError(`${flag}: expected a whole number, got "${raw}"`);
	}

	if (value < min || value > max) {
		throw new InputError(`${flag}: expected a whole number from ${min} to ${max}, got ${raw}`);
	}

	return value;
}

function thresholdFlag(raw: string | undefined): number | undefined {
	if (raw === undefined) {
		return undefined;
	}

	const value = Number(raw);
	if (raw.trim() === '' || !Number.isFinite(value) || value <= 0 || value >= 1) {
		throw new InputError(`--threshold: expected a number between 0 and 1 (exclusive), got "${raw}"`);
	}

	return value;
}
