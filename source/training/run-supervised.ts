/** The baseline: the same model trained on the labeled images only, for as many epochs as the race's longest contender. */
import {inputSize} from '../core/dataset-info.js';
import {createRandom, createStream} from '../core/random.js';
import type {MethodContext} from '../methods/method.js';
import {createAugmenter} from './augment-views.js';
import {gatherLabels, gatherRows} from './dataset-views.js';
import {RunTally, trainAndEvaluateEpoch} from './train-epochs.js';

export function runSupervised(context: MethodContext): void {
	const {model, data, split, config, run, epochs} = context;
	const tally = new RunTally(run);
	// The same seed as the semi-supervised runs: all start from identical weights and see the labeled images in the
	// same order, so their curves coincide through warm-up and any gap afterwards is the pseudo-labels' doing.
	const random = createRandom(config.seed);
	// Augmentation draws from its own stream, as in the pseudo-label run, so shuffling stays in step with it (a Stream:
	// createRandom's draws, and its augmentation can be a job for the contender's helpers).
	const augmentRandom = createStream(config.seed ^ 0x5eed);
	const labeledImages = gatherRows(data.trainImages, split.labeled, inputSize(data.info));
	const set = {images: labeledImages, labels: gatherLabels(data.trainLabels, split.labeled)};
	// With augmentLabeled the baseline sees the same augmentation the pseudo-labels get (elastic distortion included),
	// so a gap between the two is the unlabeled data's doing, not the augmentation's.
	// Read from the training images (which helpers share) at the labeled rows: the labeled copy's bytes.
	const augmenter = createAugmenter(config.augmentation, data.shape, context.parallel);
	const augment = () => augmenter(data.trainImages, split.labeled, augmentRandom, set.images);
	if (config.augmentLabeled) {
		set.images = new Uint8Array(labeledImages.length);
		augment();
	}

	context.emit({type: 'phase', run, phase: 'training', round: 0});
	for (let epoch = 1; epoch <= epochs; epoch++) {
		if (epoch > 1 && config.augmentLabeled && config.augmentEveryEpoch) augment();
		tally.add(trainAndEvaluateEpoch(model, set, data, context, {run, phase: 'training', round: 0, epoch, batchSize: config.batchSize, random}));
	}

	tally.finish(model, data, context);
}
