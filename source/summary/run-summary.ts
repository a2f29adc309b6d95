/** The saved record of one race: its schema is the file format, checked again when a summary is read back. */
import {z} from 'zod';

const phaseSchema = z.enum(['starting', 'warm-up', 'training', 'labeling', 'retraining', 'done', 'error']);

const epochSchema = z.object({
	epoch: z.number(),
	testAccuracy: z.number(),
	loss: z.number().nullable(),
	samplesPerSec: z.number(),
	phase: phaseSchema,
	round: z.number(),
	/** Seconds since the race started when this epoch ended. */
	elapsed: z.number(),
});

const runRecordSchema = z.object({
	epochs: z.array(epochSchema),
	/** Test accuracy at the end: the run's own final evaluation, or its last epoch when it was stopped early. */
	finalAccuracy: z.number().nullable(),
	wallSeconds: z.number().nullable(),
	samplesTrained: z.number().nullable(),
	/** Training throughput over the whole run, samples per second. */
	samplesPerSec: z.number().nullable(),
	error: z.string().optional(),
});

const roundSchema = z.object({
	round: z.number(),
	pool: z.number(),
	accepted: z.number(),
	acceptanceRate: z.number(),
	/** Share of accepted pseudo-labels that were right; null when none was accepted. */
	precision: z.number().nullable(),
	perClassAccepted: z.array(z.number()),
	perClassCorrect: z.array(z.number()),
	threshold: z.number(),
});

const environmentSchema = z.object({
	backend: z.string(),
	/** `process.version`. */
	node: z.string(),
	cpu: z.object({model: z.string(), cores: z.number()}),
});

// Not strict: fields added to RunConfig later are dropped when reading, so older versions still list newer runs.
const configSchema = z.object({
	labeled: z.number(),
	threshold: z.number(),
	warmupEpochs: z.number(),
	epochsPerRound: z.number(),
	rounds: z.number(),
	batchSize: z.number(),
	learningRate: z.number(),
	augmentation: z.object({
		rotationDeg: z.number(),
		zoom: z.number(),
		widthShift: z.number(),
		heightShift: z.number(),
	}),
	augmentEveryEpoch: z.boolean(),
	augmentLabeled: z.boolean(),
	seed: z.number(),
});

export const summaryFormatVersion = 1;

export const runSummarySchema = z.object({
	formatVersion: z.literal(summaryFormatVersion),
	/** Six hex digits, random: what `runs show ID` takes. */
	id: z.string().regex(/^[\da-f]{6}$/),
	/** File name without extension: `YYYYMMDD-HHMMSS-<preset>-<id>`. */
	name: z.string(),
	/** ISO 8601 time the summary was built. */
	createdAt: z.string(),
	preset: z.string(),
	/** True when the race was stopped before both runs finished. */
	partial: z.boolean(),
	config: configSchema,
	/** Epoch budget of each run. */
	totalEpochs: z.number(),
	environment: environmentSchema,
	dataset: z.object({
		name: z.string(),
		train: z.number(),
		test: z.number(),
		labeled: z.number(),
		unlabeled: z.number(),
	}),
	runs: z.object({supervised: runRecordSchema, semi: runRecordSchema}),
	/** Pseudo-label statistics per round, without the sample digits shown live. */
	rounds: z.array(roundSchema),
	wallSeconds: z.number(),
});

/** One race as saved to `<name>.json`. */
export type RunSummary = z.infer<typeof runSummarySchema>;
export type RunRecord = RunSummary['runs']['supervised'];
export type RoundSummary = RunSummary['rounds'][number];
/** Where the race ran. */
export type RunEnvironment = RunSummary['environment'];
