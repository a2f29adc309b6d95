/**
 * The one thing online methods differ in: how a step's unlabeled batch is labeled. The shared loop (run-online.ts)
 * draws the batch, hands it to the method's rule, and trains on what the rule decides: which rows are used, their
 * pseudo-labels (or soft targets), their weight, and which view of the image the loss is taken on.
 */
import type {ConfidenceMask} from '../core/confidence-mask.js';
import type {RunConfig} from '../config/run-config.js';
import type {Mlp} from '../engine/mlp.js';

/** One step's unlabeled batch, as the loop hands it to a rule. */
export interface UnlabeledBatch {
	/** The model being trained (rules predict with it; they never train it). */
	model: Mlp;
	/** Rows of the training images (`data.trainImages`) in this batch. */
	rows: Int32Array;
	/** The same images' positions in the pool (0..pool−1): where per-image state, e.g. FlexMatch's, is kept. */
	positions: Int32Array;
	/** Their hidden true labels: only for measuring how right the used labels are, never for deciding. */
	truth: Uint8Array;
	/** Share of the online phase done before this step, 0..1. */
	progress: number;
	/** The model's probabilities on the plain images (no dropout, no augmentation). */
	predictPlain(): Float32Array;
	/** The model's probabilities on a weakly augmented view (drawn once per step; `view: 'weak'` trains on it). */
	predictWeak(): Float32Array;
}

/** What a rule decided for one batch. */
export interface UnlabeledChoice {
	/** Which positions are used (mask), their hard pseudo-labels, confidences and per-class counts. */
	decision: ConfidenceMask;
	/** Loss weight of each used row (the step's labeled rows weigh 1/B each). */
	weight: number;
	/** The pixels a used row trains on: the plain image, the weak view predicted on, or a fresh strong view. */
	view: 'plain' | 'weak' | 'strong';
	/** Soft targets, classes per position (all positions, used or not); without them the target is one-hot. */
	targets?: Float32Array;
}

/** The live numbers a rule adds to its epoch's `pseudo-labels` event. */
export interface RuleSignals {
	/** The threshold it reports (0: none). */
	threshold: number;
	/** Lee 2013: the current weight α. */
	alpha?: number;
	/** FlexMatch: every class's current threshold. */
	classThresholds?: number[];
}

export interface UnlabeledRule {
	label(batch: UnlabeledBatch): UnlabeledChoice;
	/** Read after each epoch-equivalent. */
	signals(): RuleSignals;
}

/** What a rule is made from: the contender's settings and the sizes of this run. */
export interface RuleSetup {
	config: RunConfig;
	/** Pool size: rules keeping per-image state size it by this. */
	poolSize: number;
	classes: number;
	/** U: unlabeled images per step. */
	unlabeledBatch: number;
}

export type RuleFactory = (setup: RuleSetup) => UnlabeledRule;
