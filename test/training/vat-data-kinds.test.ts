// VAT beyond MNIST: real trainings on a table and on small colour images, each with its own input size, through the
// registry as the worker runs it. The perturbation's length follows the input size (ε·√(size/784)), and it learns.
import {beforeAll, describe, expect, it} from 'vitest';
import {defaultRunConfig, type RunConfig} from '../../source/config/run-config.js';
import type {DatasetInfo} from '../../source/core/dataset-info.js';
import {createRandom} from '../../source/core/random.js';
import {stratifiedSplit} from '../../source/core/split.js';
import {quantize} from '../../source/data/formats/quantize.js';
import {initBackend} from '../../source/engine/backend.js';
import {createMlp} from '../../source/engine/mlp.js';
import {methodNamed} from '../../source/methods/registry.js';
import type {WorkerEvent} from '../../source/protocol/messages.js';
import type {DatasetViews} from '../../source/training/dataset-views.js';

beforeAll(async () => {
	await initBackend('wasm');
});

interface Samples {
	bytes: Uint8Array;
	labels: Uint8Array;
}

/** Three classes of 6-feature rows whose means sit 2 σ apart, quantized as the table loader does. */
function table(rows: number, seed: number): Samples {
	const random = createRandom(seed);
	const bytes = new Uint8Array(rows * 6);
	const labels = Uint8Array.from({length: rows}, (_, r) => r % 3);
	for (let r = 0; r < rows; r++) {
		for (let f = 0; f < 6; f++) {
			const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
			bytes[r * 6 + f] = quantize((f % 3 === labels[r] ? 2 : 0) + normal);
		}
	}

	return {bytes, labels};
}

/** 10×10 RGB images, channels last: a noisy square whose colour (red, green or blue) is the class, anywhere. */
function colourSquares(count: number, seed: number): Samples {
	const random = createRandom(seed);
	const bytes = new Uint8Array(count * 300);
	const labels = Uint8Array.from({length: count}, (_, i) => i % 3);
	for (let i = 0; i < count; i++) {
		const [top, left] = [Math.floor(random() * 6), Math.floor(random() * 6)];
		for (let p = 0; p < 100; p++) {
			const inside = Math.floor(p / 10) - top < 4 && Math.floor(p / 10) >= top && p % 10 >= left && p % 10 - left < 4;
			for (let c = 0; c < 3; c++) bytes[i * 300 + p * 3 + c] = Math.floor(random() * 90) + (inside && c === labels[i] ? 140 : 0);
		}
	}

	return {bytes, labels};
}

function views(info: DatasetInfo, train: Samples, test: Samples, width: number): DatasetViews {
	return {info, shape: info, pixelsPerImage: width, trainImages: train.bytes, trainLabels: train.labels, testImages: test.bytes, testLabels: test.labels};
}

/** Runs VAT through the registry on a small model; returns its events. */
function runVat(data: DatasetViews, width: number, config: RunConfig): WorkerEvent[] {
	const events: WorkerEvent[] = [];
	const hidden = [32, 16];
	const make = (seed: number) => createMlp({seed, learningRate: config.learningRate, inputSize: width, classes: 3, hidden});
	const model = make(config.seed);
	try {
		methodNamed('vat').run({
			model,
			createModel: request => make(request.seed),
			data,
			split: stratifiedSplit(data.trainLabels, 30, config.seed, 3),
			config,
			run: 'vat',
			epochs: config.warmupEpochs + config.onlineEpochs,
			emit: event => events.push(event),
			waitWhilePaused: () => 0,
		});
	} finally {
		model.dispose();
	}

	return events;
}

function expectLearnedWithScaledEpsilon(events: WorkerEvent[], width: number): void {
	const done = events.find(event => event.type === 'run-done');
	// Chance is a third.
	expect(done?.type === 'run-done' && done.testAccuracy).toBeGreaterThan(0.7);
	const labels = events.filter(event => event.type === 'pseudo-labels');
	expect(labels).toHaveLength(2);
	for (const event of labels) {
		if (event.type !== 'pseudo-labels') continue;
		expect(event.accepted).toBe(event.pool);
		const signal = (name: string) => event.signals?.find(candidate => candidate.name === name)?.value;
		expect(signal('ε')).toBeCloseTo(2 * Math.sqrt(width / 784), 12);
		expect(signal('KL')).toBeGreaterThan(signal('random KL')!);
	}
}

const config: RunConfig = {...defaultRunConfig, seed: 4, warmupEpochs: 10, onlineEpochs: 2, batchSize: 16, learningRate: 0.003, vatEpsilon: 2};

describe('VAT on other kinds of data', () => {
	it('learns a 6-feature table (ε scaled to 6 inputs)', () => {
		const info: DatasetInfo = {name: 'table', kind: 'table', height: 1, width: 6, channels: 1, classNames: ['a', 'b', 'c'], mode: 'simulation'};
		expectLearnedWithScaledEpsilon(runVat(views(info, table(900, 1), table(300, 2), 6), 6, config), 6);
	}, 60_000);

	it('learns 10×10 colour images (ε scaled to 300 inputs)', () => {
		const info: DatasetInfo = {name: 'squares', kind: 'image', height: 10, width: 10, channels: 3, classNames: ['red', 'green', 'blue'], mode: 'simulation'};
		expectLearnedWithScaledEpsilon(runVat(views(info, colourSquares(900, 3), colourSquares(300, 4), 300), 300, config), 300);
	}, 60_000);
});
