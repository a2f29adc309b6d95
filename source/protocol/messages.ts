/**
 * The worker boundary contract: every message between the race orchestrator and its threads and processes (training
 * workers, helper threads, the backend probe). check-messages.ts checks each one as it arrives.
 */
import type {Method} from '../config/methods.js';
import type {RunConfig} from '../config/run-config.js';
import type {DatasetInfo} from '../core/dataset-info.js';
import type {ImagePreparation} from '../core/image-preparation.js';
import type {DigitSample} from '../core/digit-samples.js';
import type {SplitIndices} from '../core/split.js';
import type {TableProfile} from '../core/table-profile.js';
import type {BackendName} from './backends.js';
import type {TeamMemory} from './team-buffer.js';

export type {BackendName};

/** A contender's id, as its preset names it (the tutorial's two: `supervised` and `semi`). */
export type RunName = string;
export type Phase = 'starting' | 'warm-up' | 'training' | 'labeling' | 'retraining' | 'done' | 'error';

/**
 * Image data: uint8 pixels, row-major, one image after another. Worker threads get SharedArrayBuffers (one copy for
 * both runs); child processes (the tfjs-node backend) get their own ArrayBuffer copies.
 */
export interface SharedDataset {
	/** What the samples are (shape, classes, mode): every size and count downstream derives from it. */
	info: DatasetInfo;
	name: string;
	rows: number;
	cols: number;
	trainImages: ArrayBufferLike;
	trainLabels: ArrayBufferLike;
	testImages: ArrayBufferLike;
	testLabels: ArrayBufferLike;
	trainCount: number;
	testCount: number;
	/** The loader's sentences about what it did to the data (data/dataset-source.ts LoadedDataset.notes), shown once. */
	notes?: string[];
	/**
	 * Where each training sample came from (the loader's SampleSet.sources), for the main process's exports; not sent
	 * to workers (race.ts).
	 */
	trainSources?: readonly string[];
	/** Tables: the load's standardisation (data/formats/quantize.ts), for the exported model's manifest. */
	tableScaling?: {mean: number[]; scale: number[]; zRange: number};
	/** Images: how the loader prepared them (core/image-preparation.ts), for the exported model's manifest. */
	imagePreparation?: ImagePreparation;
	/** Tables: the features the sample tiles show and each class's mean row (core/table-profile.ts), chosen at load. */
	tableProfile?: TableProfile;
}

/** The split, decided once on the main thread so every contender sees the same labeled set. */
export type {SplitIndices};

/**
 * Bumped whenever a message's shape changes: a start message carries it, and a worker built from another version of
 * the code refuses to start instead of misreading a field.
 */
// 2: `pseudo-labels` events' carriedOver counts the wrong labels kept with more confidence (moreConfident), and
// online methods send it too.
// 3: the team is a shared WebAssembly.Memory and a helper gets a member slot.
// 4: the team's augment command (helpers augment blocks of images); run-done's teamSteps counts the shared ones.
export const protocolVersion = 5;

/** Sent once to a freshly spawned worker. */
export interface StartMessage {
	type: 'start';
	protocol: typeof protocolVersion;
	run: RunName;
	method: Method;
	config: RunConfig;
	/** Epochs to train: the contender's own plan, or for supervised contenders the longest other contender's. */
	epochs: number;
	backend: BackendName;
	dataset: SharedDataset;
	split: SplitIndices;
	/** Int32 flag: 1 = paused. Workers wait on it between batches, so pause needs no event-loop turn. Absent in child
	 * processes, which are paused with SIGSTOP instead. */
	pauseFlag?: SharedArrayBuffer;
	/**
	 * The contender's team memory (engine/team.ts): when cores are free the orchestrator starts helper threads on it,
	 * and the run shares its steps with them. Absent for child processes and non-wasm backends.
	 */
	team?: TeamMemory;
	/** false: no `final-model` event at the end (nothing will be exported). Absent means send it. */
	finalModel?: boolean;
}

/** The one message a helper thread gets (worker/helper-worker.ts): the team it serves, and the images to share. */
export interface HelperStart {
	type: 'helper-start';
	protocol: typeof protocolVersion;
	team: TeamMemory;
	/** Its member slot in the team (1 …; the lead is 0), never given to another helper of that team. */
	slot: number;
	/** The race's shared train and test images (in this order, as the contender's worker names them). */
	images: ArrayBufferLike[];
}

export type {DigitSample};

/** One live number a method reports with its pseudo-labels; `percent` shows a 0..1 value as a percentage. */
export interface MethodSignal {
	name: string;
	value: number;
	percent?: boolean;
}

/** The backend probe's one answer (source/worker/backend-probe.ts): the backend that started, or why none did. */
export type BackendProbeAnswer = {ok: true; backend: BackendName} | {ok: false; reason: string};

export type WorkerEvent =
	/** `engine`: which implementation trains (engine/model.ts MlpEngine): the direct engine or the tfjs-ops path. */
	| {type: 'ready'; run: RunName; backend: BackendName; engine?: 'direct' | 'tfjs'}
	| {type: 'phase'; run: RunName; phase: Phase; round: number}
	| {
			type: 'progress';
			run: RunName;
			epoch: number;
			/** Fraction of the current epoch done, 0..1. */
			fraction: number;
			samplesPerSec: number;
	  }
	| {
			type: 'epoch';
			run: RunName;
			/** Counts from 1, cumulative over warm-up and rounds. */
			epoch: number;
			phase: Phase;
			round: number;
			testAccuracy: number;
			/** Present when the model gave nearly every test sample one class (core/one-class.ts): which, and what share. */
			oneClass?: {label: number; share: number};
			loss: number;
			samplesPerSec: number;
			trainSize: number;
			seconds: number;
	  }
	| {
			type: 'pseudo-labels';
			run: RunName;
			/**
			 * 'round': one offline labeling round over the pool; 'online': one epoch-equivalent of an online method,
			 * where `pool` counts the unlabeled images seen, `accepted` those whose pseudo-label was USED (mask 1)
			 * and `acceptanceRate` the share used. Absent means 'round'.
			 */
			kind?: 'round' | 'online';
			round: number;
			pool: number;
			accepted: number;
			acceptanceRate: number;
			/** Share of accepted pseudo-labels that match the hidden true label (NaN when none accepted). */
			precision: number;
			perClassAccepted: number[];
			perClassCorrect: number[];
			threshold: number;
			/** Per pseudo-label class, the true digit most often behind its wrong labels and how many (null: none wrong). */
			perClassTopConfusion?: Array<[truth: number, count: number] | null>;
			/**
			 * What became of earlier wrong pseudo-labels: offline, the previous round's, each labeled again this round;
			 * online, each image whose previous draw was used with a wrong label, at its draws this epoch. Fixed (right
			 * now), still wrong (of which moreConfident: surer than before) or dropped (not used now). Absent for the
			 * first round and for a real-mode race, whose pool has no truth.
			 */
			carriedOver?: {wrongBefore: number; fixed: number; stillWrong: number; moreConfident: number; dropped: number};
			/** Lee 2013: the weight α of the pseudo-label loss at the end of this epoch. */
			alpha?: number;
			/** FlexMatch and FreeMatch: each class's threshold τ_c at the end of this epoch. */
			classThresholds?: number[];
			/** A method's own live numbers (Mean Teacher: its teacher's test accuracy), shown as "name value" lines. */
			signals?: MethodSignal[];
			samples: DigitSample[];
			predictPerSec: number;
			augmentPerSec: number;
	  }
	/** The run is now blocked on the pause flag (sent once per pause, so a pause can be awaited, not slept on). */
	| {type: 'paused'; run: RunName}
	| {
			type: 'run-done';
			run: RunName;
			testAccuracy: number;
			wallSeconds: number;
			samplesTrained: number;
			/** Steps shared with helper threads on free cores and taken alone, and the most threads a step had (wasm in threads only). */
			teamSteps?: {shared: number; alone: number; widest?: number; augmentations?: number};
	  }
	/**
	 * Sent just before `run-done` by semi-supervised contenders: the final model's softmax over every pool sample and
	 * its weights, so the main process can export the pseudo-labels and the model (summary/export-*.ts) without tfjs.
	 */
	| FinalModelEvent
	| {type: 'error'; run: RunName; message: string};

export interface FinalModelEvent {
	type: 'final-model';
	run: RunName;
	/** Training-set rows of the pool, in the order of `probabilities`' rows. */
	poolRows: Int32Array;
	/** poolRows.length × K softmax probabilities, row-major. */
	probabilities: Float32Array;
	/** The final model's layer widths (Noisy Student's last student may differ from the contender's first model). */
	shape: {input: number; hidden1: number; hidden2: number; classes: number};
	/** One augmented matrix per layer, outputs × (inputs + 1), row-major (engine/mlp-params.ts). */
	weights: {p1: Float32Array; p2: Float32Array; p3: Float32Array};
}
