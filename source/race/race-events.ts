/** Events of a whole race: the workers' events plus the orchestrator's start and done. One stream feeds every sink. */
import type {RunConfig} from '../config/run-config.js';
import type {BackendName, RunName, WorkerEvent} from '../protocol/messages.js';

export interface DatasetSizes {
	name: string;
	train: number;
	test: number;
	labeled: number;
	unlabeled: number;
}

export interface RunResult {
	testAccuracy: number;
	wallSeconds: number;
	samplesTrained: number;
}

export type RaceEvent =
	| {type: 'start'; backend: BackendName; dataset: DatasetSizes; config: RunConfig; preset: string}
	| WorkerEvent
	| {
			type: 'done';
			supervised: {testAccuracy: number};
			semi: {testAccuracy: number};
			wallSeconds: number;
	  };

export type {RunName};
