// Real MNIST as the training loops see it (DatasetViews), with the first `testCount` test images to keep each
// evaluation short: the set-up the method and loop tests share.
import {mnistInfo} from '../../source/core/dataset-info.js';
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
