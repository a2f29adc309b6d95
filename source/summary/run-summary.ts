/** The saved record of one race: its schema is the file format, checked again when a summary is read back. */
import {z} from 'zod';
import {knobs, type KnobEntry} from '../config/knobs.js';

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
	/** Images trained on in this epoch (the images axis); absent in summaries of earlier versions. */
	trainSize: z.number().optional(),
	/** The class the model gave nearly every test sample, when it collapsed to one (core/one-class.ts). */
	oneClass: z.object({label: z.number(), share: z.number()}).optional(),
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
	perClassTopConfusion: z.array(z.tuple([z.number(), z.number()]).nullable()).optional(),
	/** moreConfident: absent in summaries written before it was counted. */
	carriedOver: z.object({wrongBefore: z.number(), fixed: z.number(), stillWrong: z.number(), moreConfident: z.number().optional(), dropped: z.number()}).optional(),
	threshold: z.number(),
	kind: z.enum(['round', 'online']).optional(),
	alpha: z.number().optional(),
	classThresholds: z.array(z.number()).optional(),
	/** A method's own live numbers (Mean Teacher: teacher and student accuracy). */
	signals: z.array(z.object({name: z.string(), value: z.number(), percent: z.boolean().optional()})).optional(),
});

const environmentSchema = z.object({
	backend: z.string(),
	/** `process.version`. */
	node: z.string(),
	cpu: z.object({model: z.string(), cores: z.number()}),
	/** This tool's package version. */
	version: z.string().optional(),
});

/**
 * What determines the numbers, besides the settings (`race` and each contender's `config`): the same settings and
 * these give bit-identical results on the same machine, whatever the cores and the helper threads did.
 */
const determinedBySchema = z.object({
	/** data/dataset-fingerprint.ts: SHA-256 of the dataset's descriptor and bytes. */
	dataset: z.string(),
	/** Which implementation trained: `direct`, `tfjs`, or both names joined by `+` when contenders differ. */
	engine: z.string(),
	backend: z.string(),
	/** The package version (a release may change the mathematics). */
	version: z.string(),
});

// Derived from the settings table and not strict: settings added later are dropped when reading, and settings a
// newer version removed are optional, so older and newer versions list each other's runs.
function configSchemaOf(scope: 'race' | 'contender') {
	const field = (knob: KnobEntry) => (knob.rule.kind === 'boolean' ? z.boolean() : knob.rule.kind === 'int-list' ? z.array(z.number()) : z.number()).optional();
	const top = Object.fromEntries(knobs.filter(knob => knob.scope === scope && !knob.group).map(knob => [knob.field, field(knob)]));
	if (scope === 'race') return z.object(top);
	const group = (name: string) => z.object(Object.fromEntries(knobs.filter(knob => knob.group === name).map(knob => [knob.field, field(knob)]))).optional();
	return z.object({...top, augmentation: group('augmentation'), strongAugmentation: group('strongAugmentation')});
}

const contenderSchema = z.object({
	id: z.string(),
	name: z.string(),
	method: z.string(),
	/** How it ended: done, failed, cancelled, or still starting/training/paused in a partial summary. */
	status: z.string(),
	/** Its resolved race-wide and own settings. */
	config: configSchemaOf('contender').extend(configSchemaOf('race').shape),
	/** Epoch budget. */
	plannedEpochs: z.number(),
	epochs: z.array(epochSchema),
	/** Pseudo-label statistics per round (offline) or per epoch (online), without the sample digits shown live. */
	rounds: z.array(roundSchema),
	/** Test accuracy at the end: the run's own final evaluation, or its last epoch when it was stopped early. */
	finalAccuracy: z.number().nullable(),
	wallSeconds: z.number().nullable(),
	samplesTrained: z.number().nullable(),
	/** Training throughput over the whole run, samples per second. */
	samplesPerSec: z.number().nullable(),
	error: z.string().optional(),
});

export const summaryFormatVersion = 2;

export const runSummarySchema = z.object({
	formatVersion: z.literal(summaryFormatVersion),
	/** Six hex digits, random: what `runs show ID` takes. */
	id: z.string().regex(/^[\da-f]{6}$/),
	/** File name without extension: `YYYYMMDD-HHMMSS-<preset>-<id>`. */
	name: z.string(),
	/** ISO 8601 time the summary was built. */
	createdAt: z.string(),
	preset: z.string(),
	/** True when the race was stopped before every contender finished. */
	partial: z.boolean(),
	/** Settings every contender shares. */
	race: configSchemaOf('race'),
	/** The longest contender's epoch budget. */
	totalEpochs: z.number(),
	/** Cores the contenders shared. */
	cores: z.number().optional(),
	environment: environmentSchema,
	dataset: z.object({
		name: z.string(),
		train: z.number(),
		test: z.number(),
		labeled: z.number(),
		unlabeled: z.number(),
		/** The dataset's descriptor (core/dataset-info.ts); absent in summaries written before it was recorded. */
		info: z
			.object({
				name: z.string(),
				kind: z.enum(['image', 'table']),
				height: z.number(),
				width: z.number(),
				channels: z.number(),
				classNames: z.array(z.string()),
				mode: z.enum(['simulation', 'real']),
				featureNames: z.array(z.string()).optional(),
			})
			.optional(),
		/** What the loader did to the data ("features standardised…"). */
		notes: z.array(z.string()).optional(),
	}),
	contenders: z.array(contenderSchema),
	wallSeconds: z.number(),
	/** Absent in summaries written before it was recorded. */
	determinedBy: determinedBySchema.optional(),
	/**
	 * Files written next to the summary (summary/export-race.ts): per semi-supervised contender that finished, its
	 * pool's pseudo-labels (CSV) and its model folder, named relative to the summary's folder.
	 */
	exports: z.array(z.object({contender: z.string(), labels: z.string(), model: z.string(), samples: z.number()})).optional(),
	/**
	 * The race's own flags (its data, its settings) as `sweep` takes them, for the one-seed hint of `runs show`: without
	 * them the hint swept MNIST whatever the race raced. Absent when the race had none, and in earlier summaries.
	 */
	sweepFlags: z.array(z.string()).optional(),
});

/** One race as saved to `<name>.json`. */
export type RunSummary = z.infer<typeof runSummarySchema>;
/** One contender's record in a summary. */
export type ContenderRecord = RunSummary['contenders'][number];
/** Where the race ran. */
export type RunEnvironment = RunSummary['environment'];
/** What, besides the settings, determines a race's numbers. */
export type DeterminedBy = NonNullable<RunSummary['determinedBy']>;
