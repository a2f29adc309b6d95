#!/usr/bin/env node
/** The bin: decide colors before Ink's color engine loads, then hand over to the CLI. The only process.exit. */
if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '' && process.env.FORCE_COLOR === undefined) {
	// chalk ignores NO_COLOR but honours FORCE_COLOR=0, and reads it at import time.
	process.env.FORCE_COLOR = '0';
}

// A reader that stops early (`| head -1`) closes the pipe: later writes fail with EPIPE. Without a listener that
// error would be thrown as an uncaught exception with a stack trace; nobody is left to read our output, so drop it.
for (const stream of [process.stdout, process.stderr]) {
	stream.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code !== 'EPIPE') {
			throw error;
		}
	});
}

const {main} = await import('./cli/main.js');
process.exitCode = await main(process.argv.slice(2));
