// Real MNIST as the training loops see it (DatasetViews), with the first `testCount` test images to keep each
// evaluation short: the set-up the method and loop tests share.
import {mnistInfo} from '../../source/core/dataset-info.js';
import {stratifiedSplit} from '../../source/core/split.js';
import type {SplitIndices} from '../../source/protocol/messages.js';
import type {DatasetViews} from '../../source/training/dataset-views.js';
import {mnistTest, mnistTrain} from '../engine/mnist-files.js';

export function mnistViews(testCount = 10_000): DatasetViews {
	const train = mnistTrain();
	const test = mnistTest();
	const info = mnistInfo();
	return {
		info,
		shape: info,
		pixelsPerImage: info.height * info.width * info.channels,
		trainImages: train.images,
		trainLabels: train.labels,
		testImages: test.images.subarray(0, testCount * 784),
		testLabels: test.labels.subarray(0, testCount),
	};
}

/** `labeled` labeled images per the stratified split of `seed`, and the first `poolSize` of the rest as the pool. */
export function mnistSplit(data: DatasetViews, labeled: number, seed: number, poolSize: number): SplitIndices {
	const full = stratifiedSplit(data.trainLabels, labeled, seed, 10);
	return {labeled: full.labeled, pool: full.pool.subarray(0, poolSize)};
}
