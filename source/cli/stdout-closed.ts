/** Notices when whoever reads our stdout has gone (EPIPE), so a pipe into `head` ends the program quietly. */

/**
 * Calls `closed` once when a write to stdout fails because the reading end of the pipe is closed. Other stdout errors
 * are left to the process-wide handler in cli.ts. Returns a function that stops watching.
 */
export function onStdoutClosed(closed: () => void): () => void {
	let called = false;
	const handler = (error: NodeJS.ErrnoException) => {
		if (error.code !== 'EPIPE' || called) return;
		called = true;
		closed();
	};

	process.stdout.on('error', handler);
	return () => {
		process.stdout.off('error', handler);
	};
}
