/**
 * Training batches of real MNIST rows for the engine benches (team-work.ts, host-ceiling.ts): real rows, because the
 * first layer's products skip blank pixels and synthetic rows without any flatter a split of the work.
 */
import type {SharedDataset} from '../source/protocol/messages.js';
import {mnistShape} from '../source/engine/mlp-params.js';
import type {StepBatch} from '../source/engine/split-step.js';

/** Step `step`'s batch of `batch` rows (a fixed stride through the training set), with dropout as the presets use it. */
export function mnistStepBatch(dataset: SharedDataset, batch: number, step: number): StepBatch {
	const shape = mnistShape;
	const width = shape.input + 1;
	const images = new Uint8Array(dataset.trainImages);
	const labels = new Uint8Array(dataset.trainLabels);
	const pixels = new Float32Array(batch * width);
	const targets = new Float32Array(batch * shape.classes);
	for (let j = 0; j < batch; j++) {
		const row = ((step * batch + j) * 7919) % dataset.trainCount;
		for (let i = 0; i < shape.input; i++) pixels[j * width + i] = images[row * shape.input + i]!;
		pixels[j * width + shape.input] = 255;
		targets[j * shape.classes + labels[row]!] = 1;
	}

	return {n: batch, pixels, targets, weights: null, meanWeight: Math.fround(1 / batch), dropout: {rate: 0.3, seed: 1, step}};
}
