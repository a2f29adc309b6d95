/** The race orchestrator: splits the data once, starts every contender side by side, merges their events, stops them cleanly. */
import type {RacePlan} from '../config/contenders.js';
import {runsInProcess} from '../protocol/backends.js';
import {protocolVersion, type BackendName, type RunName, type SharedDataset, type StartMessage, type WorkerEvent} from '../protocol/messages.js';
import {initialLifecycle, isTerminal, transition, type Lifecycle, type LifecycleEvent} from './contender-lifecycle.js';
import type {ContenderResult, RaceControl, RaceEvent} from './race-events.js';
import {describeRace, raceCores, raceSplit} from './race-description.js';
import {startHelper, type Helper} from './helper-host.js';
import {startRunHost, type Isolation, type RunHost} from './run-host.js';
import {createTeamBuffer, maxTeamMembers, type TeamMemory} from '../protocol/team-buffer.js';
import {withoutTruth} from './without-truth.js';

export interface RaceOptions {
	plan: RacePlan;
	preset: string;
	dataset: SharedDataset;
	backend: BackendName;
	onEvent(event: RaceEvent): void;
	/** Thread per contender by default; tfjs-node needs a process per contender. */
	isolation?: Isolation;
	onOutput?(text: string): void;
	/** The worker script to run; tests substitute a fixture that crashes on purpose. */
	workerScript?: string;
	/** The helper threads' script; tests substitute one whose helpers die mid-run. */
	helperScript?: string;
	/**
	 * Cores the race may keep busy; when fewer contenders train, helper threads share contenders' steps
	 * (engine/team.ts), the free cores dealt out evenly. The machine's count by default; 0 or 1 turns helpers off.
	 * Only for wasm in threads.
	 */
	cores?: number;
	/**
	 * Semi-supervised contenders send their final model and pool predictions at the end (for the exports); false
	 * spares that last prediction over the pool when nothing will be exported (`--no-save`, `--no-export`).
	 */
	finalModels?: boolean;
}

export interface RaceOutcome {
	/** True when every contender finished; false when one failed or the race was cancelled. */
	completed: boolean;
	cancelled: boolean;
	errors: string[];
}

export interface Race {
	readonly paused: boolean;
	pause(): void;
	resume(): void;
	/** Stops every contender; resolves once no thread or process of this race is left. Safe to call many times. */
	cancel(): Promise<void>;
	readonly finished: Promise<RaceOutcome>;
}

export function startRace(options: RaceOptions): Race {
	const {plan, dataset} = options;
	const started = performance.now();
	let pausedMs = 0;
	let pausedSince: number | undefined;
	/** Seconds since the start, paused time left out. */
	const activeSeconds = () => (performance.now() - started - pausedMs - (pausedSince === undefined ? 0 : performance.now() - pausedSince)) / 1000;
	const real = dataset.info.mode === 'real';
	const split = raceSplit(plan, dataset);
	const pauseFlag = new SharedArrayBuffer(4);
	const isolation = options.isolation ?? (runsInProcess(options.backend) ? 'process' : 'thread');
	const lives = new Map<RunName, Lifecycle>(plan.contenders.map(contender => [contender.id, initialLifecycle]));
	const accuracies = new Map<RunName, number>();
	const errors: string[] = [];
	let paused = false;
	let cancelled = false;
	let resolveFinished: (outcome: RaceOutcome) => void = () => {};
	const finished = new Promise<RaceOutcome>(resolve => {
		resolveFinished = resolve;
	});
	const hosts = new Map<RunName, RunHost>();
	const cores = raceCores(options.cores);
	const teamwork = isolation === 'thread' && options.backend === 'wasm' && cores > 1;
	const teams = new Map<RunName, TeamMemory>(teamwork ? plan.contenders.map(contender => [contender.id, createTeamBuffer()]) : []);
	/** Each contender's live helpers, and the next member slot of its team (slots are never reused in a race). */
	const helpers = new Map<RunName, Helper[]>();
	const nextSlot = new Map<RunName, number>();
	const helperCount = () => [...helpers.values()].reduce((sum, list) => sum + list.length, 0);

	options.onEvent({type: 'start', backend: options.backend, ...describeRace({plan, preset: options.preset, dataset, split, cores})});

	const allEnded = () => [...lives.values()].every(life => isTerminal(life.status));

	const apply = (run: RunName, event: LifecycleEvent) => {
		const before = lives.get(run)!;
		const after = transition(before, event);
		lives.set(run, after);
		if (isTerminal(after.status) && !isTerminal(before.status)) {
			// A finished contender frees its thread (and its share of the cores) at once, and its helpers'.
			void hosts.get(run)?.terminate();
			if (helpers.has(run)) {
				for (const helper of helpers.get(run)!) void helper.terminate();
				helpers.delete(run);
				options.onEvent({type: 'helper', run, active: false, threads: 1});
			}

			if (!cancelled && allEnded()) finish();
			else rebalance();
		}
	};

	/**
	 * While fewer threads train than there are cores, gives a helper thread to the live contender with the fewest
	 * threads (plan order among equals): the cores are shared out as evenly as the contenders allow, and a finished
	 * contender's cores (its own thread and its helpers') go to those still training.
	 */
	const rebalance = () => {
		if (cancelled || !teamwork) return;
		const live = plan.contenders.filter(contender => !isTerminal(lives.get(contender.id)!.status));
		const threads = (run: RunName) => 1 + (helpers.get(run)?.length ?? 0);
		let busy = live.length + helperCount();
		while (busy < cores) {
			const open = live.filter(contender => (nextSlot.get(contender.id) ?? 1) < maxTeamMembers);
			if (open.length === 0) break;
			const contender = open.reduce((best, next) => (threads(next.id) < threads(best.id) ? next : best));
			const run = contender.id;
			const slot = nextSlot.get(run) ?? 1;
			nextSlot.set(run, slot + 1);
			const team = teams.get(run)!;
			const images = [dataset.trainImages, dataset.testImages];
			const helper = startHelper({team, slot, images, script: options.helperScript, onOutput: options.onOutput}, () => {
				// A helper that ends before its contender (it failed): the contender goes on without it, and the core
				// it held goes to whoever has the fewest threads again.
				const list = helpers.get(run);
				if (!list?.includes(helper)) return;
				list.splice(list.indexOf(helper), 1);
				options.onEvent({type: 'helper', run, active: list.length > 0, threads: threads(run)});
				rebalance();
			});
			helpers.set(run, [...(helpers.get(run) ?? []), helper]);
			options.onEvent({type: 'helper', run, active: true, threads: threads(run)});
			busy++;
		}
	};

	const finish = () => {
		const results: Record<RunName, ContenderResult> = {};
		for (const [run, life] of lives) {
			results[run] = {testAccuracy: accuracies.get(run) ?? Number.NaN, status: life.status};
		}

		const legacy = (run: string) => (lives.has(run) ? {[run]: {testAccuracy: results[run]!.testAccuracy}} : {});
		options.onEvent({
			type: 'done',
			results,
			...legacy('supervised'),
			...legacy('semi'),
			wallSeconds: activeSeconds(),
		});
		resolveFinished({completed: errors.length === 0, cancelled: false, errors});
	};

	const onWorkerEvent = (run: RunName, event: WorkerEvent) => {
		if (cancelled || isTerminal(lives.get(run)!.status)) {
			return;
		}

		options.onEvent(real && event.type === 'pseudo-labels' ? withoutTruth(event) : event);
		if (event.type === 'ready') {
			apply(run, 'ready');
		} else if (event.type === 'run-done') {
			accuracies.set(run, event.testAccuracy);
			apply(run, 'finish');
		} else if (event.type === 'error') {
			errors.push(`${run}: ${event.message}`);
			apply(run, 'crash');
		}
	};

	// Workers never read where samples came from (the main process's exports do): 70,000 names of MNIST's images
	// need not be cloned into every worker.
	const {trainSources: _sources, ...workerDataset} = dataset;
	for (const contender of plan.contenders) {
		const run = contender.id;
		const message: StartMessage = {
			type: 'start',
			protocol: protocolVersion,
			run,
			method: contender.method,
			config: contender.config,
			epochs: contender.epochs,
			backend: options.backend,
			dataset: workerDataset,
			split,
			pauseFlag,
			team: teams.get(run),
			...(options.finalModels === false ? {finalModel: false} : {}),
		};
		hosts.set(
			run,
			startRunHost(message, {
				isolation,
				script: options.workerScript,
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

	rebalance();

	/** A race-wide lifecycle step: the orchestrator's map and (through the event) the reducer take the same one. */
	const control = (action: RaceControl) => {
		for (const [run, life] of lives) lives.set(run, transition(life, action));
		options.onEvent({type: 'control', action});
	};

	let cancelling: Promise<void> | undefined;
	const setPaused = (value: boolean) => {
		// The race's time leaves its pauses out, as the dashboard's clock does ("finished 0:52" after a 30 s pause read
		// as slow training).
		if (value && pausedSince === undefined) pausedSince = performance.now();
		if (!value && pausedSince !== undefined) {
			pausedMs += performance.now() - pausedSince;
			pausedSince = undefined;
		}

		paused = value;
		if (cancelled || allEnded()) return;
		for (const [run, host] of hosts) {
			if (isTerminal(lives.get(run)!.status)) continue;
			if (value) host.pause();
			else host.resume();
		}

		control(value ? 'pause' : 'resume');
	};

	return {
		get paused() {
			return paused;
		},
		pause: () => setPaused(true),
		resume: () => setPaused(false),
		cancel() {
			cancelling ??= (async () => {
				const wasRunning = !allEnded();
				cancelled = true;
				// Before any thread is stopped, so the state a partial summary is saved from already says `cancelled`.
				if (wasRunning) control('cancel');
				await Promise.all([...hosts.values(), ...[...helpers.values()].flat()].map(async host => host.terminate()));
				if (wasRunning) {
					resolveFinished({completed: false, cancelled: true, errors});
				}
			})();
			return cancelling;
		},
		finished,
	};
}
