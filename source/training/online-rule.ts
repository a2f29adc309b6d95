/**
 * The one thing online methods differ in: how a step's unlabeled batch is labeled. The shared loop (run-online.ts)
 * draws the batch, hands it to the method's rule, and trains on what the rule decides: which rows are used, their
 * pseudo-labels (or soft targets), their weight, and which view of the image the loss is taken on.
 */
import type {ConfidenceMask} from '../core/confidence-mask.js';
import type {RunConfig} from '../config/run-config.js';
import type {Mlp} from '../engine/mlp.js';
import type {ModelRequest} from '../methods/method.js';
import type {MethodSignal} from '../protocol/messages.js';
import type {DatasetViews} from './dataset-views.js';

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
	/** Probabilities on the plain images (no dropout, no augmentation), by `model` or another, e.g. a teacher. */
	predictPlain(by?: Mlp): Float32Array;
	/** Probabilities on a weakly augmented view, drawn once per step whoever predicts (`view: 'weak'` trains on it). */
	predictWeak(by?: Mlp): Float32Array;
	/** The batch's images as a view shows them (U × input bytes): the plain images, or the step's one weak view. */
	images(view: 'plain' | 'weak'): Uint8Array;
}

/** What a rule decided for one batch. */
export interface UnlabeledChoice {
	/** Which positions are used (mask), their hard pseudo-labels, confidences and per-class counts. */
	decision: ConfidenceMask;
	/** Loss weight of each used row (the step's labeled rows weigh 1/B each). */
	weight: number;
	/**
	 * The pixels a used row trains on: the plain image, the weak view predicted on, a second weak view drawn afresh
	 * (two differently noised views, as Mean Teacher's), or a strong view.
	 */
	view: 'plain' | 'weak' | 'fresh-weak' | 'strong';
	/** Soft targets, classes per position (all positions, used or not); without them the target is one-hot. */
	targets?: Float32Array;
	/**
	 * The rule's own inputs, input values per position (all positions, used or not): real-valued pixels on the 0..255
	 * scale that may leave it (VAT's x + r_adv). Used rows train on these instead of a view; `view` then names the
	 * images they were made from ('plain' or 'weak').
	 */
	inputs?: Float32Array;
}

/** The live numbers a rule adds to its epoch's `pseudo-labels` event. */
export interface RuleSignals {
	/** The threshold it reports (0: none). */
	threshold: number;
	/** Lee 2013: the current weight α. */
	alpha?: number;
	/** FlexMatch, FreeMatch: every class's current threshold. */
	classThresholds?: number[];
	/** Any other live numbers (Mean Teacher: teacher and student test accuracy). */
	extra?: MethodSignal[];
}

/** What the loop measured at the end of an epoch-equivalent, for rules that report against it. */
export interface EpochMeasures {
	/** The trained model's test accuracy this epoch. */
	testAccuracy: number;
}

export interface UnlabeledRule {
	label(batch: UnlabeledBatch): UnlabeledChoice;
	/** Called after each step's training, with the model it trained (e.g. to move an EMA teacher towards it). */
	afterStep?(model: Mlp): void;
	/** Read after each epoch-equivalent (after the model's test evaluation). */
	signals(measured?: EpochMeasures): RuleSignals;
	/** Frees what the rule made (models from `createModel`); called once when the loop ends, also on errors. */
	dispose?(): void;
}

/** What a rule is made from: the contender's settings and the sizes of this run. */
export interface RuleSetup {
	config: RunConfig;
	/** Pool size: rules keeping per-image state size it by this. */
	poolSize: number;
	classes: number;
	/** U: unlabeled images per step. */
	unlabeledBatch: number;
	/** The dataset (e.g. to evaluate a teacher on the test images). */
	data: DatasetViews;
	/** A fresh model like the contender's; the rule owns it and frees it in `dispose`. */
	createModel(request: ModelRequest): Mlp;
}

export type RuleFactory = (setup: RuleSetup) => UnlabeledRule;
