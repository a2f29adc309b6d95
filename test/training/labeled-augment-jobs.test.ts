// Augmenting the labeled images is a job the helpers can share: every method that augments them hands the team the
// training images at the labeled rows (the images helpers hold), not its own copy of them — elastic distortion
// included — and the bytes are the labeled copy's.
import {beforeAll, describe, expect, it} from 'vitest';
import {augmentBlock, type AugmentJob, type ParallelAugment} from '../../source/core/augment-job.js';
import {defaultRunConfig, type RunConfig} from '../../source/config/run-config.js';
import {initBackend} from '../../source/engine/backend.js';
import {createMlp} from '../../source/engine/mlp.js';
import {methodNamed, type Method} from '../../source/methods/registry.js';
import type {SplitIndices} from '../../source/protocol/messages.js';
import type {DatasetViews} from '../../source/training/dataset-views.js';
import {mnistSplit, mnistViews} from './mnist-views.js';

let data: DatasetViews;
let split: SplitIndices;

beforeAll(async () => {
	await initBackend('wasm');
	data = mnistViews(1000);
	split = mnistSplit(data, 96, 42, 1344);
});

interface Recorded {
	fromTrainImages: boolean;
	rows: number[];
	elastic: number;
}

/** A team stand-in: records each job and augments it whole, as a team with no helper ready does. */
function recorder(jobs: Recorded[]): ParallelAugment {
	return {
		augment(job: AugmentJob, source, rows, output) {
			jobs.push({fromTrainImages: source === data.trainImages, rows: [...rows], elastic: job.elastic.alpha});
			augmentBlock(job, source, rows, 0, rows.length, output);
		},
	};
}

function run(method: Method, config: RunConfig, jobs: Recorded[]): void {
	const model = createMlp({seed: config.seed, learningRate: config.learningRate});
	try {
		methodNamed(method).run({
			model,
			createModel: request => createMlp({seed: request.seed, learningRate: config.learningRate, hidden: request.hidden}),
			data,
			split,
			config,
			run: 'contender-1',
			epochs: config.warmupEpochs + config.onlineEpochs,
			emit: () => {},
			waitWhilePaused: () => 0,
			parallel: recorder(jobs),
		});
	} finally {
		model.dispose();
	}
}

const elastic = {rotationDeg: 10, zoom: 0.1, widthShift: 0.1, heightShift: 0.1, elasticAlpha: 34, elasticSigma: 4, tableNoise: 0.1};
const config: RunConfig = {
	...defaultRunConfig,
	batchSize: 32,
	seed: 42,
	warmupEpochs: 1,
	onlineEpochs: 1,
	rounds: 1,
	epochsPerRound: 2,
	threshold: 0.5,
	unlabeledRatio: 7,
	augmentLabeled: true,
	augmentEveryEpoch: true,
	augmentation: elastic,
};

describe('the labeled images\' augmentation as a job over the training images', () => {
	it.each(['supervised', 'pseudo-label', 'noisy-student', 'lee2013'] as const)('%s', method => {
		const jobs: Recorded[] = [];
		run(method, config, jobs);
		const labeled = new Set(split.labeled);
		const labeledJobs = jobs.filter(job => job.rows.every(row => labeled.has(row)));
		// Every job reads the shared training images (a copy would be augmented on the lead alone) …
		expect(jobs.length).toBeGreaterThan(0);
		expect(jobs.every(job => job.fromTrainImages)).toBe(true);
		// … the labeled images among them, elastic distortion and all.
		expect(labeledJobs.length).toBeGreaterThan(0);
		expect(labeledJobs.every(job => job.elastic === 34)).toBe(true);
		if (method === 'lee2013') expect(labeledJobs.every(job => job.rows.length === config.batchSize)).toBe(true);
		else expect(labeledJobs.some(job => job.rows.length >= split.labeled.length)).toBe(true);
	}, 120_000);
});
