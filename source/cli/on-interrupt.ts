/** Turns SIGINT/SIGTERM into an orderly stop, once, for the rest of the process's life. */

/**
 * Calls `stop` on the first SIGINT or SIGTERM. The handler stays installed: conf's when-exit re-raises the signal
 * after its own cleanup, and Ink's signal-exit kills the process when it finds no other listener, either of which
 * would end us before the workers are stopped and the exit code is set.
 */
export function onInterrupt(stop: () => void): void {
	let stopping = false;
	const handler = () => {
		if (stopping) return;
		stopping = true;
		stop();
	};

	process.prependListener('SIGINT', handler);
	process.prependListener('SIGTERM', handler);
}
