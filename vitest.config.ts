// Real training, real workers and a real terminal run in these tests on a 2-core machine that may be busy: a test's
// own time-outs say how long it may take, and the default is generous so load alone never fails a test.
import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		testTimeout: 30_000,
		// Temporary files of the whole run in one folder, removed at its end (test/setup/temp-root.ts).
		globalSetup: ['test/setup/temp-root.ts'],
	},
});
