/**
 * The pseudo-label method's loop: offline pseudo-labeling in rounds, as in Lee (2013) and Noisy Student (Xie 2020):
 * 1. warm-up: train on the few labeled images;
 * 2. labeling: the model predicts every unlabeled image, and the predictions it is confident about (top probability
 *    above the threshold) become pseudo-labels;
 * 3. retraining: the accepted images, augmented so the model must generalise rather than echo itself, join the labeled
 *    set, and training goes on. More rounds re-label the pool with the improved model.
 * The pool's true labels never reach the model; they are used only to report how precise the pseudo-labels were.
 */
import {classCount, inputSize} from '../core/dataset-info.js';
import {pickDigitSamples} from '../core/digit-samples.js';
import {carriedOver, selectPseudoLabels, wrongLabels, type WrongLabels} from '../core/pseudo-labels.js';
import {createRandom, createStream, type Random} from '../core/random.js';
import type {MethodContext} from '../methods/method.js';
import {createAugmenter, type Augmenter} from './augment-views.js';
import {concatBytes, gatherLabels, gatherRows} from './dataset-views.js';
import {roundLabelsEvent} from './round-event.js';
import {RunTally, trainAndEvaluateEpoch, warmUp, type TrainingSet} from './train-epochs.js';

const digitSamplesPerRound = 12;

/** One round's retraining set: the labeled images, then the accepted pool images, each part re-augmentable in place. */
interface RetrainingSet extends TrainingSet {
	labeledImages: Uint8Array;
	/** Rows of the training images the labeled images are (the augmenter reads them there, where helpers share them). */
	labeledRows: Int32Array;
	/** Rows of the training images accepted this round. */
	acceptedRows: Int32Array;
}

export function runPseudoLabel(context: MethodContext): void {
	const {model, data, split, config, run} = context;
	const pixels = inputSize(data.info);
	const tally = new RunTally(run);
	const random = createRandom(config.seed);
	// Augmentation and sampling draw from their own stream so the warm-up stays identical to the supervised run.
	// A Stream (createRandom's draws), so the pool's augmentation can be shared with helper threads (augment-views.ts).
	const augmentRandom = createStream(config.seed ^ 0x5eed);
	// The weak augmentation every method shares: the affine, plus elastic distortion when elasticAlpha > 0.
	const augment = createAugmenter(config.augmentation, data.shape, context.parallel);
	const labeledImages = gatherRows(data.trainImages, split.labeled, pixels);
	const labeledLabels = gatherLabels(data.trainLabels, split.labeled);
	const poolTruth = gatherLabels(data.trainLabels, split.pool);
	let wrongBefore: WrongLabels | undefined;
	let epoch = warmUp(model, {images: labeledImages, labels: labeledLabels}, data, context, tally, {
		run,
		epochs: config.warmupEpochs,
		batchSize: config.batchSize,
		random,
	});

	for (let round = 1; round <= config.rounds; round++) {
		context.emit({type: 'phase', run, phase: 'labeling', round});
		const predictStarted = performance.now();
		const probabilities = model.predict(data.trainImages, split.pool);
		const predictSeconds = (performance.now() - predictStarted) / 1000;
		const selection = selectPseudoLabels(probabilities, config.threshold, poolTruth, classCount(data.info));
		const acceptedRows = poolRows(split.pool, selection.accepted);
		const set: RetrainingSet = {
			images: new Uint8Array(labeledImages.length + acceptedRows.length * pixels),
			labels: concatBytes(labeledLabels, selection.labels),
			labeledImages,
			labeledRows: split.labeled,
			acceptedRows,
		};
		const augmentStarted = performance.now();
		augmentInto(set, config.augmentLabeled, data.trainImages, augment, augmentRandom);
		const augmentSeconds = (performance.now() - augmentStarted) / 1000;
		context.emit(
			roundLabelsEvent({
				run,
				round,
				pool: split.pool.length,
				selection,
				threshold: config.threshold,
				samples: pickDigitSamples(selection, data.trainImages, split.pool, poolTruth, digitSamplesPerRound, augmentRandom, pixels),
				predictSeconds,
				augmented: acceptedRows.length + (config.augmentLabeled ? labeledLabels.length : 0),
				augmentSeconds,
				carriedOver: wrongBefore === undefined ? undefined : carriedOver(wrongBefore, selection, poolTruth),
			}),
		);
		wrongBefore = wrongLabels(selection, poolTruth);
		context.emit({type: 'phase', run, phase: 'retraining', round});
		for (let i = 0; i < config.epochsPerRound; i++) {
			if (i > 0 && config.augmentEveryEpoch) {
				augmentInto(set, config.augmentLabeled, data.trainImages, augment, augmentRandom);
			}

			epoch++;
			tally.add(trainAndEvaluateEpoch(model, set, data, context, {
				run,
				phase: 'retraining',
				round,
				epoch,
				batchSize: config.batchSize,
				random,
			}));
		}
	}

	tally.finish(model, data, context);
}

/** Maps positions in the pool to rows of the training images. */
function poolRows(pool: Int32Array, positions: Int32Array): Int32Array {
	const rows = new Int32Array(positions.length);
	for (let i = 0; i < positions.length; i++) {
		rows[i] = pool[positions[i]!]!;
	}

	return rows;
}

/** Fresh augmentations written over the set's own buffer: re-augmenting every epoch allocates nothing. */
function augmentInto(set: RetrainingSet, augmentLabeled: boolean, trainImages: Uint8Array, augment: Augmenter, random: Random): void {
	const labeledPart = set.images.subarray(0, set.labeledImages.length);
	if (augmentLabeled) {
		augment(trainImages, set.labeledRows, random, labeledPart);
	} else {
		labeledPart.set(set.labeledImages);
	}

	augment(trainImages, set.acceptedRows, random, set.images.subarray(set.labeledImages.length));
}
