/**
 * Picks the backend once, before any run starts, so a backend that cannot load is a clear error up front. The probe
 * runs in a short-lived worker thread (a child process for tfjs-node): this process imports nothing from tfjs.
 */
import {fork} from 'node:child_process';
import {Worker} from 'node:worker_threads';
import {InputError} from '../core/input-error.js';
import {runsInProcess, type BackendName, type BackendRequest} from '../protocol/backends.js';
import {checkProbeAnswer} from '../protocol/check-messages.js';
import type {BackendProbeAnswer} from '../protocol/messages.js';
import {workerScriptPath} from './worker-script.js';

export interface ResolveBackendOptions {
	/** A probe that neither answers nor exits within this long counts as a failure. */
	timeoutMs?: number;
	/** The probe script; tests substitute fixtures that hang or crash. */
	script?: string;
}

/** `auto` = wasm, else cpu: the backends whose whole training path is tested here. tfjs-node only when named. */
export async function resolveBackend(requested: BackendRequest, options: ResolveBackendOptions = {}): Promise<BackendName> {
	const script = options.script ?? workerScriptPath('backend-probe');
	const timeoutMs = options.timeoutMs ?? 60_000;
	const answer = runsInProcess(requested) ? await probeInProcess(script, requested, timeoutMs) : await probeInThread(script, requested, timeoutMs);
	if (answer.ok) {
		return answer.backend;
	}

	if (requested === 'auto') {
		throw new Error(answer.reason);
	}

	throw new InputError(`--backend ${requested}: cannot be used here (${answer.reason})`);
}

async function probeInThread(script: string, requested: BackendRequest, timeoutMs: number): Promise<BackendProbeAnswer> {
	// stdout/stderr: true keeps anything the backend prints away from our own output.
	const worker = new Worker(script, {workerData: requested, stdout: true, stderr: true});
	worker.stdout.resume();
	worker.stderr.resume();
	const exited = new Promise<number>(resolve => {
		worker.once('exit', resolve);
	});
	const answer = await firstOf<BackendProbeAnswer>(timeoutMs, settle => {
		worker.once('message', (message: unknown) => settle(checkProbeAnswer(message)));
		worker.once('error', error => settle({ok: false, reason: error.message.split('\n')[0]!}));
		void exited.then(code => settle({ok: false, reason: `the backend probe exited with code ${code}`}));
	});
	await worker.terminate();
	await exited;
	return answer;
}

async function probeInProcess(script: string, requested: BackendRequest, timeoutMs: number): Promise<BackendProbeAnswer> {
	// tfjs-node's native addon is process-wide and may crash or hang; only a child process survives either.
	const child = fork(script, [requested], {stdio: ['ignore', 'ignore', 'ignore', 'ipc']});
	const exited = new Promise<void>(resolve => {
		child.once('exit', () => resolve());
	});
	const answer = await firstOf<BackendProbeAnswer>(timeoutMs, settle => {
		child.once('message', message => settle(checkProbeAnswer(message)));
		child.once('error', error => settle({ok: false, reason: error.message.split('\n')[0]!}));
		child.once('exit', (code, signal) => settle({ok: false, reason: `the backend probe exited with ${signal ?? `code ${code}`}`}));
	});
	if (child.exitCode === null && child.signalCode === null) {
		child.kill('SIGKILL');
	}

	await exited;
	return answer;
}

/** The first answer given, or a timeout answer. */
async function firstOf<T extends BackendProbeAnswer>(timeoutMs: number, listen: (settle: (answer: T) => void) => void): Promise<BackendProbeAnswer> {
	return new Promise(resolve => {
		let settled = false;
		const settle = (answer: BackendProbeAnswer) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			resolve(answer);
		};

		const timer = setTimeout(() => settle({ok: false, reason: `the backend did not start within ${Math.round(timeoutMs / 1000)} s`}), timeoutMs);
		listen(settle);
	});
}
