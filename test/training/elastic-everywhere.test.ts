// Elastic distortion reaches every loop (D2): the supervised and pseudo-label contenders augment through the same
// factory as the online and Noisy Student loops, so --elastic-alpha changes the images they train on and their weights.
import {beforeAll, describe, expect, it} from 'vitest';
import {defaultRunConfig, type RunConfig} from '../../source/config/run-config.js';
import {augmentImages} from '../../source/core/augment.js';
import {createRandom} from '../../source/core/random.js';
import {initBackend} from '../../source/engine/backend.js';
import {createMlp, type Mlp} from '../../source/engine/mlp.js';
import {methodNamed, type Method} from '../../source/methods/registry.js';
import type {SplitIndices} from '../../source/protocol/messages.js';
import {gatherRows, type DatasetViews} from '../../source/training/dataset-views.js';
import {mnistSplit, mnistViews} from './mnist-views.js';

let data: DatasetViews;
let split: SplitIndices;

beforeAll(async () => {
	await initBackend('wasm');
	data = mnistViews(500);
	split = mnistSplit(data, 100, 7, 600);
});

interface Trained {
	/** A copy of the images of every trainEpoch call, in order. */
	epochImages: Uint8Array[];
	weights: Float32Array;
}

/** Runs `method` through the registry on a model that records the images each epoch trains on. */
function train(method: Method, config: RunConfig): Trained {
	const model = createMlp({seed: config.seed, learningRate: config.learningRate});
	const epochImages: Uint8Array[] = [];
	const recording: Mlp = {
		...model,
		trainEpoch(images, labels, order, batchSize, onBatch) {
			epochImages.push(images.slice());
			return model.trainEpoch(images, labels, order, batchSize, onBatch);
		},
	};
	try {
		methodNamed(method).run({
			model: recording,
			createModel: request => createMlp({seed: request.seed, learningRate: config.learningRate}),
			data,
			split,
			config,
			run: method,
			epochs: 2,
			emit() {},
			waitWhilePaused: () => 0,
		});
		return {epochImages, weights: Float32Array.from(Object.values(model.weights()).flatMap(matrix => [...matrix]))};
	} finally {
		model.dispose();
	}
}

const base: RunConfig = {
	...defaultRunConfig,
	seed: 7,
	augmentLabeled: true,
	augmentEveryEpoch: true,
	warmupEpochs: 1,
	rounds: 1,
	epochsPerRound: 1,
	threshold: 0.5,
};
const elastic = (alpha: number): RunConfig => ({...base, augmentation: {...base.augmentation, elasticAlpha: alpha}});

describe.each(['supervised', 'pseudo-label'] as const)('%s with --elastic-alpha', method => {
	it('trains on elastically distorted images and ends with other weights than without', () => {
		const off = train(method, elastic(0));
		const on = train(method, elastic(34));
		const trained = method === 'supervised' ? 0 : 1; // pseudo-label: the retraining epoch, after the plain warm-up
		expect(on.epochImages).toHaveLength(off.epochImages.length);
		expect(off.epochImages[trained]!.length).toBe(on.epochImages[trained]!.length);
		// Not a pixel here or there: a displacement field moves most of the ink.
		const changed = off.epochImages[trained]!.filter((value, i) => value !== on.epochImages[trained]![i]).length;
		expect(changed / off.epochImages[trained]!.length).toBeGreaterThan(0.05);
		expect(on.weights).not.toEqual(off.weights);
	}, 60_000);
});

describe('supervised without elastic distortion', () => {
	it('trains on exactly the affine augmentation of before (the factory adds nothing when elasticAlpha is 0)', () => {
		const off = train('supervised', elastic(0));
		const labeledImages = gatherRows(data.trainImages, split.labeled, 784);
		const expected = augmentImages(labeledImages, null, base.augmentation, createRandom(base.seed ^ 0x5eed), data.shape);
		expect(off.epochImages[0]).toEqual(expected);
		// augmentEveryEpoch: the second epoch draws fresh distortions from the same stream.
		expect(off.epochImages[1]).not.toEqual(expected);
	}, 60_000);
});
