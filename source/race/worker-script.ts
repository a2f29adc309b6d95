/** Where a compiled worker entry lives, whether this module runs from dist/ or from source/ under the test runner. */
import {fileURLToPath} from 'node:url';

export type WorkerEntry = 'training-worker' | 'backend-probe' | 'helper-worker';

export function workerScriptPath(entry: WorkerEntry = 'training-worker'): string {
	const here = fileURLToPath(import.meta.url);
	if (here.endsWith('.ts')) {
		// Under vitest the sources run untranspiled; worker threads need the build (`npm test` builds first).
		return fileURLToPath(new URL(`../../dist/source/worker/${entry}.js`, import.meta.url));
	}

	return fileURLToPath(new URL(`../worker/${entry}.js`, import.meta.url));
}
