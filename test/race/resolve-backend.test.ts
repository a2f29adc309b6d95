// The backend is probed away from the main process: a worker thread for wasm/cpu, a child process for tfjs-node.
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {resolveBackend} from '../../source/race/resolve-backend.js';
import {childProcessIds, osThreadCount, waitFor} from './thread-count.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const nodeInstalled = (() => {
	try {
		createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
		return true;
	} catch {
		return false;
	}
})();

describe('resolveBackend', () => {
	it('auto picks wasm, the tested backend, even when tfjs-node is installed; named wasm and cpu start', async () => {
		expect(await resolveBackend('auto')).toBe('wasm');
		expect(await resolveBackend('wasm')).toBe('wasm');
		expect(await resolveBackend('cpu')).toBe('cpu');
	}, 60_000);

	it('leaves no probe thread or process behind', async () => {
		const threads = osThreadCount();
		const children = childProcessIds().length;
		await resolveBackend('wasm');
		await resolveBackend('node').catch(() => undefined);
		expect(await waitFor(() => osThreadCount() <= threads && childProcessIds().length <= children, 5000)).toBe(true);
	}, 60_000);

	it.skipIf(nodeInstalled)('--backend node without tfjs-node is a one-line usage error', async () => {
		const error = await resolveBackend('node').then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(error).toMatchObject({name: 'InputError'});
		expect((error as Error).message).toMatch(/^--backend node: cannot be used here \(the node backend \(@tensorflow\/tfjs-node\) cannot be loaded: /);
		expect((error as Error).message).not.toContain('\n');
	}, 30_000);

	it.each([
		['hangs in a thread', 'probe-hangs.mjs', 'wasm', 1000, /^--backend wasm: cannot be used here \(the backend did not start within 1 s\)$/],
		['hangs in a process', 'probe-hangs.mjs', 'node', 1000, /^--backend node: cannot be used here \(the backend did not start within 1 s\)$/],
		// A crash must be told apart from a hang however slowly a loaded machine starts the probe: a long time-out.
		['crashes in a thread', 'probe-crashes.mjs', 'cpu', 20_000, /^--backend cpu: cannot be used here \(the backend probe exited with code 9\)$/],
		['crashes in a process', 'probe-crashes.mjs', 'node', 20_000, /^--backend node: cannot be used here \(the backend probe exited with code 9\)$/],
	] as const)('a probe that %s is a clear error, not a hang or a crash of ours', async (_, script, backend, timeoutMs, message) => {
		const children = childProcessIds().length;
		await expect(resolveBackend(backend, {script: fixture(script), timeoutMs})).rejects.toThrow(message);
		expect(await waitFor(() => childProcessIds().length <= children, 5000)).toBe(true);
	}, 30_000);
});
