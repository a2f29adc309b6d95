/** The epoch loop both runs share: shuffle, train, evaluate on the full test set, report. */
import {shuffle, type Random} from '../core/random.js';
import type {Mlp} from '../engine/mlp.js';
import type {Phase, RunName} from '../protocol/messages.js';
import type {DatasetViews} from './dataset-views.js';
import {startEpochClock} from './epoch-timer.js';
import type {RunContext} from './event-sink.js';

export interface TrainingSet {
	images: Uint8Array;
	labels: Uint8Array;
}

export interface EpochOptions {
	run: RunName;
	phase: Phase;
	round: number;
	/** Number of the epoch about to run, cumulative over the run. */
	epoch: number;
	batchSize: number;
	random: Random;
}

/** Trains one epoch and emits its `epoch` event; returns the number of samples trained. */
export function trainAndEvaluateEpoch(
	mlp: Mlp,
	set: TrainingSet,
	data: DatasetViews,
	context: RunContext,
	options: EpochOptions,
): number {
	const size = set.labels.length;
	const order = new Int32Array(size);
	for (let i = 0; i < size; i++) {
		order[i] = i;
	}

	shuffle(order, options.random);
	const clock = startEpochClock(context, options.run, options.epoch, size);
	const {loss} = mlp.trainEpoch(set.images, set.labels, order, options.batchSize, done => {
		clock.onBatch(done);
	});
	const seconds = clock.seconds();
	const testAccuracy = mlp.evaluate(data.testImages, data.testLabels);
	context.emit({
		type: 'epoch',
		run: options.run,
		epoch: options.epoch,
		phase: options.phase,
		round: options.round,
		testAccuracy,
		loss,
		samplesPerSec: size / Math.max(seconds, 1e-6),
		trainSize: size,
		seconds,
	});
	return size;
}
