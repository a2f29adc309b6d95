/** A race built the way the app builds it: events through the real reducer, with a fake clock. */
import {defaultRunConfig, totalEpochs, type RunConfig} from '../../source/config/run-config.js';
import type {RaceEvent} from '../../source/race/race-events.js';
import {createRaceState, reduceRace, type RaceState} from '../../source/race/race-state.js';

export interface FixtureOptions {
	config?: RunConfig;
	preset?: string;
	/** Stop after this many epochs of each run (a partial race). */
	stopAfter?: number;
	startedAt?: number;
}

/** Accuracy after `epoch`: rises towards a ceiling; semi pulls ahead once pseudo-labels arrive. */
function accuracy(run: 'supervised' | 'semi', epoch: number, warmup: number): number {
	const base = 0.8 + 0.09 * (1 - Math.exp(-epoch / 4));
	return run === 'semi' && epoch > warmup ? base + 0.004 * (epoch - warmup) : base;
}

/** Every event of a race with the given config, in the order the orchestrator would emit them. */
export function raceEvents(options: FixtureOptions = {}): RaceEvent[] {
	const config = options.config ?? defaultRunConfig;
	const total = totalEpochs(config);
	const last = Math.min(total, options.stopAfter ?? total);
	const events: RaceEvent[] = [
		{
			type: 'start',
			backend: 'wasm',
			preset: options.preset ?? 'tutorial',
			config,
			dataset: {name: 'MNIST', train: 60_000, test: 10_000, labeled: config.labeled, unlabeled: 60_000 - config.labeled},
		},
		{type: 'ready', run: 'supervised', backend: 'wasm'},
		{type: 'ready', run: 'semi', backend: 'wasm'},
	];
	for (let epoch = 1; epoch <= last; epoch++) {
		for (const run of ['supervised', 'semi'] as const) {
			const round = run === 'semi' && epoch > config.warmupEpochs ? Math.ceil((epoch - config.warmupEpochs) / config.epochsPerRound) : 0;
			const isRoundStart = run === 'semi' && round > 0 && (epoch - config.warmupEpochs - 1) % config.epochsPerRound === 0;
			if (isRoundStart) {
				const pool = 60_000 - config.labeled;
				const accepted = Math.round(pool * (0.8 + 0.02 * round));
				events.push({
					type: 'pseudo-labels',
					run: 'semi',
					round,
					pool,
					accepted,
					acceptanceRate: accepted / pool,
					precision: 0.97 + 0.002 * round,
					perClassAccepted: Array.from({length: 10}, () => Math.round(accepted / 10)),
					perClassCorrect: Array.from({length: 10}, () => Math.round((accepted / 10) * 0.97)),
					threshold: config.threshold,
					samples: [{pixels: Array.from({length: 784}, () => 0), pseudoLabel: 3, confidence: 0.93, trueLabel: 3, accepted: true}],
					predictPerSec: 50_000,
					augmentPerSec: 20_000,
				});
			}

			events.push(
				{type: 'progress', run, epoch, fraction: 0.5, samplesPerSec: 9000},
				{
					type: 'epoch',
					run,
					epoch,
					phase: round === 0 ? (run === 'semi' ? 'warm-up' : 'training') : 'retraining',
					round,
					testAccuracy: accuracy(run, epoch, config.warmupEpochs),
					loss: 1 / epoch,
					samplesPerSec: run === 'semi' ? 8000 : 10_000,
					trainSize: config.labeled,
					seconds: 0.5,
				},
			);
		}
	}

	if (last === total) {
		for (const run of ['supervised', 'semi'] as const) {
			events.push({
				type: 'run-done',
				run,
				testAccuracy: accuracy(run, total, config.warmupEpochs),
				wallSeconds: total * 0.5,
				samplesTrained: total * 5000,
			});
		}

		events.push({
			type: 'done',
			supervised: {testAccuracy: accuracy('supervised', total, config.warmupEpochs)},
			semi: {testAccuracy: accuracy('semi', total, config.warmupEpochs)},
			wallSeconds: total * 0.5 + 1,
		});
	}

	return events;
}

/** The state after all of `raceEvents(options)`, one simulated second per event. */
export function raceState(options: FixtureOptions = {}): RaceState {
	const startedAt = options.startedAt ?? Date.UTC(2026, 10, 24, 12, 0, 0);
	return raceEvents(options).reduce(
		(state, event, index) => reduceRace(state, event, startedAt + index * 1000),
		createRaceState(),
	);
}
