// A real FixMatch training on a synthetic table: the table augmentations reach the online loop's weak and strong
// views (turning them off changes the run), a seed replays the run, and the model learns.
import {beforeAll, describe, expect, it} from 'vitest';
import {createRandom} from '../../source/core/random.js';
import {stratifiedSplit} from '../../source/core/split.js';
import {defaultRunConfig, type RunConfig} from '../../source/config/run-config.js';
import {initBackend} from '../../source/engine/backend.js';
import {createMlp} from '../../source/engine/mlp.js';
import {quantize} from '../../source/data/formats/quantize.js';
import {methodNamed} from '../../source/methods/registry.js';
import type {SplitIndices, WorkerEvent} from '../../source/protocol/messages.js';
import type {DatasetViews} from '../../source/training/dataset-views.js';

const features = 8;
const hidden = [32, 16];
let data: DatasetViews;
let split: SplitIndices;

/** Two classes whose features' means sit 1 σ apart around 0, quantized as the table loader does. */
function table(rows: number, seed: number): {rowsBytes: Uint8Array; labels: Uint8Array} {
	const random = createRandom(seed);
	const rowsBytes = new Uint8Array(rows * features);
	const labels = new Uint8Array(rows);
	for (let r = 0; r < rows; r++) {
		labels[r] = r % 2;
		for (let f = 0; f < features; f++) {
			const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
			rowsBytes[r * features + f] = quantize((labels[r] === 1 ? 0.5 : -0.5) + normal);
		}
	}

	return {rowsBytes, labels};
}

beforeAll(async () => {
	await initBackend('wasm');
	const train = table(1200, 1);
	const test = table(400, 2);
	const info = {name: 'synthetic', kind: 'table' as const, height: 1, width: features, channels: 1, classNames: ['a', 'b'], mode: 'simulation' as const};
	data = {info, shape: info, pixelsPerImage: features, trainImages: train.rowsBytes, trainLabels: train.labels, testImages: test.rowsBytes, testLabels: test.labels};
	split = stratifiedSplit(train.labels, 20, 42, 2);
});

function run(config: RunConfig): WorkerEvent[] {
	const events: WorkerEvent[] = [];
	const model = createMlp({seed: config.seed, learningRate: config.learningRate, inputSize: features, classes: 2, hidden});
	try {
		methodNamed('fixmatch').run({
			model,
			createModel: request => createMlp({seed: request.seed, learningRate: config.learningRate, inputSize: features, classes: 2, hidden: request.hidden ?? hidden}),
			data,
			split,
			config,
			run: 'fixmatch',
			epochs: config.warmupEpochs + config.onlineEpochs,
			emit: event => events.push(event),
			waitWhilePaused: () => 0,
		});
	} finally {
		model.dispose();
	}

	return events;
}

/** What the online rounds decided: used counts and precision per epoch, and the final accuracy. */
function trace(events: WorkerEvent[]): unknown[] {
	return events.flatMap((event): unknown[] =>
		event.type === 'pseudo-labels' ? [[event.accepted, event.precision]] : event.type === 'run-done' ? [event.testAccuracy] : []);
}

describe('FixMatch on a table', () => {
	const config: RunConfig = {...defaultRunConfig, seed: 3, warmupEpochs: 10, onlineEpochs: 3, threshold: 0.7, batchSize: 16, learningRate: 0.003};

	it('learns, replays from its seed, and trains on different views when the table augmentations are off', () => {
		const on = trace(run(config));
		expect(trace(run(config))).toEqual(on);
		const accuracy = on.at(-1) as number;
		expect(accuracy).toBeGreaterThan(0.7);
		const off = trace(run({
			...config,
			augmentation: {...config.augmentation, tableNoise: 0},
			strongAugmentation: {...config.strongAugmentation, tableMask: 0},
		}));
		expect(off).not.toEqual(on);
	}, 60_000);
});
