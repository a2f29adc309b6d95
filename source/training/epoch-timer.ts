/** Per-epoch bookkeeping shared by both runs: throughput that ignores paused time, and throttled progress events. */
import type {RunName} from '../protocol/messages.js';
import type {RunContext} from './event-sink.js';

const progressIntervalMs = 250;

export interface EpochClock {
	/** Call after each batch with the samples done so far in this epoch. */
	onBatch(samplesDone: number): void;
	/** Training seconds of the epoch so far, paused time excluded. */
	seconds(): number;
}

export function startEpochClock(context: RunContext, run: RunName, epoch: number, epochSize: number): EpochClock {
	const started = performance.now();
	let pausedMs = 0;
	let lastProgress = started;
	const seconds = () => (performance.now() - started - pausedMs) / 1000;
	return {
		onBatch(samplesDone) {
			pausedMs += context.waitWhilePaused();
			const now = performance.now();
			if (now - lastProgress >= progressIntervalMs) {
				lastProgress = now;
				context.emit({
					type: 'progress',
					run,
					epoch,
					fraction: Math.min(1, samplesDone / epochSize),
					samplesPerSec: samplesDone / Math.max(seconds(), 1e-6),
				});
			}
		},
		seconds,
	};
}
