/**
 * One run of a semi-supervised method in-process on the embedded MNIST, one JSON line per epoch and pseudo-labels
 * event, then a summary. Usage:
 *   node dist/bench/method-run.js METHOD [key=value ...]
 * METHOD: lee2013 | fixmatch | flexmatch | noisy-student. Keys: labeled, seed, warmupEpochs, onlineEpochs, rounds,
 * epochsPerRound, threshold, unlabeledRatio, alphaFinal, rampStart, rampEnd, softTargets, elasticAlpha, stepBench.
 * stepBench=N first times N trainBatch steps of B + U rows (the online methods' step) and prints the median.
 */
import {defaultRunConfig, type RunConfig} from '../source/config/run-config.js';
import {inputSize} from '../source/core/dataset-info.js';
import {stratifiedSplit} from '../source/core/split.js';
import {loadDataset} from '../source/data/load-dataset.js';
import {initBackend} from '../source/engine/backend.js';
import {createMlp} from '../source/engine/mlp.js';
import type {WorkerEvent} from '../source/protocol/messages.js';
import {datasetViews} from '../source/training/dataset-views.js';
import {isMethod, methodNamed} from '../source/methods/registry.js';

const [method = 'lee2013', ...pairs] = process.argv.slice(2);
const args = Object.fromEntries(pairs.map(pair => pair.split('=') as [string, string]));
const number = (key: string, fallback: number) => (args[key] === undefined ? fallback : Number(args[key]));

const backend = await initBackend('wasm');
const data = datasetViews(await loadDataset());
const seed = number('seed', 42);
const split = stratifiedSplit(data.trainLabels, number('labeled', 1000), seed, data.info.classNames.length);
const augmentation = {rotationDeg: 10, zoom: 0.1, widthShift: 0.1, heightShift: 0.1, elasticAlpha: number('elasticAlpha', 0), elasticSigma: 4, tableNoise: 0.1};
const started = performance.now();
const context = {
	emit(event: WorkerEvent) {
		if (event.type === 'run-done') accuracy = event.testAccuracy;
		if (event.type === 'epoch' || event.type === 'pseudo-labels' || event.type === 'run-done') {
			const {samples: _samples, ...rest} = event as WorkerEvent & {samples?: unknown};
			console.log(JSON.stringify({...rest, t: Math.round((performance.now() - started) / 100) / 10}));
		}
	},
	waitWhilePaused: () => 0,
};

const batchSize = 32;
const stepBench = number('stepBench', 0);
if (stepBench > 0) {
	const rows = batchSize + Math.round(number('unlabeledRatio', 7) * batchSize);
	const mlp = createMlp({seed, learningRate: 0.001});
	const pixels = data.trainImages.subarray(0, rows * data.pixelsPerImage);
	const targets = new Float32Array(rows * 10);
	for (let i = 0; i < rows; i++) targets[i * 10 + data.trainLabels[i]!] = 1;
	const weights = new Float32Array(rows).fill(1 / rows);
	const times: number[] = [];
	for (let i = 0; i < stepBench + 5; i++) {
		const t = performance.now();
		mlp.trainBatch(pixels, targets, weights);
		if (i >= 5) times.push(performance.now() - t);
	}

	const predictTimes: number[] = [];
	const predictRows = Int32Array.from({length: rows - batchSize}, (_, i) => i);
	for (let i = 0; i < stepBench; i++) {
		const t = performance.now();
		mlp.predict(data.trainImages, predictRows);
		predictTimes.push(performance.now() - t);
	}

	mlp.dispose();
	const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
	console.log(JSON.stringify({stepBench: {rows, trainBatchMs: median(times), rowsPerSec: Math.round((rows / median(times)) * 1000), predictMs: median(predictTimes), predictRows: predictRows.length}}));
}

if (!isMethod(method)) throw new Error(`unknown method ${method}`);
const online = method !== 'noisy-student';
const config: RunConfig = {
	...defaultRunConfig,
	batchSize,
	learningRate: 0.001,
	dropout: 0.3,
	seed,
	warmupEpochs: number('warmupEpochs', online ? 10 : 15),
	onlineEpochs: number('onlineEpochs', 30),
	epochsPerRound: number('epochsPerRound', 5),
	rounds: number('rounds', 3),
	threshold: number('threshold', online ? 0.95 : 0.8),
	unlabeledRatio: number('unlabeledRatio', 7),
	unlabeledWeight: 1,
	alphaFinal: number('alphaFinal', 3),
	rampStart: number('rampStart', 0.1),
	rampEnd: number('rampEnd', 0.6),
	flexWarmup: true,
	softTargets: args['softTargets'] !== 'false',
	studentHidden: [1024, 512],
	augmentLabeled: true,
	augmentation,
};
const createModel = (request: {seed: number; hidden?: readonly number[]}) =>
	createMlp({seed: request.seed, learningRate: 0.001, inputSize: inputSize(data.info), ...(request.hidden ? {hidden: request.hidden} : {})});
const mlp = createModel({seed});
let accuracy = Number.NaN;
try {
	methodNamed(method).run({...context, model: mlp, createModel, data, split, config, run: method, epochs: config.warmupEpochs + config.onlineEpochs});
} finally {
	mlp.dispose();
}

console.log(JSON.stringify({summary: true, method, backend, testAccuracy: accuracy, wallSeconds: Math.round((performance.now() - started) / 100) / 10}));
