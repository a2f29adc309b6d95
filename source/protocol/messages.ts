/** The worker boundary contract: every message between the race orchestrator and a training worker. */
import type {RunConfig} from '../config/run-config.js';

export type RunName = 'supervised' | 'semi';
export type BackendName = 'node' | 'wasm' | 'cpu';
export type Phase = 'starting' | 'warm-up' | 'training' | 'labeling' | 'retraining' | 'done' | 'error';

/**
 * Image data: uint8 pixels, row-major, one image after another. Worker threads get SharedArrayBuffers (one copy for
 * both runs); child processes (the tfjs-node backend) get their own ArrayBuffer copies.
 */
export interface SharedDataset {
	name: string;
	rows: number;
	cols: number;
	trainImages: ArrayBufferLike;
	trainLabels: ArrayBufferLike;
	testImages: ArrayBufferLike;
	testLabels: ArrayBufferLike;
	trainCount: number;
	testCount: number;
}

/** The split, decided once on the main thread so both runs see the same labeled set. */
export interface SplitIndices {
	labeled: Int32Array;
	pool: Int32Array;
}

/** Sent once to a freshly spawned worker. */
export interface StartMessage {
	type: 'start';
	run: RunName;
	config: RunConfig;
	backend: BackendName;
	dataset: SharedDataset;
	split: SplitIndices;
	/** Int32 flag: 1 = paused. Workers wait on it between batches, so pause needs no event-loop turn. Absent in child
	 * processes, which are paused with SIGSTOP instead. */
	pauseFlag?: SharedArrayBuffer;
}

export type ToWorker = StartMessage;

/** One image picked to explain a labeling round: its pixels, the model's guess and the hidden truth. */
export interface DigitSample {
	/** 28×28 uint8 pixels. */
	pixels: number[];
	pseudoLabel: number;
	confidence: number;
	trueLabel: number;
	accepted: boolean;
}

export type WorkerEvent =
	| {type: 'ready'; run: RunName; backend: BackendName}
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
			loss: number;
			samplesPerSec: number;
			trainSize: number;
			seconds: number;
	  }
	| {
			type: 'pseudo-labels';
			run: 'semi';
			round: number;
			pool: number;
			accepted: number;
			acceptanceRate: number;
			/** Share of accepted pseudo-labels that match the hidden true label (NaN when none accepted). */
			precision: number;
			perClassAccepted: number[];
			perClassCorrect: number[];
			threshold: number;
			samples: DigitSample[];
			predictPerSec: number;
			augmentPerSec: number;
			/**
			 * 'round': one offline labeling round over the pool; 'online': one epoch-equivalent of an online method,
			 * where `pool` counts the unlabeled images seen, `accepted` those whose pseudo-label was USED (mask 1)
			 * and `acceptanceRate` the share used. Absent means 'round'.
			 */
			kind?: 'round' | 'online';
			/** Lee 2013: the unlabeled loss weight α at the end of the epoch-equivalent. */
			alpha?: number;
			/** FlexMatch: each class's threshold τ_c at the end of the epoch-equivalent. */
			classThresholds?: number[];
	  }
	| {type: 'run-done'; run: RunName; testAccuracy: number; wallSeconds: number; samplesTrained: number}
	| {type: 'error'; run: RunName; message: string};
