/** The race as the screen and the summaries see it: a pure reducer over race events, one entry per contender. */
import {baselineAmong} from '../config/contenders.js';
import type {Method} from '../config/methods.js';
import type {RaceSettings} from '../config/knobs.js';
import type {RunConfig} from '../config/run-config.js';
import type {BackendName, FinalModelEvent, Phase, RunName, WorkerEvent} from '../protocol/messages.js';
import {initialLifecycle, transition, type Lifecycle} from './contender-lifecycle.js';
import type {DatasetSizes, RaceEvent} from './race-events.js';

export interface EpochPoint {
	epoch: number;
	testAccuracy: number;
	/** The class the model gave nearly every test sample, when it collapsed to one (core/one-class.ts). */
	oneClass?: {label: number; share: number};
	loss: number;
	samplesPerSec: number;
	phase: Phase;
	round: number;
	/** Seconds since the race started when this epoch ended. */
	elapsed: number;
	/** Images this epoch trained on (1,000 labeled for supervised, about the pool for an online method): the work axis. */
	trainSize: number;
}

type PseudoLabelEvent = Extract<WorkerEvent, {type: 'pseudo-labels'}>;

/** One labeling round (offline) or one epoch of online labeling, without the throughput figures. */
export type RoundStats = Omit<PseudoLabelEvent, 'type' | 'run' | 'predictPerSec' | 'augmentPerSec'>;

export interface ContenderState {
	id: RunName;
	name: string;
	method: Method;
	config?: RunConfig;
	/** Epoch budget. */
	plannedEpochs: number;
	life: Lifecycle;
	phase: Phase;
	round: number;
	epochs: EpochPoint[];
	/** Epoch in progress (1-based) and the fraction of it done. */
	currentEpoch: number;
	epochFraction: number;
	samplesPerSec: number;
	rounds: RoundStats[];
	finalAccuracy?: number;
	wallSeconds?: number;
	samplesTrained?: number;
	error?: string;
	/** Helper threads share its steps: it trains on this many cores (absent or 1: its own thread alone). */
	threads?: number;
	/** Which implementation trains it (the worker's ready event). */
	engine?: 'direct' | 'tfjs';
	/** Semi-supervised contenders' last word before run-done: pool predictions and weights, for the exports. */
	finalModel?: Omit<FinalModelEvent, 'type' | 'run'>;
}

export interface RaceState {
	preset: string;
	backend?: BackendName;
	dataset?: DatasetSizes;
	race?: RaceSettings;
	/** Cores the contenders share. */
	cores?: number;
	/** The longest contender's epoch budget: the chart's x range. */
	totalEpochs: number;
	contenders: ContenderState[];
	/** Milliseconds since the epoch when the race started (set by the orchestrator's clock). */
	startedAt?: number;
	/** Milliseconds the race spent paused before its current pause, and when that pause began (raceSeconds). */
	pausedMs?: number;
	pausedAt?: number;
	finished: boolean;
	wallSeconds?: number;
}

/** Seconds the race has trained at `now`: since it started, its pauses left out (the done event's wallSeconds once it ended). */
export function raceSeconds(state: RaceState, now: number): number | undefined {
	if (state.wallSeconds !== undefined) return state.wallSeconds;
	if (state.startedAt === undefined) return undefined;
	const paused = (state.pausedMs ?? 0) + (state.pausedAt === undefined ? 0 : now - state.pausedAt);
	return Math.max(0, (now - state.startedAt - paused) / 1000);
}

export function createContenderState(id: RunName, name: string, method: Method, plannedEpochs = 0): ContenderState {
	return {
		id,
		name,
		method,
		plannedEpochs,
		life: initialLifecycle,
		phase: 'starting',
		round: 0,
		epochs: [],
		currentEpoch: 0,
		epochFraction: 0,
		samplesPerSec: 0,
		rounds: [],
	};
}

export function createRaceState(preset = 'tutorial'): RaceState {
	return {preset, totalEpochs: 0, contenders: [], finished: false};
}

function updateContender(state: RaceState, run: RunName, update: (contender: ContenderState) => ContenderState): RaceState {
	const index = state.contenders.findIndex(contender => contender.id === run);
	if (index === -1) return state;
	const contenders = [...state.contenders];
	contenders[index] = update(contenders[index]!);
	return {...state, contenders};
}

/** Applies one event. `now` is the wall clock in ms, injected so the reducer stays pure. */
export function reduceRace(state: RaceState, event: RaceEvent, now: number = Date.now()): RaceState {
	switch (event.type) {
		case 'start': {
			return {
				...createRaceState(event.preset),
				backend: event.backend,
				dataset: event.dataset,
				race: event.race,
				cores: event.cores,
				totalEpochs: event.epochs,
				contenders: event.contenders.map(info => ({
					...createContenderState(info.id, info.name, info.method, info.epochs),
					config: info.config,
				})),
				startedAt: now,
			};
		}

		case 'ready': {
			return updateContender(state, event.run, contender => ({
				...contender,
				life: transition(contender.life, 'ready'),
				...(event.engine === undefined ? {} : {engine: event.engine}),
			}));
		}

		// The worker's acknowledgement that it is holding between batches; the session already shows PAUSED.
		case 'paused': {
			return state;
		}

		// Pause, resume and stop reach every contender; one that already ended keeps its status (transition absorbs).
		case 'control': {
			const contenders = state.contenders.map(contender => ({...contender, life: transition(contender.life, event.action)}));
			if (event.action === 'pause' && state.pausedAt === undefined) return {...state, contenders, pausedAt: now};
			if (event.action === 'resume' && state.pausedAt !== undefined) {
				const {pausedAt, ...rest} = state;
				return {...rest, contenders, pausedMs: (state.pausedMs ?? 0) + Math.max(0, now - pausedAt)};
			}

			return {...state, contenders};
		}

		case 'helper': {
			return updateContender(state, event.run, contender => ({...contender, threads: event.threads}));
		}

		case 'phase': {
			return updateContender(state, event.run, contender => ({...contender, phase: event.phase, round: event.round}));
		}

		case 'progress': {
			return updateContender(state, event.run, contender => ({
				...contender,
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
				...(event.oneClass === undefined ? {} : {oneClass: event.oneClass}),
				loss: event.loss,
				samplesPerSec: event.samplesPerSec,
				phase: event.phase,
				round: event.round,
				elapsed,
				trainSize: event.trainSize,
			};
			return updateContender(state, event.run, contender => ({
				...contender,
				epochs: [...contender.epochs, point],
				currentEpoch: event.epoch,
				epochFraction: 1,
				samplesPerSec: event.samplesPerSec,
			}));
		}

		case 'pseudo-labels': {
			const {type: _type, run: _run, predictPerSec: _p, augmentPerSec: _a, ...stats} = event;
			return updateContender(state, event.run, contender => ({
				...contender,
				rounds: [...contender.rounds.filter(round => round.round !== event.round), stats],
			}));
		}

		case 'final-model': {
			const {type: _type, run: _run, ...finalModel} = event;
			return updateContender(state, event.run, contender => ({...contender, finalModel}));
		}

		case 'run-done': {
			return updateContender(state, event.run, contender => ({
				...contender,
				life: transition(contender.life, 'finish'),
				phase: 'done',
				finalAccuracy: event.testAccuracy,
				wallSeconds: event.wallSeconds,
				samplesTrained: event.samplesTrained,
			}));
		}

		case 'error': {
			return updateContender(state, event.run, contender => ({
				...contender,
				life: transition(contender.life, 'crash'),
				phase: 'error',
				error: event.message,
			}));
		}

		case 'done': {
			return {...state, finished: true, wallSeconds: event.wallSeconds};
		}
	}
}

/** Latest test accuracy of a contender, or undefined before its first epoch. */
export function latestAccuracy(contender: ContenderState): number | undefined {
	return contender.epochs.at(-1)?.testAccuracy;
}

/** The baseline the others are measured against: the contender `supervised`, else the first supervised one. */
export function baselineOf(state: Pick<RaceState, 'contenders'>): ContenderState | undefined {
	return baselineAmong(state.contenders);
}
