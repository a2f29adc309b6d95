/** The baseline: the same model trained on the labeled images only, for as many epochs as the semi-supervised run. */
import {totalEpochs, type RunConfig} from '../config/run-config.js';
import {createRandom} from '../core/random.js';
import type {Mlp} from '../engine/mlp.js';
import type {SplitIndices} from '../protocol/messages.js';
import {gatherLabels, gatherRows, type DatasetViews} from './dataset-views.js';
import type {RunContext} from './event-sink.js';
import {RunTally, trainAndEvaluateEpoch} from './train-epochs.js';

export function runSupervised(mlp: Mlp, config: RunConfig, data: DatasetViews, split: SplitIndices, context: RunContext): void {
	const tally = new RunTally('supervised');
	// The same seed as the semi-supervised run: both start from identical weights and see the labeled images in the
	// same order, so their curves coincide through warm-up and any gap afterwards is the pseudo-labels' doing.
	const random = createRandom(config.seed);
	const set = {
		images: gatherRows(data.trainImages, split.labeled, data.pixelsPerImage),
		labels: gatherLabels(data.trainLabels, split.labeled),
	};
	context.emit({type: 'phase', run: 'supervised', phase: 'training', round: 0});
	const epochs = totalEpochs(config);
	for (let epoch = 1; epoch <= epochs; epoch++) {
		tally.add(trainAndEvaluateEpoch(mlp, set, data, context, {
			run: 'supervised',
			phase: 'training',
			round: 0,
			epoch,
			batchSize: config.batchSize,
			random,
		}));
	}

	tally.finish(mlp, data, context);
}
