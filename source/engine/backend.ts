/** Chooses and starts the TensorFlow.js backend (tfjs-node, wasm or cpu) for the thread or process that trains. */
import * as tf from '@tensorflow/tfjs-core';
import type {BackendName, BackendRequest} from '../protocol/backends.js';
import {patchUtilForTfjsNode, tinyOpRuns} from './tiny-op.js';

export type {BackendName, BackendRequest};

/** tfjs registers each backend under its own name; tfjs-node calls its backend 'tensorflow'. */
const registeredName: Record<BackendName, string> = {node: 'tensorflow', wasm: 'wasm', cpu: 'cpu', 'ort-experimental': 'wasm'};

// A variable keeps TypeScript from resolving the optional package, which is usually absent.
const nodePackage = '@tensorflow/tfjs-node';

/**
 * Starts a backend in this worker or child process and makes it the active one.
 * `auto` = wasm, else cpu: the backends whose whole training path is tested here. tfjs-node (experimental) only when
 * named; its native addon keeps one process-wide backend, so it runs in child processes, never worker threads.
 * A named backend that cannot start throws an Error whose message is one line saying why.
 */
export async function initBackend(requested: BackendRequest): Promise<BackendName> {
	// Production mode silences tfjs's console banners, which would tear the dashboard's frames.
	tf.enableProdMode();
	// The native engine runs on the wasm backend; without onnxruntime-node beside the tool it says how to install it.
	// Imported only when asked for: nothing else loads the native engine's module.
	if (requested === 'ort-experimental') (await import('./ort-engine.js')).findOrt();
	if (requested !== 'auto') {
		await startBackend(requested);
		return requested;
	}

	for (const name of ['wasm', 'cpu'] as const) {
		try {
			await startBackend(name);
			return name;
		} catch {
			// Fall through to the next, slower backend.
		}
	}

	throw new Error('no TensorFlow.js backend could start (tried wasm and cpu)');
}

async function startBackend(name: BackendName): Promise<void> {
	if (tf.getBackend() === registeredName[name] && (name !== 'node' || tinyOpRuns())) {
		return;
	}

	switch (name) {
		case 'node': {
			await importBackend(name, nodePackage, () => patchUtilForTfjsNode());
			break;
		}

		case 'wasm':
		case 'ort-experimental': {
			await importBackend(name, '@tensorflow/tfjs-backend-wasm');
			break;
		}

		case 'cpu': {
			await importBackend(name, '@tensorflow/tfjs-backend-cpu');
			break;
		}
	}

	// setBackend reports failure by resolving false, never by throwing.
	if (!(await tf.setBackend(registeredName[name]))) {
		throw new Error(`the ${name} backend failed to initialise: ${await initFailureReason(name)}`);
	}

	if (!tinyOpRuns()) {
		throw new Error(`the ${name} backend loaded but a tiny computation gave a wrong result`);
	}
}

async function importBackend(name: BackendName, packageName: string, before?: () => void): Promise<void> {
	try {
		before?.();
		await import(packageName);
	} catch (error) {
		throw new Error(`the ${name} backend (${packageName}) cannot be loaded: ${firstLine(error)}`);
	}
}

/** tfjs logs the reason for a failed init only outside production mode; asking the factory again yields it. */
async function initFailureReason(name: BackendName): Promise<string> {
	const factory = tf.findBackendFactory(registeredName[name]);
	if (!factory) {
		return 'it is not registered';
	}

	try {
		await factory();
		return 'unknown reason';
	} catch (error) {
		return firstLine(error);
	}
}

function firstLine(error: unknown): string {
	const message =
		error instanceof Error ? error.message : typeof error === 'object' && error && 'message' in error ? String(error.message) : String(error);
	return message.split('\n')[0]!.trim() || 'unknown error';
}
