// Short real trainings on MNIST for each new method: they learn, and their events are well-formed.
import {beforeAll, describe, expect, it} from 'vitest';
import {defaultRunConfig, type RunConfig} from '../../source/config/run-config.js';
import {initBackend} from '../../source/engine/backend.js';
import {createMlp, type Mlp} from '../../source/engine/mlp.js';
import type {MethodContext} from '../../source/methods/method.js';
import {methodNamed, type Method} from '../../source/methods/registry.js';
import type {SplitIndices, WorkerEvent} from '../../source/protocol/messages.js';
import type {DatasetViews} from '../../source/training/dataset-views.js';
import {mnistSplit, mnistViews} from './mnist-views.js';

let data: DatasetViews;
let split: SplitIndices;

beforeAll(async () => {
	await initBackend('wasm');
	// 3000 test images keep each evaluation short.
	data = mnistViews(3000);
	// A pool of 4480 images: one epoch-equivalent is 20 steps of 32 labeled + 224 unlabeled.
	split = mnistSplit(data, 300, 42, 4480);
});

const weak = {rotationDeg: 10, zoom: 0.1, widthShift: 0.1, heightShift: 0.1, elasticAlpha: 0, elasticSigma: 4, tableNoise: 0.1};

type OnlineMethod = 'lee2013' | 'fixmatch' | 'flexmatch' | 'freematch' | 'mean-teacher' | 'vat';

function onlineConfig(): RunConfig {
	return {
		...defaultRunConfig,
		batchSize: 32,
		learningRate: 0.001,
		dropout: 0.3,
		seed: 42,
		warmupEpochs: 3,
		onlineEpochs: 2,
		threshold: 0.95,
		unlabeledRatio: 7,
		unlabeledWeight: 1,
		alphaFinal: 3,
		rampStart: 0.1,
		rampEnd: 0.6,
		flexWarmup: true,
		freeMatchMomentum: 0.999,
		teacherDecay: 0.999,
		consistencyRampEnd: 0.3,
		vatEpsilon: 2,
		augmentLabeled: true,
		augmentation: weak,
	};
}

/**
 * Runs `method` as the worker does — through the registry, on a model the caller owns and disposes — and returns
 * every event it emitted. `overrides.createModel` / `waitWhilePaused` replace the context's defaults.
 */
function runMethod(
	method: Method,
	config: RunConfig,
	options: {split?: SplitIndices; model?: Mlp; createModel?: MethodContext['createModel']; waitWhilePaused?: () => number; run?: string} = {},
): WorkerEvent[] {
	const events: WorkerEvent[] = [];
	const model = options.model ?? createMlp({seed: config.seed, learningRate: config.learningRate});
	try {
		methodNamed(method).run({
			model,
			createModel: options.createModel ?? (request => createMlp({seed: request.seed, learningRate: config.learningRate, hidden: request.hidden})),
			data,
			split: options.split ?? split,
			config,
			run: options.run ?? 'contender-1',
			epochs: config.warmupEpochs + config.onlineEpochs,
			emit: event => events.push(event),
			waitWhilePaused: options.waitWhilePaused ?? (() => 0),
		});
	} finally {
		model.dispose();
	}

	return events;
}

function expectWellFormedEpochs(events: WorkerEvent[], count: number): void {
	const epochs = events.filter(event => event.type === 'epoch');
	expect(epochs.map(event => event.type === 'epoch' && event.epoch)).toEqual(Array.from({length: count}, (_, i) => i + 1));
	for (const event of epochs) {
		if (event.type !== 'epoch') continue;
		expect(event.run).toBe('contender-1');
		expect(event.testAccuracy).toBeGreaterThan(0.1);
		expect(Number.isFinite(event.loss)).toBe(true);
		expect(event.samplesPerSec).toBeGreaterThan(0);
		expect(event.trainSize).toBeGreaterThan(0);
	}

	const done = events.at(-1);
	expect(done?.type).toBe('run-done');
}

describe.each(['lee2013', 'fixmatch', 'flexmatch', 'freematch', 'mean-teacher', 'vat'] as const satisfies readonly OnlineMethod[])('the online loop with %s\'s rule on MNIST (300 labels)', method => {
	it('learns far above chance and reports each epoch-equivalent\'s pseudo-labels', () => {
		const events = runMethod(method, onlineConfig());
		expect(finalAccuracy(events)).toBeGreaterThan(0.6);
		expectWellFormedEpochs(events, 5);
		const online = events.filter(event => event.type === 'epoch' && event.phase === 'training');
		// One epoch-equivalent: 20 steps of 32 + 224 images.
		expect(online.map(event => event.type === 'epoch' && [event.round, event.trainSize])).toEqual([[1, 20 * 256], [2, 20 * 256]]);

		const labels = events.filter(event => event.type === 'pseudo-labels');
		expect(labels).toHaveLength(2);
		for (const [index, event] of labels.entries()) {
			if (event.type !== 'pseudo-labels') continue;
			expect(event).toMatchObject({kind: 'online', round: index + 1, pool: 20 * 224});
			expect(event.acceptanceRate).toBeCloseTo(event.accepted / event.pool, 12);
			expect(event.perClassAccepted.reduce((a, b) => a + b, 0)).toBe(event.accepted);
			expect(event.perClassCorrect.every((correct, c) => correct <= event.perClassAccepted[c]!)).toBe(true);
			expect(event.samples.length).toBeGreaterThanOrEqual(4);
			expect(event.predictPerSec).toBeGreaterThan(0);
			if (event.accepted > 0) {
				expect(event.precision).toBeCloseTo(event.perClassCorrect.reduce((a, b) => a + b, 0) / event.accepted, 12);
				// Far above chance (0.1), not high: after 3 epochs on 300 clean digits the model is poor on FixMatch's
				// shifted weak views, and FlexMatch's warm-up thresholds use nearly every guess.
				expect(event.precision).toBeGreaterThan(0.3);
			}

			if (method === 'lee2013') {
				// Every image is used; α ramps from 0 (before 10 % of the phase) towards 3 (at 60 %).
				expect(event.accepted).toBe(event.pool);
				expect(event.threshold).toBe(0);
				expect(event.classThresholds).toBeUndefined();
				expect(event.alpha).toBeCloseTo(index === 0 ? (3 * (19 / 40 - 0.1)) / 0.5 : 3, 10);
			} else if (method === 'freematch') {
				// 40 steps at λ = 0.999 from 1/K: τ has risen, by at most 1 − 0.999⁴⁰ of the way to 1.
				expect(event.threshold).toBeGreaterThan(0.1);
				expect(event.threshold).toBeLessThan(0.1 + 0.9 * (1 - 0.999 ** 40) + 1e-9);
				expect(event.classThresholds).toHaveLength(10);
				// MaxNorm: the most predicted class gets the global τ, the others less.
				expect(Math.max(...event.classThresholds!)).toBeCloseTo(event.threshold, 12);
				expect(event.classThresholds!.every(t => t > 0 && t <= event.threshold + 1e-12)).toBe(true);
				expect(event.signals).toBeUndefined();
			} else if (method === 'mean-teacher') {
				// Every image is used (as soft targets); the teacher and the student are both measured on the test images.
				expect(event.accepted).toBe(event.pool);
				expect(event.threshold).toBe(0);
				const signal = (name: string) => event.signals?.find(candidate => candidate.name === name)?.value;
				const epochEvent = events.find(candidate => candidate.type === 'epoch' && candidate.phase === 'training' && candidate.round === index + 1);
				expect(signal('student')).toBe(epochEvent?.type === 'epoch' ? epochEvent.testAccuracy : Number.NaN);
				// An average of recent students: far above chance, close to the student.
				expect(signal('teacher')).toBeGreaterThan(0.6);
				expect(Math.abs(signal('teacher')! - signal('student')!)).toBeLessThan(0.1);
				// Ramping over the first 30 % of 40 steps: the last step of epoch 1 is step 19, past the ramp.
				expect(signal('consistency weight')).toBe(1);
			} else if (method === 'vat') {
				// Every image is used (its own plain prediction as the soft target for its perturbed copy).
				expect(event.accepted).toBe(event.pool);
				expect(event.threshold).toBe(0);
				const signal = (name: string) => event.signals?.find(candidate => candidate.name === name)?.value;
				expect(signal('ε')).toBe(2);
				// Measured on each epoch's first step and every 8th: the adversarial change moves the prediction far more
				// than a random one of the same length.
				expect(signal('random KL')).toBeGreaterThan(0);
				expect(signal('KL')).toBeGreaterThan(5 * signal('random KL')!);
			} else if (method === 'flexmatch') {
				expect(event.alpha).toBeUndefined();
				expect(event.classThresholds).toHaveLength(10);
				expect(event.classThresholds!.every(t => t >= 0 && t <= 0.95)).toBe(true);
			} else {
				expect(event.threshold).toBe(0.95);
				expect(event.alpha).toBeUndefined();
				expect(event.classThresholds).toBeUndefined();
			}
		}
	}, 120_000);
});

describe('the online loop', () => {
	it('trains Lee 2013 with --lee-augment on this step\'s weak view of each image (its guess from the plain one)', () => {
		const inner = createMlp({seed: 1, learningRate: 0.001});
		const trained: Uint8Array[] = [];
		// Records the unlabeled rows of each step (after the 32 labeled ones).
		const model: Mlp = {...inner, trainBatch(pixels, targets, weights) {
			trained.push(Uint8Array.from(pixels.subarray(32 * 784)));
			inner.trainBatch(pixels, targets, weights);
		}};
		const pool = split.pool.subarray(0, 448);
		const config = {...onlineConfig(), seed: 1, warmupEpochs: 1, onlineEpochs: 1, leeAugment: true};
		runMethod('lee2013', config, {split: {labeled: split.labeled, pool}, model});
		const plain = new Set(Array.from(pool, row => data.trainImages.subarray(row * 784, (row + 1) * 784).join(',')));
		expect(trained).toHaveLength(2);
		for (const step of trained) {
			expect(step.length).toBe(224 * 784);
			for (let i = 0; i < 224; i++) {
				const image = step.subarray(i * 784, (i + 1) * 784);
				// A view drawn for this step: ink moved (not a pool image as is), and never an empty buffer.
				expect(image.some(value => value > 0)).toBe(true);
				expect(plain.has(image.join(','))).toBe(false);
			}
		}
	}, 60_000);

	it('applies elastic distortion when elasticAlpha > 0 and stays deterministic for a seed', () => {
		const run = () => {
			const config = {...onlineConfig(), seed: 1, warmupEpochs: 1, onlineEpochs: 1, augmentation: {...weak, elasticAlpha: 34}};
			const events = runMethod('fixmatch', config, {split: {labeled: split.labeled, pool: split.pool.subarray(0, 448)}, run: 'x'});
			return {accuracy: finalAccuracy(events), events};
		};

		const a = run();
		const b = run();
		expect(b.accuracy).toBe(a.accuracy);
		const labelsA = a.events.find(event => event.type === 'pseudo-labels');
		const labelsB = b.events.find(event => event.type === 'pseudo-labels');
		expect(labelsB && labelsB.type === 'pseudo-labels' && labelsB.accepted).toBe(labelsA && labelsA.type === 'pseudo-labels' && labelsA.accepted);
	}, 60_000);

	it('respects pause between steps', () => {
		let waits = 0;
		runMethod('lee2013', {...onlineConfig(), seed: 2, warmupEpochs: 0, onlineEpochs: 1}, {
			split: {labeled: split.labeled, pool: split.pool.subarray(0, 448 * 2)},
			waitWhilePaused: () => {
				waits++;
				return 0;
			},
		});

		expect(waits).toBe(4);
	}, 30_000);
});

describe('Noisy Student on MNIST (300 labels)', () => {
	const options: RunConfig = {
		...defaultRunConfig,
		batchSize: 32,
		learningRate: 0.001,
		dropout: 0.3,
		seed: 42,
		warmupEpochs: 3,
		epochsPerRound: 3,
		rounds: 2,
		threshold: 0.8,
		softTargets: true,
		studentHidden: [128, 64],
		augmentLabeled: false,
		augmentation: weak,
		onlineEpochs: 0,
	};

	it('re-initialises a student each round, hands it over as the next teacher, learns, and reports each round', () => {
		const created: number[] = [];
		const disposed: string[] = [];
		const predictedBy: string[] = [];
		/** Wraps an Mlp to record who predicts (labels the pool) and who is disposed. */
		const tracked = (name: string, mlp: Mlp): Mlp => ({
			...mlp,
			predict(images, rows) {
				predictedBy.push(name);
				return mlp.predict(images, rows);
			},
			dispose() {
				disposed.push(name);
				mlp.dispose();
			},
		});
		const events = runMethod('noisy-student', options, {
			model: tracked('teacher', createMlp({seed: 42, learningRate: 0.001})),
			createModel(request) {
				created.push(request.seed);
				expect(request.hidden).toEqual(options.studentHidden);
				return tracked(`student-${request.seed - 42}`, createMlp({seed: request.seed, learningRate: 0.001, hidden: request.hidden}));
			},
		});

		// Students are seeded seed + round; each is disposed by the loop when its own student takes over, the last at
		// the end. The teacher is the caller's (runMethod disposes it last), never the loop's.
		expect(created).toEqual([43, 44]);
		expect(predictedBy).toEqual(['teacher', 'student-1']);
		expect(disposed).toEqual(['student-1', 'student-2', 'teacher']);
		expect(finalAccuracy(events)).toBeGreaterThan(0.6);
		expectWellFormedEpochs(events, 9);
		const labels = events.filter(event => event.type === 'pseudo-labels');
		expect(labels.map(event => event.type === 'pseudo-labels' && [event.kind, event.round, event.pool])).toEqual([
			['round', 1, 4480],
			['round', 2, 4480],
		]);
		const retraining = events.filter(event => event.type === 'epoch' && event.phase === 'retraining');
		expect(retraining.map(event => event.type === 'epoch' && event.round)).toEqual([1, 1, 1, 2, 2, 2]);
		for (const [index, event] of retraining.entries()) {
			const round = labels[Math.floor(index / 3)];
			if (event.type !== 'epoch' || round?.type !== 'pseudo-labels') continue;
			expect(event.trainSize).toBe(300 + round.accepted);
			expect(round.precision).toBeGreaterThan(0.6);
		}
	}, 120_000);

	it('with --student-noise, trains the student on its images plus fresh Gaussian noise, not on affine views', () => {
		const sigma = 0.15;
		const batches: Array<{pixels: Float32Array; targets: Float32Array}> = [];
		const events = runMethod('noisy-student', {...options, seed: 3, softTargets: false, rounds: 1, epochsPerRound: 2, threshold: 0.7, studentNoise: sigma}, {
			createModel(request) {
				const mlp = createMlp({seed: request.seed, learningRate: 0.001, hidden: request.hidden});
				return {...mlp, trainBatch(pixels, targets, weights) {
					expect(pixels).toBeInstanceOf(Float32Array);
					batches.push({pixels: Float32Array.from(pixels), targets: Float32Array.from(targets)});
					mlp.trainBatch(pixels, targets, weights);
				}};
			},
		});
		expect(finalAccuracy(events)).toBeGreaterThan(0.5);
		// Each noised row is one plain training image plus noise of sd σ·255: its nearest image is ~38 away per pixel,
		// an affine view of it would be much farther.
		const images = data.trainImages;
		const rows = 60;
		let squares = 0;
		let values = 0;
		for (let r = 0; r < rows; r++) {
			const row = batches[r]!.pixels.subarray(0, 784);
			let best = Number.POSITIVE_INFINITY;
			for (const candidate of [...split.labeled, ...split.pool]) {
				let sum = 0;
				for (let i = 0; i < 784 && sum < best; i++) {
					const d = row[i]! - images[candidate * 784 + i]!;
					sum += d * d;
				}

				best = Math.min(best, sum);
			}

			squares += best;
			values += 784;
		}

		expect(Math.sqrt(squares / values)).toBeGreaterThan(0.9 * sigma * 255);
		expect(Math.sqrt(squares / values)).toBeLessThan(1.1 * sigma * 255);
		// Two epochs over the same set: the same image gets different noise each time (no two batches repeat).
		expect(batches[0]!.pixels).not.toEqual(batches[Math.floor(batches.length / 2)]!.pixels);
	}, 120_000);

	it('with --labeled-share, repeats the labeled images to about that share of the student\'s set', () => {
		const events = runMethod('noisy-student', {...options, seed: 3, softTargets: false, rounds: 1, epochsPerRound: 1, threshold: 0.7, labeledShare: 0.5});
		const round = events.find(event => event.type === 'pseudo-labels');
		const retraining = events.find(event => event.type === 'epoch' && event.phase === 'retraining');
		if (round?.type !== 'pseudo-labels' || retraining?.type !== 'epoch') throw new Error('no round');
		// Half the set labeled: round(accepted / 300) copies of the 300 labels beside the accepted pseudo-labels.
		const copies = Math.max(1, Math.round(round.accepted / 300));
		expect(copies).toBeGreaterThan(2);
		expect(retraining.trainSize).toBe(300 * copies + round.accepted);
		expect(finalAccuracy(events)).toBeGreaterThan(0.5);
	}, 60_000);

	it('learns with hard targets too', () => {
		const events = runMethod('noisy-student', {...options, seed: 3, softTargets: false, rounds: 1, warmupEpochs: 3, threshold: 0.7});
		const accuracy = finalAccuracy(events);
		// A small fresh student after 3 epochs: far above chance, not yet its teacher's match.
		expect(accuracy).toBeGreaterThan(0.5);
		expect(events.filter(event => event.type === 'epoch')).toHaveLength(6);
	}, 60_000);
});

/** The accuracy the run reported in its run-done event. */
function finalAccuracy(events: WorkerEvent[]): number {
	const done = events.find(event => event.type === 'run-done');
	return done?.type === 'run-done' ? done.testAccuracy : Number.NaN;
}
