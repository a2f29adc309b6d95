/** The race orchestrator: splits the data once, starts both runs side by side, merges their events, stops them cleanly. */
import type {RunConfig} from '../config/run-config.js';
import {stratifiedSplit} from '../core/split.js';
import type {BackendName, RunName, SharedDataset, StartMessage, WorkerEvent} from '../protocol/messages.js';
import type {RaceEvent} from './race-events.js';
import {startRunHost, type Isolation, type RunHost} from './run-host.js';

export interface RaceOptions {
	config: RunConfig;
	preset: string;
	dataset: SharedDataset;
	backend: BackendName;
	onEvent(event: RaceEvent): void;
	/** Thread per run by default; tfjs-node needs a process per run. */
	isolation?: Isolation;
	onOutput?(text: string): void;
	/** The worker script to run; tests substitute a fixture that crashes on purpose. */
	workerScript?: string;
}

export interface RaceOutcome {
	/** True when both runs finished; false when one crashed or the race was cancelled. */
	completed: boolean;
	cancelled: boolean;
	errors: string[];
}

export interface Race {
	readonly paused: boolean;
	pause(): void;
	resume(): void;
	/** Stops both runs; resolves once no thread or process of this race is left. Safe to call many times. */
	cancel(): Promise<void>;
	readonly finished: Promise<RaceOutcome>;
}

const runs: RunName[] = ['supervised', 'semi'];

export function startRace(options: RaceOptions): Race {
	const {config, dataset} = options;
	const started = performance.now();
	const split = stratifiedSplit(new Uint8Array(dataset.trainLabels), config.labeled, config.seed);
	const pauseFlag = new SharedArrayBuffer(4);
	const isolation = options.isolation ?? (options.backend === 'node' ? 'process' : 'thread');
	const accuracies: Partial<Record<RunName, number>> = {};
	const ended = new Set<RunName>();
	const errors: string[] = [];
	let paused = false;
	let cancelled = false;
	let resolveFinished: (outcome: RaceOutcome) => void = () => {};
	const finished = new Promise<RaceOutcome>(resolve => {
		resolveFinished = resolve;
	});

	options.onEvent({
		type: 'start',
		backend: options.backend,
		preset: options.preset,
		config,
		dataset: {
			name: dataset.name,
			train: dataset.trainCount,
			test: dataset.testCount,
			labeled: split.labeled.length,
			unlabeled: split.pool.length,
		},
	});

	const endRun = (run: RunName) => {
		if (ended.has(run) || cancelled) {
			return;
		}

		ended.add(run);
		void hosts.get(run)?.terminate();
		if (ended.size === runs.length) {
			options.onEvent({
				type: 'done',
				supervised: {testAccuracy: accuracies.supervised ?? Number.NaN},
				semi: {testAccuracy: accuracies.semi ?? Number.NaN},
				wallSeconds: (performance.now() - started) / 1000,
			});
			resolveFinished({completed: errors.length === 0, cancelled: false, errors});
		}
	};

	const onWorkerEvent = (run: RunName, event: WorkerEvent) => {
		if (cancelled) {
			return;
		}

		options.onEvent(event);
		if (event.type === 'run-done') {
			accuracies[run] = event.testAccuracy;
			endRun(run);
		} else if (event.type === 'error') {
			errors.push(`${run}: ${event.message}`);
			endRun(run);
		}
	};

	const hosts = new Map<RunName, RunHost>();
	for (const run of runs) {
		const message: StartMessage = {type: 'start', run, config, backend: options.backend, dataset, split, pauseFlag};
		hosts.set(
			run,
			startRunHost(message, isolation, options.workerScript, {
				onEvent: event => onWorkerEvent(run, event),
				onExit(error) {
					if (error) {
						onWorkerEvent(run, {type: 'error', run, message: error});
					}
				},
				onOutput: options.onOutput,
			}),
		);
	}

	let cancelling: Promise<void> | undefined;
	return {
		get paused() {
			return paused;
		},
		pause() {
			paused = true;
			for (const host of hosts.values()) host.pause();
		},
		resume() {
			paused = false;
			for (const host of hosts.values()) host.resume();
		},
		cancel() {
			cancelling ??= (async () => {
				const wasRunning = ended.size < runs.length;
				cancelled = true;
				await Promise.all([...hosts.values()].map(async host => host.terminate()));
				if (wasRunning) {
					resolveFinished({completed: false, cancelled: true, errors});
				}
			})();
			return cancelling;
		},
		finished,
	};
}
