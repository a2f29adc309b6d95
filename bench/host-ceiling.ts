/**
 * What two threads can gain on this host at all, measured beside the helper (bench.ts `--speed`): one thread takes
 * steps alone, then two threads each take as many on models of their own, at once — free, and meeting after every
 * step as a team's members do. No exchange, no split: the wall-clock ratio is the most a helper could reach here in
 * this run, the host's share of a helped contender's gap to 2× (on a shared VM the other thread's core is never wholly
 * free: hypervisor steal, kernel threads, V8's own helper threads). Steps of half a helped batch's rows: a few ms each,
 * about a member's share of a helped step (which meets the other member three times, where these meet once). Real
 * MNIST rows (mnist-batches.ts); short turns in rotation.
 */
import {Worker, isMainThread, parentPort, workerData} from 'node:worker_threads';
import {loadDataset} from '../source/data/load-dataset.js';
import {initBackend} from '../source/engine/backend.js';
import {createDirectModel} from '../source/engine/direct-model.js';
import {mnistShape} from '../source/engine/mlp-params.js';
import {stepAlone} from '../source/engine/split-step.js';
import {wasmHeap} from '../source/engine/wasm-heap.js';
import {yieldToInterface} from '../source/worker/thread-priority.js';
import {mnistStepBatch} from './mnist-batches.js';

export interface HostCeiling {
	/** The rows of each thread's steps (half of the helped batch it stands beside). */
	rows: number;
	/** Medians over the rounds of two threads' steps per second over one thread's. */
	free: number;
	lockstep: number;
	/** The lowest and highest round's ratio. */
	freeRange: [number, number];
	lockstepRange: [number, number];
}

interface CeilingThread {
	hostCeiling: true;
	index: number;
	rows: number;
	control: SharedArrayBuffer;
}

/** A turn: `steps` steps, alone (thread 0 only), or both threads at once, meeting after every step or not. */
interface Turn {
	mode: 'one' | 'lockstep' | 'free';
	steps: number;
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
async function serveTurns({index, rows, control: buffer}: CeilingThread): Promise<void> {
	// At the training threads' priority, as the race's workers and helpers are.
	yieldToInterface();
	await initBackend('wasm');
	const dataset = await loadDataset();
	const model = createDirectModel(mnistShape, 5 + index, 0.001, wasmHeap()!.kernels);
	const batches = Array.from({length: 50}, (_, step) => mnistStepBatch(dataset, rows, step));
	// V8 and the kernels settle before anything counts.
	for (let step = 0; step < 50; step++) stepAlone(model, batches[step]!);
	const control = new Int32Array(buffer);
	let meetings = 0;
	let at = 0;
	parentPort!.on('message', ({mode, steps}: Turn) => {
		if (mode !== 'one') meet(control, ++meetings);
		const started = performance.now();
		for (let step = 0; step < steps; step++) {
			stepAlone(model, batches[at++ % batches.length]!);
			if (mode === 'lockstep') meet(control, ++meetings);
		}

		parentPort!.postMessage(performance.now() - started);
	});
	parentPort!.postMessage('ready');
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const hundredths = (value: number) => Math.round(value * 100) / 100;

/**
 * Turns in rotation — one thread, two meeting every step, two free — each ~`turnMs`, `rounds` times; each round's
 * ratio from its three turns (short turns in turn: the host's speed drifts by a third within a minute here).
 */
export async function measureHostCeiling(helpedBatch: number, rounds = 12, turnMs = 400): Promise<HostCeiling> {
	const rows = helpedBatch / 2;
	const control = new SharedArrayBuffer(8);
	const threads = [0, 1].map(index => {
		const data: CeilingThread = {hostCeiling: true, index, rows, control};
		return new Worker(new URL(import.meta.url), {workerData: data});
	});
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
			const running = mode === 'one' ? threads.slice(0, 1) : threads;
			const walls = running.map(async worker => next(worker) as Promise<number>);
			for (const worker of running) worker.postMessage({mode, steps} satisfies Turn);
			return Math.max(...(await Promise.all(walls)));
		};

		const probe = await turn('one', 50);
		const steps = Math.max(20, Math.round((50 * turnMs) / probe));
		const free: number[] = [];
		const lockstep: number[] = [];
		for (let round = 0; round < rounds; round++) {
			const one = await turn('one', steps);
			// Two threads take twice the steps: steps per second over one thread's.
			lockstep.push((2 * one) / (await turn('lockstep', steps)));
			free.push((2 * one) / (await turn('free', steps)));
		}

		const range = (values: number[]): [number, number] => [hundredths(Math.min(...values)), hundredths(Math.max(...values))];
		return {rows, free: hundredths(median(free)), lockstep: hundredths(median(lockstep)), freeRange: range(free), lockstepRange: range(lockstep)};
	} finally {
		for (const worker of threads) void worker.terminate();
	}
}

if (!isMainThread && (workerData as {hostCeiling?: boolean} | undefined)?.hostCeiling) {
	await serveTurns(workerData as CeilingThread);
}
