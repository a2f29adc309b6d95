/** One contender's resolved configuration: the race-wide settings plus its own, as a worker trains with it. */
import {
	defaultContenderSettings,
	defaultRaceSettings,
	type ContenderSettings,
	type RaceSettings,
} from './knobs.js';

export type {AugmentationRanges, StrongAugmentation} from './knobs.js';

export type RunConfig = RaceSettings & ContenderSettings;

/** The tutorial's settings: the table's defaults. */
export const defaultRunConfig: RunConfig = {...defaultRaceSettings(), ...defaultContenderSettings()};

/** Epochs an offline pseudo-labeling run trains: warm-up plus every round's retraining. */
export function totalEpochs(config: RunConfig): number {
	return config.warmupEpochs + config.rounds * config.epochsPerRound;
}
