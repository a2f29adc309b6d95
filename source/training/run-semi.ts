/**
 * The semi-supervised run, pseudo-labeling as in Lee (2013) and Noisy Student (Xie 2020):
 * 1. warm-up: train on the few labeled images;
 * 2. labeling: the model predicts every unlabeled image, and the predictions it is confident about (top probability
 *    above the threshold) become pseudo-labels;
 * 3. retraining: the accepted images, augmented so the model must generalise rather than echo itself, join the labeled
 *    set, and training goes on. More rounds re-label the pool with the improved model.
 * The pool's true labels never reach the model; they are used only to report how precise the pseudo-labels were.
 */
import type {RunConfig} from '../config/run-config.js';
import {augmentImages} from '../core/augment.js';
import {classCount} from '../core/dataset-info.js';
import {pickDigitSamples} from '../core/digit-samples.js';
import {carriedOver, selectPseudoLabels, wrongPositions} from '../core/pseudo-labels.js';
import {createRandom, type Random} from '../core/random.js';
import type {Mlp} from '../engine/mlp.js';
import type {RunName, SplitIndices} from '../protocol/messages.js';
import {concatBytes, gatherLabels, gatherRows, type DatasetViews} from './dataset-views.js';
import type {RunContext} from './event-sink.js';
import {roundLabelsEvent} from './round-event.js';
import {RunTally, trainAndEvaluateEpoch, type TrainingSet} from './train-epochs.js';

const digitSamplesPerRound = 12;

interface RoundData {
	/** Rows of the training images accepted this round. */
	acceptedRows: Int32Array;
	pseudoLabels: Uint8Array;
}

export function runSemi(mlp: Mlp, run: RunName, config: RunConfig, data: DatasetViews, split: SplitIndices, context: RunContext): void {
	const tally = new RunTally(run);
	const random = createRandom(config.seed);
	// Augmentation and sampling draw from their own stream so the warm-up stays identical to the supervised run.
	const augmentRandom = createRandom(config.seed ^ 0x5eed);
	const labeledImages = gatherRows(data.trainImages, split.labeled, data.pixelsPerImage);
	const labeledLabels = gatherLabels(data.trainLabels, split.labeled);
	const poolTruth = gatherLabels(data.trainLabels, split.pool);
	let epoch = 0;
	let wrongBefore: Int32Array | undefined;

	context.emit({type: 'phase', run, phase: 'warm-up', round: 0});
	for (let i = 0; i < config.warmupEpochs; i++) {
		epoch++;
		tally.add(trainAndEvaluateEpoch(mlp, {images: labeledImages, labels: labeledLabels}, data, context, {
			run,
			phase: 'warm-up',
			round: 0,
			epoch,
			batchSize: config.batchSize,
			random,
		}));
	}

	for (let round = 1; round <= config.rounds; round++) {
		context.emit({type: 'phase', run, phase: 'labeling', round});
		const predictStarted = performance.now();
		const probabilities = mlp.predict(data.trainImages, split.pool);
		const predictSeconds = (performance.now() - predictStarted) / 1000;
		const selection = selectPseudoLabels(probabilities, config.threshold, poolTruth, classCount(data.info));
		const accepted: RoundData = {acceptedRows: poolRows(split.pool, selection.accepted), pseudoLabels: selection.labels};
		const augmentStarted = performance.now();
		const set = buildRetrainingSet(config, data, labeledImages, labeledLabels, accepted, augmentRandom);
		const augmentSeconds = (performance.now() - augmentStarted) / 1000;
		context.emit(
			roundLabelsEvent({
				run,
				round,
				pool: split.pool.length,
				selection,
				threshold: config.threshold,
				samples: pickDigitSamples(selection, data.trainImages, split.pool, poolTruth, digitSamplesPerRound, augmentRandom, data.pixelsPerImage),
				predictSeconds,
				augmented: accepted.acceptedRows.length + (config.augmentLabeled ? labeledLabels.length : 0),
				augmentSeconds,
				carriedOver: wrongBefore === undefined ? undefined : carriedOver(wrongBefore, selection, poolTruth),
			}),
		);
		wrongBefore = wrongPositions(selection, poolTruth);
		context.emit({type: 'phase', run, phase: 'retraining', round});
		for (let i = 0; i < config.epochsPerRound; i++) {
			if (i > 0 && config.augmentEveryEpoch) {
				augmentInto(set, config, data, labeledImages, accepted, augmentRandom);
			}

			epoch++;
			tally.add(trainAndEvaluateEpoch(mlp, set, data, context, {
				run,
				phase: 'retraining',
				round,
				epoch,
				batchSize: config.batchSize,
				random,
			}));
		}
	}

	tally.finish(mlp, data, context);
}

/** Maps positions in the pool to rows of the training images. */
function poolRows(pool: Int32Array, positions: Int32Array): Int32Array {
	const rows = new Int32Array(positions.length);
	for (let i = 0; i < positions.length; i++) {
		rows[i] = pool[positions[i]!]!;
	}

	return rows;
}

/** Labeled images (augmented too if configured) followed by the augmented pseudo-labeled ones. */
function buildRetrainingSet(
	config: RunConfig,
	data: DatasetViews,
	labeledImages: Uint8Array,
	labeledLabels: Uint8Array,
	round: RoundData,
	random: Random,
): TrainingSet {
	const set = {
		images: new Uint8Array(labeledImages.length + round.acceptedRows.length * data.pixelsPerImage),
		labels: concatBytes(labeledLabels, round.pseudoLabels),
	};
	augmentInto(set, config, data, labeledImages, round, random);
	return set;
}

/** Fresh augmentations written over the set's own buffer: re-augmenting every epoch allocates nothing. */
function augmentInto(
	set: TrainingSet,
	config: RunConfig,
	data: DatasetViews,
	labeledImages: Uint8Array,
	round: RoundData,
	random: Random,
): void {
	const labeledPart = set.images.subarray(0, labeledImages.length);
	if (config.augmentLabeled) {
		augmentImages(labeledImages, null, config.augmentation, random, data.shape, labeledPart);
	} else {
		labeledPart.set(labeledImages);
	}

	augmentImages(data.trainImages, round.acceptedRows, config.augmentation, random, data.shape, set.images.subarray(labeledImages.length));
}
