/**
 * Reading a saved race summary for aggregation: a loose zod schema of format version 2 (N contenders) that keeps what
 * the report needs and ignores every other field, plus format version 1 (supervised vs semi) mapped onto it. Pure.
 */
import {posix} from 'node:path';
import {z} from 'zod';
import {dataFlagNames} from '../config/data-flag-names.js';
import {baselineAmong} from '../summary/contender-results.js';

const epochSchema = z.object({epoch: z.number(), testAccuracy: z.number()});

const roundSchema = z.object({
	round: z.number(),
	pool: z.number().nullish(),
	accepted: z.number().nullish(),
	acceptanceRate: z.number().nullish(),
	/** Share of accepted pseudo-labels that were right; null when none was accepted. */
	precision: z.number().nullish(),
	/** `online` for methods that pick pseudo-labels per batch (FixMatch...): the rate is the share used. */
	kind: z.string().optional(),
});

const contenderSchema = z.object({
	id: z.string(),
	name: z.string().optional(),
	method: z.string(),
	config: z.record(z.string(), z.unknown()).default({}),
	status: z.string().optional(),
	epochs: z.array(epochSchema).default([]),
	rounds: z.array(roundSchema).default([]),
	finalAccuracy: z.number().nullable(),
	wallSeconds: z.number().nullish(),
	error: z.string().optional(),
});

const environmentSchema = z.object({
	backend: z.string().optional(),
	node: z.string().optional(),
	cpu: z.object({model: z.string().optional(), cores: z.number().optional()}).optional(),
});

/** The data as a summary records it: its name, its counts after the split and its mode (what the report reads of it). */
const datasetSchema = z
	.object({
		name: z.string().optional(),
		train: z.number().optional(),
		test: z.number().optional(),
		labeled: z.number().optional(),
		info: z.object({mode: z.string().optional()}).optional(),
	})
	.optional();

const summaryV2Schema = z.object({
	formatVersion: z.literal(2),
	id: z.string(),
	name: z.string().optional(),
	createdAt: z.string().optional(),
	preset: z.string(),
	partial: z.boolean(),
	race: z.record(z.string(), z.unknown()).default({}),
	dataset: datasetSchema,
	environment: environmentSchema.optional(),
	wallSeconds: z.number().nullish(),
	contenders: z.array(contenderSchema),
	/** The race's flags as typed (data flags among them), and the data's fingerprint: what tells two datas apart. */
	sweepFlags: z.array(z.string()).optional(),
	determinedBy: z.object({dataset: z.string().optional()}).optional(),
});

const runV1Schema = z.object({
	epochs: z.array(epochSchema).default([]),
	finalAccuracy: z.number().nullable(),
	wallSeconds: z.number().nullish(),
	error: z.string().optional(),
});

const summaryV1Schema = z.object({
	formatVersion: z.literal(1),
	id: z.string(),
	name: z.string().optional(),
	createdAt: z.string().optional(),
	preset: z.string(),
	partial: z.boolean(),
	config: z.record(z.string(), z.unknown()),
	dataset: datasetSchema,
	environment: environmentSchema.optional(),
	wallSeconds: z.number().nullish(),
	runs: z.object({supervised: runV1Schema, semi: runV1Schema}),
	rounds: z.array(roundSchema).default([]),
});

export type RoundRecord = z.infer<typeof roundSchema>;
export type EnvironmentRecord = z.infer<typeof environmentSchema>;

export interface ContenderRecord {
	id: string;
	name: string;
	method: string;
	config: Record<string, unknown>;
	status?: string;
	epochs: Array<{epoch: number; testAccuracy: number}>;
	rounds: RoundRecord[];
	finalAccuracy: number | null;
	wallSeconds: number | null;
	error?: string;
}

/** One saved race, as much of it as aggregation uses. */
export interface TrialSummary {
	/** Where it was read from, relative to the aggregated folder (POSIX separators). */
	file: string;
	id: string;
	name: string;
	createdAt: string;
	preset: string;
	partial: boolean;
	/** The race's seed: `race.seed`, else the first contender's `config.seed`; null when neither says. */
	seed: number | null;
	/** Race-wide settings, e.g. labeled and seed. */
	race: Record<string, unknown>;
	datasetName?: string;
	/**
	 * What tells this race's data from another's of the same name: its data flags as typed (`--data flowers.csv
	 * --drop id`) and the data's fingerprint (SHA-256 of what was loaded). Absent in older summaries.
	 */
	data?: {flags: string[]; fingerprint?: string};
	/** The data's counts as the race saw them (after the loader's split), when the summary has them. */
	datasetCounts?: {train: number; test: number; labeled: number; real: boolean};
	environment?: EnvironmentRecord;
	wallSeconds: number | null;
	contenders: ContenderRecord[];
}

export type ParsedSummary = {ok: true; summary: TrialSummary} | {ok: false; problem: string};

function seedOf(race: Record<string, unknown>, contenders: ContenderRecord[]): number | null {
	const candidates = [race.seed, ...contenders.map(contender => contender.config.seed)];
	const seed = candidates.find(value => typeof value === 'number' && Number.isFinite(value));
	return typeof seed === 'number' ? seed : null;
}

function problemOf(error: z.ZodError): string {
	const issue = error.issues[0]!;
	return `not a run summary (field "${issue.path.join('.') || '(top)'}": ${issue.message})`;
}

/** A parsed JSON value as a summary, or why it is not one. */
export function parseSummary(value: unknown, file: string): ParsedSummary {
	const version = (value as {formatVersion?: unknown} | null)?.formatVersion;
	if (version === 1) {
		const parsed = summaryV1Schema.safeParse(value);
		if (!parsed.success) return {ok: false, problem: problemOf(parsed.error)};
		const data = parsed.data;
		const race = {labeled: data.config.labeled, seed: data.config.seed};
		const contenders: ContenderRecord[] = [
			{id: 'supervised', name: 'supervised', method: 'supervised', config: data.config, ...runOf(data.runs.supervised), rounds: []},
			{id: 'semi', name: 'semi', method: 'pseudo-label', config: data.config, ...runOf(data.runs.semi), rounds: data.rounds},
		];
		return {ok: true, summary: {...common(data, file), race, seed: seedOf(race, contenders), contenders}};
	}

	const parsed = summaryV2Schema.safeParse(value);
	if (!parsed.success) {
		return {ok: false, problem: version === 2 || version === undefined ? problemOf(parsed.error) : `unknown summary format version ${String(version)}`};
	}

	const data = parsed.data;
	const contenders: ContenderRecord[] = data.contenders.map(contender => ({
		...contender,
		name: contender.name ?? contender.id,
		wallSeconds: contender.wallSeconds ?? null,
	}));
	return {ok: true, summary: {...common(data, file), ...dataOf(data), race: data.race, seed: seedOf(data.race, contenders), contenders}};
}

/** The words of `--data`, `--data-dir` (the file's name) and the data option flags (config/data-flag-names.ts) among a race's flags. */
function dataOf(data: z.infer<typeof summaryV2Schema>): {data?: TrialSummary['data']} {
	const fingerprint = data.determinedBy?.dataset;
	if (data.sweepFlags === undefined && (fingerprint === undefined || fingerprint === 'unknown')) return {};
	const flags: string[] = [];
	const words = data.sweepFlags ?? [];
	for (let index = 0; index < words.length; index++) {
		const name = /^--([^=]+)/.exec(words[index]!)?.[1];
		if (name === undefined || !dataFlagNames.has(name)) continue;
		// The file's own name, not the folder it was typed from: the same data reached by another path is the same cell
		// (its fingerprint tells files of one name apart).
		const word = words[index]!;
		const path = (text: string) => (name === 'data' || name === 'data-dir' ? posix.basename(text.replaceAll('\\', '/')) : text);
		// `--drop=id` as `--drop id`: one data, however it was typed.
		if (word.includes('=')) {
			flags.push(word.slice(0, word.indexOf('=')), path(word.slice(word.indexOf('=') + 1)));
			continue;
		}

		flags.push(word);
		// A value in the next word (`--drop id`), not a flag of its own.
		if (index + 1 < words.length && !words[index + 1]!.startsWith('--')) flags.push(path(words[++index]!));
	}

	return {data: {flags, ...(fingerprint === undefined || fingerprint === 'unknown' ? {} : {fingerprint})}};
}

function runOf(run: z.infer<typeof runV1Schema>) {
	return {epochs: run.epochs, finalAccuracy: run.finalAccuracy, wallSeconds: run.wallSeconds ?? null, error: run.error};
}

function countsOf(dataset: z.infer<typeof summaryV2Schema>['dataset']): {datasetCounts?: TrialSummary['datasetCounts']} {
	const {train, test, labeled} = dataset ?? {};
	if (train === undefined || test === undefined || labeled === undefined) return {};
	return {datasetCounts: {train, test, labeled, real: dataset?.info?.mode === 'real'}};
}

function common(data: z.infer<typeof summaryV1Schema> | z.infer<typeof summaryV2Schema>, file: string) {
	return {
		file,
		id: data.id,
		name: data.name ?? data.id,
		createdAt: data.createdAt ?? '',
		preset: data.preset,
		partial: data.partial,
		datasetName: data.dataset?.name,
		...countsOf(data.dataset),
		environment: data.environment,
		wallSeconds: data.wallSeconds ?? null,
	};
}

/** The contender the gaps are measured against: method supervised; among several, id `supervised`, else the first. */
export function supervisedOf(summary: TrialSummary): ContenderRecord | undefined {
	return baselineAmong(summary.contenders);
}
