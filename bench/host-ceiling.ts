/**
 * What two threads can gain on this host at all, measured beside the helper (bench.ts `--speed`): one thread takes
 * steps alone, then two threads each take as many on models of their own, at once — free, and meeting after every
 * step as a team's members do. No exchange, no split: the wall-clock ratio is the most a helper could reach here in
 * this run, the host's share of a helped contender's gap to 2× (on a shared VM the other thread's core is never wholly
 * free: hypervisor steal, kernel threads, V8's own helper threads). Steps of half a helped batch's rows: a few ms each,
 * about a member's share of a helped step (which meets the other member three times, where these meet once). Real
 * MNIST rows (mnist-batches.ts); short turns in rotation. In the same rotation the first thread also takes whole
 * batches alone and with a helper thread (the product's, engine/team.ts), so each round sets the helper's ratio
 * beside the ceiling of the same seconds: their quotient is the team's own efficiency, whatever the host does.
 */
import {Worker, isMainThread, parentPort, workerData} from 'node:worker_threads';
import {loadDataset} from '../source/data/load-dataset.js';
import {initBackend} from '../source/engine/backend.js';
import {createDirectModel} from '../source/engine/direct-model.js';
import {mnistShape} from '../source/engine/mlp-params.js';
import {stepAlone} from '../source/engine/split-step.js';
import {wasmHeap} from '../source/engine/wasm-heap.js';
import {createTeam} from '../source/engine/team.js';
import {createTeamBuffer, type TeamMemory} from '../source/protocol/team-buffer.js';
import {startHelperThread} from './engine-throughput.js';
import {yieldToInterface} from '../source/worker/thread-priority.js';
import {mnistStepBatch} from './mnist-batches.js';
import {hundredths, median} from './stats.js';

export interface HostCeiling {
	/** The rows of each thread's steps (half of the helped batch it stands beside). */
	rows: number;
	/** Medians over the rounds of two threads' steps per second over one thread's. */
	free: number;
	lockstep: number;
	/** The lowest and highest round's ratio. */
	freeRange: [number, number];
	lockstepRange: [number, number];
	/** Medians over the rounds of a helped contender's steps per second over alone (whole batches, thread 0). */
	helped: number;
	helpedRange: [number, number];
	/** Median over the rounds of the helped ratio over the lockstep ceiling of the same round. */
	ofCeiling: number;
	/** After the rounds: the helped model's weights the alone one's bit for bit, and its steps shared / alone. */
	check: Check;
}

interface CeilingThread {
	hostCeiling: true;
	index: number;
	rows: number;
	control: SharedArrayBuffer;
	/** Thread 0's team memory, which a helper thread serves (whole batches of 2 × rows). */
	team?: TeamMemory;
}

/**
 * A turn: `steps` steps of `rows` rows alone (thread 0 only), or both threads at once, meeting after every step or
 * not; or whole batches (2 × rows) on thread 0, alone or shared with its helper.
 */
interface Turn {
	mode: 'one' | 'lockstep' | 'free' | 'alone' | 'helped';
	steps: number;
}

/** Thread 0's answer to 'check': whether the helped model's weights are the alone one's, bit for bit, and its steps. */
interface Check {
	same: boolean;
	shared: number;
	alone: number;
}

const spinMs = 0.5;

/** Both threads' arrival at meeting `meeting` (1, 2, …): the last to arrive wakes the other. */
function meet(control: Int32Array, meeting: number): void {
	if (Atomics.add(control, 0, 1) === 2 * meeting - 1) {
		Atomics.store(control, 1, meeting);
		Atomics.notify(control, 1);
		return;
	}

	const started = performance.now();
	while (Atomics.load(control, 1) < meeting) {
		// As team.ts waits: a spin, then a sleep.
		if (performance.now() - started > spinMs) Atomics.wait(control, 1, meeting - 1, 5);
	}
}

/** A thread's loop: each turn it is sent, timed from the turn's first meeting (both threads start together). */
async function serveTurns({index, rows, control: buffer, team: memory}: CeilingThread): Promise<void> {
	// At the training threads' priority, as the race's workers and helpers are.
	yieldToInterface();
	await initBackend('wasm');
	const dataset = await loadDataset();
	const {kernels} = wasmHeap()!;
	const model = createDirectModel(mnistShape, 5 + index, 0.001, kernels);
	const batches = Array.from({length: 50}, (_, step) => mnistStepBatch(dataset, rows, step));
	const whole = Array.from({length: 50}, (_, step) => mnistStepBatch(dataset, 2 * rows, step));
	// Whole batches alone and with the helper: two models that take the same steps (the same bits either way).
	const team = memory ? createTeam(memory) : undefined;
	const alone = createDirectModel(mnistShape, 7, 0.001, kernels);
	const helped = createDirectModel(mnistShape, 7, 0.001, kernels);
	// V8 and the kernels settle before anything counts; the helper has said it is ready once a step was shared.
	for (let step = 0; step < 50; step++) stepAlone(model, batches[step]!);
	if (team) {
		const started = performance.now();
		for (let step = 0; step < 50 || (team.stats().shared < 20 && performance.now() - started < 30_000); step++) {
			stepAlone(alone, whole[step % whole.length]!);
			team.step(helped, whole[step % whole.length]!);
		}
	}

	const control = new Int32Array(buffer);
	let meetings = 0;
	let at = 0;
	let wholeAt = 0;
	parentPort!.on('message', (message: Turn | 'check') => {
		if (message === 'check') {
			const [a, b] = [alone.weights(), helped.weights()];
			const same = (['p1', 'p2', 'p3'] as const).every(name => Buffer.from(a[name].buffer, a[name].byteOffset, a[name].byteLength).equals(Buffer.from(b[name].buffer, b[name].byteOffset, b[name].byteLength)));
			const {shared, alone: steps} = team?.stats() ?? {shared: 0, alone: 0};
			parentPort!.postMessage({same, shared, alone: steps} satisfies Check);
			return;
		}

		const {mode, steps} = message;
		if (mode === 'lockstep' || mode === 'free') meet(control, ++meetings);
		const started = performance.now();
		if (mode === 'alone' || mode === 'helped') {
			// Both take the same batches in turn, so each turn's rows are the other's.
			const from = wholeAt;
			for (let step = 0; step < steps; step++) {
				const batch = whole[(from + step) % whole.length]!;
				if (mode === 'alone') stepAlone(alone, batch);
				else team!.step(helped, batch);
			}

			if (mode === 'helped') wholeAt += steps;
		} else {
			for (let step = 0; step < steps; step++) {
				stepAlone(model, batches[at++ % batches.length]!);
				if (mode === 'lockstep') meet(control, ++meetings);
			}
		}

		parentPort!.postMessage(performance.now() - started);
	});
	parentPort!.postMessage('ready');
}

/**
 * Turns in rotation — one thread, two meeting every step, two free — each ~`turnMs`, `rounds` times; each round's
 * ratio from its three turns (short turns in turn: the host's speed drifts by a third within a minute here).
 */
export async function measureHostCeiling(helpedBatch: number, rounds = 12, turnMs = 400): Promise<HostCeiling> {
	const rows = helpedBatch / 2;
	const control = new SharedArrayBuffer(8);
	const team = createTeamBuffer();
	const threads = [0, 1].map(index => {
		const data: CeilingThread = {hostCeiling: true, index, rows, control, ...(index === 0 ? {team} : {})};
		return new Worker(new URL(import.meta.url), {workerData: data});
	});
	// The product's helper thread, serving thread 0's team (it waits, using no core, through the other turns).
	const helper = startHelperThread(team, 1);
	const next = (worker: Worker) =>
		new Promise<unknown>((resolve, reject) => {
			const failed = (error: Error) => reject(error);
			worker.once('error', failed);
			worker.once('message', message => {
				worker.off('error', failed);
				resolve(message);
			});
		});
	try {
		await Promise.all(threads.map(async worker => next(worker)));
		const turn = async (mode: Turn['mode'], steps: number) => {
			const running = mode === 'lockstep' || mode === 'free' ? threads : threads.slice(0, 1);
			const walls = running.map(async worker => next(worker) as Promise<number>);
			for (const worker of running) worker.postMessage({mode, steps} satisfies Turn);
			return Math.max(...(await Promise.all(walls)));
		};

		const stepsFor = async (mode: Turn['mode']) => Math.max(20, Math.round((50 * turnMs) / (await turn(mode, 50))));
		const steps = await stepsFor('one');
		const wholeSteps = await stepsFor('alone');
		// The helped model takes the probe's batches too: both models take every batch, so their weights stay equal.
		await turn('helped', 50);
		const free: number[] = [];
		const lockstep: number[] = [];
		const helped: number[] = [];
		for (let round = 0; round < rounds; round++) {
			const one = await turn('one', steps);
			// Two threads take twice the steps: steps per second over one thread's.
			lockstep.push((2 * one) / (await turn('lockstep', steps)));
			free.push((2 * one) / (await turn('free', steps)));
			helped.push((await turn('alone', wholeSteps)) / (await turn('helped', wholeSteps)));
		}

		const checked = next(threads[0]!) as Promise<Check>;
		threads[0]!.postMessage('check');
		const check = await checked;
		const range = (values: number[]): [number, number] => [hundredths(Math.min(...values)), hundredths(Math.max(...values))];
		return {
			rows,
			free: hundredths(median(free)),
			lockstep: hundredths(median(lockstep)),
			freeRange: range(free),
			lockstepRange: range(lockstep),
			helped: hundredths(median(helped)),
			helpedRange: range(helped),
			ofCeiling: hundredths(median(helped.map((ratio, round) => ratio / lockstep[round]!))),
			check,
		};
	} finally {
		for (const worker of [...threads, helper]) void worker.terminate();
	}
}

if (!isMainThread && (workerData as {hostCeiling?: boolean} | undefined)?.hostCeiling) {
	await serveTurns(workerData as CeilingThread);
}
