/**
 * Summaries written before contenders existed (formatVersion 1: one `config`, `runs: {supervised, semi}`, `rounds`),
 * read and upgraded in memory to the current format, so runs already on users' disks still list, show and compare.
 * Nothing is rewritten on disk.
 */
import {z} from 'zod';
import {runSummarySchema, type RunSummary} from './run-summary.js';

const epochSchema = z.object({
	epoch: z.number(),
	testAccuracy: z.number(),
	loss: z.number().nullable(),
	samplesPerSec: z.number(),
	phase: z.enum(['starting', 'warm-up', 'training', 'labeling', 'retraining', 'done', 'error']),
	round: z.number(),
	elapsed: z.number(),
});

const runRecordSchema = z.object({
	epochs: z.array(epochSchema),
	finalAccuracy: z.number().nullable(),
	wallSeconds: z.number().nullable(),
	samplesTrained: z.number().nullable(),
	samplesPerSec: z.number().nullable(),
	error: z.string().optional(),
});

const roundSchema = z.object({
	round: z.number(),
	pool: z.number(),
	accepted: z.number(),
	acceptanceRate: z.number(),
	precision: z.number().nullable(),
	perClassAccepted: z.array(z.number()),
	perClassCorrect: z.array(z.number()),
	threshold: z.number(),
});

// The version-1 config: one set of knobs for the whole race.
const configSchema = z.object({
	labeled: z.number(),
	threshold: z.number(),
	warmupEpochs: z.number(),
	epochsPerRound: z.number(),
	rounds: z.number(),
	batchSize: z.number(),
	learningRate: z.number(),
	augmentation: z.object({rotationDeg: z.number(), zoom: z.number(), widthShift: z.number(), heightShift: z.number()}),
	augmentEveryEpoch: z.boolean(),
	augmentLabeled: z.boolean(),
	seed: z.number(),
});

export const runSummaryV1Schema = z.object({
	formatVersion: z.literal(1),
	id: z.string().regex(/^[\da-f]{6}$/),
	name: z.string(),
	createdAt: z.string(),
	preset: z.string(),
	partial: z.boolean(),
	config: configSchema,
	totalEpochs: z.number(),
	environment: z.object({backend: z.string(), node: z.string(), cpu: z.object({model: z.string(), cores: z.number()})}),
	dataset: z.object({name: z.string(), train: z.number(), test: z.number(), labeled: z.number(), unlabeled: z.number()}),
	runs: z.object({supervised: runRecordSchema, semi: runRecordSchema}),
	rounds: z.array(roundSchema),
	wallSeconds: z.number(),
});

export type RunSummaryV1 = z.infer<typeof runSummaryV1Schema>;
type RunRecordV1 = RunSummaryV1['runs']['supervised'];

/** How a version-1 run ended: it only recorded an error, or a wall time once it finished. */
function statusOf(run: RunRecordV1): string {
	if (run.error !== undefined) return 'failed';
	return run.wallSeconds === null ? 'cancelled' : 'done';
}

/** The same race as a version-2 summary: contenders `supervised` and `semi`, race settings labeled and seed. */
export function upgradeV1(old: RunSummaryV1): RunSummary {
	const {labeled, seed, ...own} = old.config;
	const race = {labeled, seed};
	const contender = (id: string, name: string, method: string, run: RunRecordV1, config: Record<string, unknown>, rounds: RunSummaryV1['rounds']) => ({
		id,
		name,
		method,
		status: statusOf(run),
		config: {...config, ...race},
		plannedEpochs: old.totalEpochs,
		epochs: run.epochs,
		rounds: rounds.map(round => ({...round, kind: 'round' as const})),
		finalAccuracy: run.finalAccuracy,
		wallSeconds: run.wallSeconds,
		samplesTrained: run.samplesTrained,
		samplesPerSec: run.samplesPerSec,
		...(run.error === undefined ? {} : {error: run.error}),
	});
	return runSummarySchema.parse({
		formatVersion: 2,
		id: old.id,
		name: old.name,
		createdAt: old.createdAt,
		preset: old.preset,
		partial: old.partial,
		race,
		totalEpochs: old.totalEpochs,
		environment: old.environment,
		dataset: old.dataset,
		contenders: [
			// Before contenders, the supervised run never augmented: augmentLabeled applied to the semi run's retraining.
			contender('supervised', 'supervised', 'supervised', old.runs.supervised, {...own, augmentLabeled: false}, []),
			contender('semi', 'pseudo-label', 'pseudo-label', old.runs.semi, own, old.rounds),
		],
		wallSeconds: old.wallSeconds,
	});
}

/** A summary of any known version, as the current format; the first problem when it is none. */
export function parseAnySummary(json: unknown): {success: true; data: RunSummary} | {success: false; problem: string} {
	const isV1 = json !== null && typeof json === 'object' && (json as {formatVersion?: unknown}).formatVersion === 1;
	const parsed = isV1 ? runSummaryV1Schema.safeParse(json) : runSummarySchema.safeParse(json);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		return {success: false, problem: `field "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'invalid'}`};
	}

	return {success: true, data: isV1 ? upgradeV1(parsed.data as RunSummaryV1) : (parsed.data as RunSummary)};
}
