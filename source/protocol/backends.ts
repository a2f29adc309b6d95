/**
 * The compute backends, declared once: `BackendName`, the `--backend` flag, the `backend` setting, the backend probe
 * and --help all derive from this list, so adding a backend starts here (and in engine/backend.ts, which starts it).
 */

/** tfjs-node (experimental: only when named), tfjs's wasm backend, and tfjs's pure-JavaScript cpu backend. */
export const backendNames = ['node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof backendNames)[number];

/** What a user or caller may ask for: a backend by name, or `auto` (the fastest tested one that starts here). */
export const backendRequests = ['auto', ...backendNames] as const;
export type BackendRequest = (typeof backendRequests)[number];

export function isBackendName(value: unknown): value is BackendName {
	return (backendNames as readonly unknown[]).includes(value);
}

export function isBackendRequest(value: unknown): value is BackendRequest {
	return (backendRequests as readonly unknown[]).includes(value);
}
