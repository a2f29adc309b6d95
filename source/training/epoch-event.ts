/** The `epoch` event, built in one place for every loop: what one epoch trained, how fast, and the test accuracy after it. */
import {classCount} from '../core/dataset-info.js';
import {oneClassOf, type OneClass} from '../core/one-class.js';
import type {Mlp} from '../engine/model.js';
import type {Phase, RunName, WorkerEvent} from '../protocol/messages.js';
import type {DatasetViews} from './dataset-views.js';

export interface EpochFacts {
	run: RunName;
	/** Counts from 1, cumulative over the run. */
	epoch: number;
	phase: Phase;
	round: number;
	testAccuracy: number;
	/** Set when the model gives nearly every test sample one class (core/one-class.ts). */
	oneClass?: OneClass;
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
		...(facts.oneClass === undefined ? {} : {oneClass: facts.oneClass}),
		loss: facts.loss,
		samplesPerSec: facts.samples / Math.max(facts.seconds, 1e-6),
		trainSize: facts.samples,
		seconds: facts.seconds,
	};
}

/** The test set scored after an epoch: its accuracy, and the class the model collapsed to if it did. */
export function scoreEpoch(model: Mlp, data: DatasetViews): {testAccuracy: number; oneClass?: OneClass} {
	const predicted = new Int32Array(classCount(data.info));
	const testAccuracy = model.evaluate(data.testImages, data.testLabels, predicted);
	const oneClass = oneClassOf(predicted, data.testLabels);
	return oneClass === undefined ? {testAccuracy} : {testAccuracy, oneClass};
}
