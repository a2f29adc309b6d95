/** The epoch every loop's labeled phases share: shuffle, train, evaluate on the full test set, report; and the run's tally. */
import {shuffle, type Random} from '../core/random.js';
import type {Mlp} from '../engine/mlp.js';
import type {Phase, RunName} from '../protocol/messages.js';
import type {DatasetViews} from './dataset-views.js';
import {epochEvent, scoreEpoch} from './epoch-event.js';
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

export interface EpochResult {
	samples: number;
	testAccuracy: number;
}

/** Trains one epoch, evaluates on the test set and emits its `epoch` event. */
export function trainAndEvaluateEpoch(
	mlp: Mlp,
	set: TrainingSet,
	data: DatasetViews,
	context: RunContext,
	options: EpochOptions,
): EpochResult {
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
	const score = scoreEpoch(mlp, data);
	const {testAccuracy} = score;
	context.emit(epochEvent({...options, ...score, loss, samples: size, seconds}));
	return {samples: size, testAccuracy};
}

/** Tracks a run's totals across epochs and reports its end. */
export class RunTally {
	private readonly started = performance.now();
	private samples = 0;
	private lastAccuracy: number | undefined;

	constructor(private readonly run: RunName) {}

	add(result: EpochResult): void {
		this.samples += result.samples;
		this.lastAccuracy = result.testAccuracy;
	}

	/** Emits `run-done`; the final accuracy is the last epoch's, measured on the same weights, unless no epoch ran. */
	finish(mlp: Mlp, data: DatasetViews, context: RunContext): void {
		const testAccuracy = this.lastAccuracy ?? mlp.evaluate(data.testImages, data.testLabels);
		context.emit({
			type: 'run-done',
			run: this.run,
			testAccuracy,
			wallSeconds: (performance.now() - this.started) / 1000,
			samplesTrained: this.samples,
		});
	}
}

/**
 * The warm-up every semi-supervised loop starts with: `epochs` epochs on the labeled images alone, drawn from the same
 * seeded stream as the supervised run, so their curves coincide until the unlabeled data comes in. Returns the last
 * epoch's number (0 when there is no warm-up).
 */
export function warmUp(
	mlp: Mlp,
	labeled: TrainingSet,
	data: DatasetViews,
	context: RunContext,
	tally: RunTally,
	options: {run: RunName; epochs: number; batchSize: number; random: Random},
): number {
	context.emit({type: 'phase', run: options.run, phase: 'warm-up', round: 0});
	for (let epoch = 1; epoch <= options.epochs; epoch++) {
		tally.add(trainAndEvaluateEpoch(mlp, labeled, data, context, {...options, phase: 'warm-up', round: 0, epoch}));
	}

	return options.epochs;
}
