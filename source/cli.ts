#!/usr/bin/env node
/** The bin: decide colors before Ink's color engine loads, then hand over to the CLI. The only process.exit. */
if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '' && process.env.FORCE_COLOR === undefined) {
	// chalk ignores NO_COLOR but honours FORCE_COLOR=0, and reads it at import time.
	process.env.FORCE_COLOR = '0';
}

const {main} = await import('./cli/main.js');
process.exitCode = await main(process.argv.slice(2));
