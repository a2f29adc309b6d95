/** One contender's resolved configuration: the race-wide settings plus its own, as a worker trains with it. */
import {defaultContenderSettings, defaultRaceSettings, type ContenderSettings, type RaceSettings} from './knobs.js';

export type {AugmentationRanges, StrongAugmentation} from './knobs.js';

export type RunConfig = RaceSettings & ContenderSettings;

/** The tutorial's settings: the table's defaults (what bench/ trains with). */
export const defaultRunConfig: RunConfig = {...defaultRaceSettings(), ...defaultContenderSettings()};
