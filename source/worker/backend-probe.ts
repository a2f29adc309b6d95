/**
 * A short-lived probe: starts the requested backend in its own worker thread (or, for tfjs-node, child process) and
 * answers which one works. The process that draws the dashboard never loads tfjs, whose wasm glue installs
 * process-wide exception handlers and whose native addon can crash.
 */
import {parentPort, workerData} from 'node:worker_threads';
import {initBackend, type BackendRequest} from '../engine/backend.js';
import type {BackendProbeAnswer} from '../protocol/messages.js';

const requested = (parentPort ? workerData : process.argv[2]) as BackendRequest;
const answer = (message: BackendProbeAnswer) => (parentPort ? parentPort.postMessage(message) : process.send?.(message));

try {
	answer({ok: true, backend: await initBackend(requested)});
} catch (error) {
	const reason = error instanceof Error ? error.message : String(error);
	answer({ok: false, reason: reason.split('\n')[0]!});
}

if (!parentPort) {
	process.disconnect?.();
}
