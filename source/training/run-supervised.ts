/** The baseline: the same model trained on the labeled images only, for as many epochs as the race's longest contender. */
import {augmentImages} from '../core/augment.js';
import {createRandom} from '../core/random.js';
import type {RunConfig} from '../config/run-config.js';
import type {Mlp} from '../engine/mlp.js';
import type {RunName, SplitIndices} from '../protocol/messages.js';
import {gatherLabels, gatherRows, type DatasetViews} from './dataset-views.js';
import type {RunContext} from './event-sink.js';
import {RunTally, trainAndEvaluateEpoch} from './train-epochs.js';

export interface SupervisedRun {
	run: RunName;
	config: RunConfig;
	/** Epoch budget: as long as the longest semi-supervised contender. */
	epochs: number;
}

export function runSupervised(mlp: Mlp, {run, config, epochs}: SupervisedRun, data: DatasetViews, split: SplitIndices, context: RunContext): void {
	const tally = new RunTally(run);
	// The same seed as the semi-supervised runs: all start from identical weights and see the labeled images in the
	// same order, so their curves coincide through warm-up and any gap afterwards is the pseudo-labels' doing.
	const random = createRandom(config.seed);
	// Augmentation draws from its own stream, as in the pseudo-label run, so shuffling stays in step with it.
	const augmentRandom = createRandom(config.seed ^ 0x5eed);
	const labeledImages = gatherRows(data.trainImages, split.labeled, data.pixelsPerImage);
	const set = {images: labeledImages, labels: gatherLabels(data.trainLabels, split.labeled)};
	// With augmentLabeled the baseline sees the same kind of shifted, turned, zoomed images the pseudo-labels get, so
	// a gap between the two is the unlabeled data's doing, not the augmentation's.
	const augment = () => augmentImages(labeledImages, null, config.augmentation, augmentRandom, data.shape, set.images);
	if (config.augmentLabeled) {
		set.images = new Uint8Array(labeledImages.length);
		augment();
	}

	context.emit({type: 'phase', run, phase: 'training', round: 0});
	for (let epoch = 1; epoch <= epochs; epoch++) {
		if (epoch > 1 && config.augmentLabeled && config.augmentEveryEpoch) augment();
		tally.add(trainAndEvaluateEpoch(mlp, set, data, context, {run, phase: 'training', round: 0, epoch, batchSize: config.batchSize, random}));
	}

	tally.finish(mlp, data, context);
}
