/**
 * The compute backends, declared once: `BackendName`, the `--backend` flag, the `backend` setting, the backend probe
 * and --help all derive from this list, so adding a backend starts here (and in engine/backend.ts, which starts it).
 */

/**
 * tfjs-node (experimental: only when named), tfjs's wasm backend, tfjs's pure-JavaScript cpu backend, and the wasm
 * backend with onnxruntime-node computing each step (engine/ort-engine.ts; experimental: only when named, and only
 * where the user installed onnxruntime-node beside the tool).
 */
export const backendNames = ['node', 'wasm', 'cpu', 'ort-experimental'] as const;
export type BackendName = (typeof backendNames)[number];

/**
 * Backends whose native code must never be stopped inside a thread (worker.terminate() during onnxruntime-node's run
 * aborts the whole process; tfjs-node keeps one backend per process): each run gets its own process, whose kill is safe.
 */
export function runsInProcess(name: BackendRequest): boolean {
	return name === 'node' || name === 'ort-experimental';
}

/** What a user or caller may ask for: a backend by name, or `auto` (the fastest tested one that starts here). */
export const backendRequests = ['auto', ...backendNames] as const;
export type BackendRequest = (typeof backendRequests)[number];

export function isBackendName(value: unknown): value is BackendName {
	return (backendNames as readonly unknown[]).includes(value);
}

export function isBackendRequest(value: unknown): value is BackendRequest {
	return (backendRequests as readonly unknown[]).includes(value);
}
