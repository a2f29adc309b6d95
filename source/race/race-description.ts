/**
 * What a race is — preset, settings, contenders, cores and data — as its `start` event announces it. Built here once so
 * `--dry-run --json`'s plan line describes a race exactly as the race itself would.
 */
import {availableParallelism} from 'node:os';
import type {RacePlan} from '../config/contenders.js';
import {classCount} from '../core/dataset-info.js';
import {realSplit, stratifiedSplit, type SplitIndices} from '../core/split.js';
import {datasetFingerprint} from '../data/dataset-fingerprint.js';
import type {SharedDataset} from '../protocol/messages.js';
import type {RaceEvent} from './race-events.js';

export type RaceDescription = Omit<Extract<RaceEvent, {type: 'start'}>, 'type' | 'backend'>;

/** Cores the race may keep busy: the asked-for count, else the machine's. */
export function raceCores(cores: number | undefined): number {
	return cores ?? availableParallelism();
}

/** Simulation hides all but `labeled` labels; real data says itself which samples have one, and all of them are used. */
export function raceSplit(plan: RacePlan, dataset: SharedDataset): SplitIndices {
	const labels = new Uint8Array(dataset.trainLabels);
	return dataset.info.mode === 'real' ? realSplit(labels) : stratifiedSplit(labels, plan.race.labeled, plan.race.seed, classCount(dataset.info));
}

export function describeRace(options: {plan: RacePlan; preset: string; dataset: SharedDataset; split: SplitIndices; cores: number}): RaceDescription {
	const {plan, dataset, split} = options;
	const semi = plan.contenders.find(contender => contender.id === 'semi') ?? plan.contenders[0]!;
	return {
		preset: options.preset,
		race: plan.race,
		contenders: plan.contenders.map(({id, name, method, epochs, config}) => ({id, name, method, epochs, config})),
		epochs: plan.epochs,
		cores: options.cores,
		config: semi.config,
		dataset: {
			name: dataset.name,
			train: dataset.trainCount,
			test: dataset.testCount,
			labeled: split.labeled.length,
			unlabeled: split.pool.length,
			info: dataset.info,
			fingerprint: datasetFingerprint(dataset),
			...(dataset.notes === undefined || dataset.notes.length === 0 ? {} : {notes: dataset.notes}),
		},
	};
}
