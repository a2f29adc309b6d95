/** Events of a whole race: the workers' events plus the orchestrator's start and done. One stream feeds every sink. */
import type {Method} from '../config/methods.js';
import type {RaceSettings} from '../config/knobs.js';
import type {RunConfig} from '../config/run-config.js';
import type {DatasetInfo} from '../core/dataset-info.js';
import type {BackendName, RunName, WorkerEvent} from '../protocol/messages.js';
import type {ContenderStatus, LifecycleEvent} from './contender-lifecycle.js';

export interface DatasetSizes {
	name: string;
	train: number;
	test: number;
	labeled: number;
	unlabeled: number;
	/** What the samples are (shape, class names, mode), for the panels and texts; absent in events of older races. */
	info?: DatasetInfo;
	/** data/dataset-fingerprint.ts: which bytes the race trained on. */
	fingerprint?: string;
	/** The loader's sentences about what it did to the data (e.g. "features standardised…"), shown once. */
	notes?: string[];
}

/** A contender as the start event announces it: who it is and exactly what it trains with. */
export interface ContenderInfo {
	id: RunName;
	name: string;
	method: Method;
	/** Epochs it will train. */
	epochs: number;
	config: RunConfig;
}

export interface ContenderResult {
	testAccuracy: number;
	status: ContenderStatus;
}

export type RaceEvent =
	| {
			type: 'start';
			backend: BackendName;
			dataset: DatasetSizes;
			race: RaceSettings;
			contenders: ContenderInfo[];
			/** The longest contender's epochs. */
			epochs: number;
			/** Cores the contenders share. */
			cores: number;
			/** The `semi` contender's configuration (else the first one's): the field a two-run race always had. */
			config: RunConfig;
			preset: string;
	  }
	| WorkerEvent
	/** A helper thread started (a core was free) or ended for this contender: it now trains on `threads` cores. */
	| {type: 'helper'; run: RunName; active: boolean; threads: number}
	/**
	 * The orchestrator paused, resumed or stopped the whole race: every contender not yet ended takes this lifecycle
	 * step, in the orchestrator and in the reducer alike (a stopped race's summary says `cancelled`).
	 */
	| {type: 'control'; action: RaceControl}
	| {
			type: 'done';
			/** Each contender's final accuracy (NaN when it did not finish) and how it ended. */
			results: Record<RunName, ContenderResult>;
			/** Kept for the tutorial's two contenders, as before contenders existed. */
			supervised?: {testAccuracy: number};
			semi?: {testAccuracy: number};
			wallSeconds: number;
	  };

/** The lifecycle steps the orchestrator takes for the whole race rather than a worker reporting them. */
export type RaceControl = Extract<LifecycleEvent, 'pause' | 'resume' | 'cancel'>;

export type {RunName};
