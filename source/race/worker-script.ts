/** Where the compiled training worker lives, whether this module runs from dist/ or from source/ under the test runner. */
import {fileURLToPath} from 'node:url';

export function workerScriptPath(): string {
	const here = fileURLToPath(import.meta.url);
	if (here.endsWith('.ts')) {
		// Under vitest the sources run untranspiled; worker threads need the build (`npm test` builds first).
		return fileURLToPath(new URL('../../dist/source/worker/training-worker.js', import.meta.url));
	}

	return fileURLToPath(new URL('../worker/training-worker.js', import.meta.url));
}
