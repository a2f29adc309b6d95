/** Chooses and starts the TensorFlow.js backend (tfjs-node, wasm or cpu) for the thread or process that trains. */
import {spawn} from 'node:child_process';
import {createRequire} from 'node:module';
import {pathToFileURL} from 'node:url';
import {isMainThread} from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import type {BackendName} from '../protocol/messages.js';
import {patchUtilForTfjsNode, tinyOpRuns} from './tiny-op.js';

export type {BackendName} from '../protocol/messages.js';

/** What a caller may ask for: a backend by name, or the fastest one that works here. */
export type BackendRequest = 'auto' | BackendName;

/** tfjs registers each backend under its own name; tfjs-node calls its backend 'tensorflow'. */
const registeredName: Record<BackendName, string> = {node: 'tensorflow', wasm: 'wasm', cpu: 'cpu'};

// A variable keeps TypeScript from resolving the optional package, which is usually absent.
const nodePackage = '@tensorflow/tfjs-node';

/**
 * Starts a backend in this worker or child process and makes it the active one.
 * `auto` = tfjs-node if it loads and computes, else wasm, else cpu; inside a worker thread `auto` skips tfjs-node,
 * whose native addon keeps one process-wide backend that a second worker would overwrite.
 * A named backend that cannot start throws an Error whose message is one line saying why.
 */
export async function initBackend(requested: BackendRequest): Promise<BackendName> {
	// Production mode silences tfjs's console banners, which would tear the dashboard's frames.
	tf.enableProdMode();
	if (requested !== 'auto') {
		await startBackend(requested);
		return requested;
	}

	const ladder: BackendName[] = isMainThread ? ['node', 'wasm', 'cpu'] : ['wasm', 'cpu'];
	for (const name of ladder) {
		try {
			await startBackend(name);
			return name;
		} catch {
			// Fall through to the next, slower backend.
		}
	}

	throw new Error('no TensorFlow.js backend could start (tried node, wasm and cpu)');
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

		case 'wasm': {
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

/**
 * Whether tfjs-node is installed, loads and computes, probed in a short-lived child process: its native addon can
 * crash or hang, and the main thread (which draws the dashboard) must survive either. Costs nothing when the
 * package is absent (the usual case), about a second when present.
 */
export async function isNodeBackendUsable(timeoutMs = 30_000): Promise<boolean> {
	let entry: string;
	try {
		entry = createRequire(import.meta.url).resolve(nodePackage);
	} catch {
		return false;
	}

	return probeNodeBackend(pathToFileURL(entry).href, timeoutMs);
}

/** Runs tfjs-node's tiny-op check on the module at `entryUrl` in a child process; false on any failure or timeout. */
export async function probeNodeBackend(entryUrl: string, timeoutMs: number): Promise<boolean> {
	const probe = `
		import util from 'node:util';
		util.isNullOrUndefined ??= value => value === null || value === undefined;
		util.isArray ??= Array.isArray;
		const module = await import(${JSON.stringify(entryUrl)});
		const tf = module.default ?? module;
		tf.enableProdMode();
		const ok = (await tf.setBackend('tensorflow')) && tf.add(tf.tensor1d([1, 2]), 1).dataSync().join() === '2,3';
		process.stdout.write(ok ? 'usable' : 'broken');
	`;
	return new Promise(resolve => {
		const child = spawn(process.execPath, ['--input-type=module', '--eval', probe], {
			stdio: ['ignore', 'pipe', 'ignore'],
			timeout: timeoutMs,
		});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => {
			output += chunk.toString();
		});
		child.on('error', () => resolve(false));
		child.on('close', code => resolve(code === 0 && output === 'usable'));
	});
}
