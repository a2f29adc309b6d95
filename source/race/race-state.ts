/** The race as the screen and the summaries see it: a pure reducer over race events. */
import type {RunConfig} from '../config/run-config.js';
import type {BackendName, Phase, RunName, WorkerEvent} from '../protocol/messages.js';
import type {DatasetSizes, RaceEvent} from './race-events.js';

export interface EpochPoint {
	epoch: number;
	testAccuracy: number;
	loss: number;
	samplesPerSec: number;
	phase: Phase;
	round: number;
	/** Seconds since the race started when this epoch ended. */
	elapsed: number;
}

type PseudoLabelEvent = Extract<WorkerEvent, {type: 'pseudo-labels'}>;

/** One labeling round as reported by the semi-supervised run, without the throughput figures. */
export type RoundStats = Omit<PseudoLabelEvent, 'type' | 'run' | 'predictPerSec' | 'augmentPerSec'>;

export interface RunState {
	phase: Phase;
	round: number;
	epochs: EpochPoint[];
	/** Epoch in progress (1-based) and the fraction of it done. */
	currentEpoch: number;
	epochFraction: number;
	samplesPerSec: number;
	finalAccuracy?: number;
	wallSeconds?: number;
	samplesTrained?: number;
	error?: string;
}

export interface RaceState {
	preset: string;
	backend?: BackendName;
	dataset?: DatasetSizes;
	config?: RunConfig;
	/** Epoch budget of each run. */
	totalEpochs: number;
	supervised: RunState;
	semi: RunState;
	rounds: RoundStats[];
	/** Milliseconds since the epoch when the race started (set by the orchestrator's clock). */
	startedAt?: number;
	finished: boolean;
	wallSeconds?: number;
}

export function createRunState(): RunState {
	return {phase: 'starting', round: 0, epochs: [], currentEpoch: 0, epochFraction: 0, samplesPerSec: 0};
}

export function createRaceState(preset = 'tutorial'): RaceState {
	return {
		preset,
		totalEpochs: 0,
		supervised: createRunState(),
		semi: createRunState(),
		rounds: [],
		finished: false,
	};
}

function updateRun(state: RaceState, run: RunName, update: (run: RunState) => RunState): RaceState {
	return {...state, [run]: update(state[run])};
}

/** Applies one event. `now` is the wall clock in ms, injected so the reducer stays pure. */
export function reduceRace(state: RaceState, event: RaceEvent, now: number = Date.now()): RaceState {
	switch (event.type) {
		case 'start': {
			const {config} = event;
			return {
				...createRaceState(event.preset),
				backend: event.backend,
				dataset: event.dataset,
				config,
				totalEpochs: config.warmupEpochs + config.rounds * config.epochsPerRound,
				startedAt: now,
			};
		}

		case 'ready':
		case 'paused': {
			return state;
		}

		case 'phase': {
			return updateRun(state, event.run, run => ({...run, phase: event.phase, round: event.round}));
		}

		case 'progress': {
			return updateRun(state, event.run, run => ({
				...run,
				currentEpoch: event.epoch,
				epochFraction: event.fraction,
				samplesPerSec: event.samplesPerSec,
			}));
		}

		case 'epoch': {
			const elapsed = state.startedAt === undefined ? 0 : (now - state.startedAt) / 1000;
			const point: EpochPoint = {
				epoch: event.epoch,
				testAccuracy: event.testAccuracy,
				loss: event.loss,
				samplesPerSec: event.samplesPerSec,
				phase: event.phase,
				round: event.round,
				elapsed,
			};
			return updateRun(state, event.run, run => ({
				...run,
				epochs: [...run.epochs, point],
				currentEpoch: event.epoch,
				epochFraction: 1,
				samplesPerSec: event.samplesPerSec,
			}));
		}

		case 'pseudo-labels': {
			const {type: _type, run: _run, predictPerSec: _p, augmentPerSec: _a, ...stats} = event;
			return {...state, rounds: [...state.rounds.filter(r => r.round !== event.round), stats]};
		}

		case 'run-done': {
			return updateRun(state, event.run, run => ({
				...run,
				phase: 'done',
				finalAccuracy: event.testAccuracy,
				wallSeconds: event.wallSeconds,
				samplesTrained: event.samplesTrained,
			}));
		}

		case 'error': {
			return updateRun(state, event.run, run => ({...run, phase: 'error', error: event.message}));
		}

		case 'done': {
			return {...state, finished: true, wallSeconds: event.wallSeconds};
		}
	}
}

/** Latest test accuracy of a run, or undefined before its first epoch. */
export function latestAccuracy(run: RunState): number | undefined {
	return run.epochs.at(-1)?.testAccuracy;
}
