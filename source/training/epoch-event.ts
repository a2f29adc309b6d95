/** The `epoch` event, built in one place for every loop: what one epoch trained, how fast, and the test accuracy after it. */
import type {Phase, RunName, WorkerEvent} from '../protocol/messages.js';

export interface EpochFacts {
	run: RunName;
	/** Counts from 1, cumulative over the run. */
	epoch: number;
	phase: Phase;
	round: number;
	testAccuracy: number;
	loss: number;
	/** Rows trained this epoch (online methods: labeled + unlabeled rows of every step). */
	samples: number;
	/** Training seconds, paused time excluded. */
	seconds: number;
}

export function epochEvent(facts: EpochFacts): Extract<WorkerEvent, {type: 'epoch'}> {
	return {
		type: 'epoch',
		run: facts.run,
		epoch: facts.epoch,
		phase: facts.phase,
		round: facts.round,
		testAccuracy: facts.testAccuracy,
		loss: facts.loss,
		samplesPerSec: facts.samples / Math.max(facts.seconds, 1e-6),
		trainSize: facts.samples,
		seconds: facts.seconds,
	};
}
