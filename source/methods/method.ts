/**
 * What a method file exports (source/methods/<name>.ts) and what its training loop gets. Everything that names or
 * explains methods — the method list, `--help`, `?`, the panels' rule texts, headless lines, the worker's dispatch —
 * reads these definitions, so a new method is its own file plus one line in registry.ts.
 */
import type {ParallelAugment} from '../core/augment-job.js';
import type {KnobName} from '../config/knobs.js';
import type {RunConfig} from '../config/run-config.js';
import type {Mlp} from '../engine/mlp.js';
import type {RunName, SplitIndices} from '../protocol/messages.js';
import type {DatasetViews} from '../training/dataset-views.js';
import type {RunContext} from '../training/event-sink.js';

/** Baselines never label; offline methods label the pool in rounds; online methods label every unlabeled batch. */
export type MethodKind = 'baseline' | 'offline' | 'online';

/** A model the loop asks for beyond the contender's own: its seed and, when it differs, its hidden widths. */
export interface ModelRequest {
	seed: number;
	hidden?: readonly number[];
}

/**
 * Everything one contender's training loop gets. Ownership is explicit: `model` belongs to the caller, who disposes
 * it after `run` returns (a loop never disposes it); every model a loop makes with `createModel` belongs to the loop,
 * which disposes it before returning.
 */
export interface MethodContext extends RunContext {
	/** The contender's model, initialised from the race's seed: every contender starts from the same weights. */
	model: Mlp;
	/** A fresh model with the contender's learning rate, dropout and the dataset's input and class count. */
	createModel(request: ModelRequest): Mlp;
	/**
	 * Names the model that is the run's result when it is not `model` (Noisy Student's latest student): the one whose
	 * pool predictions and weights are exported at run-done. Auxiliary models (Mean Teacher's teacher) are never named.
	 */
	resultModel?(model: Mlp): void;
	data: DatasetViews;
	split: SplitIndices;
	config: RunConfig;
	/** The contender's id: every event it emits names it. */
	run: RunName;
	/** Epochs to train: the plan's own, or for a supervised contender the longest other contender's. */
	epochs: number;
	/** The contender's helper threads for augmenting images (engine/team.ts), when it trains on the wasm engine. */
	parallel?: ParallelAugment;
}

/** The names of a method's own knob declarations, for its `knobs` field. */
export function knobNames<Knobs extends Record<string, unknown>>(knobs: Knobs): Array<keyof Knobs & string> {
	return Object.keys(knobs) as Array<keyof Knobs & string>;
}

export interface MethodDefinition<Name extends string = string> {
	/** The name presets, flags and events use. */
	name: Name;
	/** Short label for legends, tables and `?`. */
	label: string;
	kind: MethodKind;
	/** One or two plain sentences for `?`: the mechanism (what it does with unlabeled images), never a prediction. */
	explain: string;
	/** This method's defaults that differ from the settings table's, applied before the preset's own values. */
	defaults: Partial<Record<KnobName, number | boolean>>;
	/** The knobs only this method reads, declared in its file and spread into the settings table by the registry. */
	knobs: readonly KnobName[];
	/** How it picks pseudo-labels, in a few words for the dashboard: "≥ 95% sure", "every guess, α → 3". */
	ruleText(config: RunConfig): string;
	/** The settings that tell its contenders apart, for headless lines: ["τ 0.95"], ["threshold 0.8"]. */
	keySettings(config: RunConfig): string[];
	/** Trains the contender, emitting its events; returns when the run is done. */
	run(context: MethodContext): void;
}
