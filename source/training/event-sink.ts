/** What a training run needs from its surroundings: a place to send events and a way to be paused. */
import type {WorkerEvent} from '../protocol/messages.js';

export interface RunContext {
	emit(event: WorkerEvent): void;
	/** Called between batches; blocks while the race is paused and returns the milliseconds spent paused. */
	waitWhilePaused(): number;
}

/**
 * Blocks on a shared Int32 flag (1 = paused) without needing an event-loop turn, so a busy training loop still obeys.
 * `onPaused` runs each time the run actually stops, before it blocks: the acknowledgement that nothing more will come.
 */
export function createPauseWaiter(flag: Int32Array, onPaused: () => void = () => {}): () => number {
	return () => {
		if (Atomics.load(flag, 0) === 0) {
			return 0;
		}

		onPaused();
		const started = performance.now();
		while (Atomics.load(flag, 0) === 1) {
			Atomics.wait(flag, 0, 1, 1000);
		}

		return performance.now() - started;
	};
}
