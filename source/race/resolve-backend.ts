/** Picks the backend once, on the main thread, so a backend that cannot load is a clear error before any run starts. */
import {InputError} from '../core/input-error.js';
import {initBackend, isNodeBackendUsable} from '../engine/backend.js';
import type {BackendName} from '../protocol/messages.js';

export async function resolveBackend(requested: 'auto' | BackendName): Promise<BackendName> {
	if (requested === 'auto') {
		return (await isNodeBackendUsable()) ? 'node' : initBackend('auto');
	}

	try {
		return await initBackend(requested);
	} catch (error) {
		const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
		throw new InputError(`--backend ${requested}: cannot be used here (${reason})`);
	}
}
