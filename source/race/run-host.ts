/** One training run hosted in a worker thread or, for tfjs-node, a child process; both speak the same protocol. */
import {fork, type ChildProcess} from 'node:child_process';
import {Worker} from 'node:worker_threads';
import {checkWorkerEvent} from '../protocol/check-messages.js';
import type {StartMessage, WorkerEvent} from '../protocol/messages.js';
import {workerScriptPath} from './worker-script.js';

export type Isolation = 'thread' | 'process';

export interface RunHost {
	pause(): void;
	resume(): void;
	/** Stops the run at once and resolves when its thread or process is gone (its memory with it). */
	terminate(): Promise<void>;
}

export interface RunHostOptions {
	onEvent(event: WorkerEvent): void;
	/** The thread or process ended; `error` is set when it died before reporting the end of its run. */
	onExit(error?: string): void;
	/** Output the run wrote to stdout/stderr; never let it reach the terminal under the dashboard. */
	onOutput?(text: string): void;
	/** Thread per run by default; tfjs-node needs a process per run. */
	isolation?: Isolation;
	/** The worker script; tests substitute a fixture that crashes on purpose. */
	script?: string;
}

type RunHostHandlers = Pick<RunHostOptions, 'onEvent' | 'onExit' | 'onOutput'>;

export function startRunHost(message: StartMessage, options: RunHostOptions): RunHost {
	const script = options.script ?? workerScriptPath();
	return options.isolation === 'process' ? startProcess(message, script, options) : startThread(message, script, options);
}

function startThread(message: StartMessage, script: string, handlers: RunHostHandlers): RunHost {
	// stdout/stderr: true keeps the worker's writes away from Ink's frames.
	const worker = new Worker(script, {stdout: true, stderr: true});
	const flag = new Int32Array(message.pauseFlag!);
	const watch = watchEnding(message.run, handlers);
	let exited = false;
	const exit = new Promise<void>(resolve => {
		worker.once('exit', code => {
			exited = true;
			watch.exited(`worker exited with code ${code}`);
			resolve();
		});
	});
	worker.on('message', (event: unknown) => watch.event(event));
	worker.on('error', error => handlers.onEvent({type: 'error', run: message.run, message: error.message}));
	worker.stdout.on('data', (chunk: Buffer) => handlers.onOutput?.(chunk.toString()));
	worker.stderr.on('data', (chunk: Buffer) => handlers.onOutput?.(chunk.toString()));
	worker.postMessage(message);
	return {
		pause() {
			Atomics.store(flag, 0, 1);
		},
		resume() {
			Atomics.store(flag, 0, 0);
			Atomics.notify(flag, 0);
		},
		async terminate() {
			watch.terminating();
			if (!exited) {
				await worker.terminate();
			}

			await exit;
		},
	};
}

function startProcess(message: StartMessage, script: string, handlers: RunHostHandlers): RunHost {
	// tfjs-node keeps one backend per process (tfjs#8388), so each run gets its own process and its own copy of the data.
	const child: ChildProcess = fork(script, [], {serialization: 'advanced', stdio: ['ignore', 'pipe', 'pipe', 'ipc']});
	const watch = watchEnding(message.run, handlers);
	let exited = false;
	const exit = new Promise<void>(resolve => {
		child.once('exit', (code, signal) => {
			exited = true;
			watch.exited(`process exited with ${signal ?? `code ${code}`}`);
			resolve();
		});
	});
	child.on('message', (event: unknown) => watch.event(event));
	child.stdout?.on('data', (chunk: Buffer) => handlers.onOutput?.(chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => handlers.onOutput?.(chunk.toString()));
	const {dataset} = message;
	child.send({
		...message,
		pauseFlag: undefined,
		dataset: {
			...dataset,
			trainImages: copyBuffer(dataset.trainImages),
			trainLabels: copyBuffer(dataset.trainLabels),
			testImages: copyBuffer(dataset.testImages),
			testLabels: copyBuffer(dataset.testLabels),
		},
	});
	return {
		pause() {
			if (!exited) child.kill('SIGSTOP');
		},
		resume() {
			if (!exited) child.kill('SIGCONT');
		},
		async terminate() {
			watch.terminating();
			if (!exited) {
				child.kill('SIGCONT');
				child.kill('SIGTERM');
			}

			await exit;
		},
	};
}

/**
 * Checks every event as it arrives (a malformed one ends the run with an error naming the field, and nothing after it
 * is passed on), and tells a crash (exit before the run said it was done) from a normal end or a requested stop.
 */
function watchEnding(run: string, handlers: RunHostHandlers) {
	let ended = false;
	let broken = false;
	return {
		event(value: unknown) {
			if (broken) return;
			let event: WorkerEvent;
			try {
				event = checkWorkerEvent(value, run);
			} catch (error) {
				broken = true;
				ended = true;
				handlers.onEvent({type: 'error', run, message: (error as Error).message});
				return;
			}

			if (event.type === 'run-done' || event.type === 'error') {
				ended = true;
			}

			handlers.onEvent(event);
		},
		terminating() {
			ended = true;
		},
		exited(description: string) {
			handlers.onExit(ended ? undefined : description);
		},
	};
}

function copyBuffer(buffer: ArrayBufferLike): Uint8Array {
	return new Uint8Array(buffer).slice();
}
