// The shared online loop trains each used row on the view its rule asks for, calls the rule's step and end hooks, and
// frees what the rule made even when it fails. Real MNIST, a real model, a hand-written rule.
import {beforeAll, describe, expect, it} from 'vitest';
import {defaultRunConfig, type RunConfig} from '../../source/config/run-config.js';
import {confidenceMask} from '../../source/core/confidence-mask.js';
import {initBackend} from '../../source/engine/backend.js';
import {createMlp, type Mlp, type PixelArray} from '../../source/engine/mlp.js';
import type {SplitIndices} from '../../source/protocol/messages.js';
import {gatherRows, type DatasetViews} from '../../source/training/dataset-views.js';
import type {UnlabeledChoice, UnlabeledRule} from '../../source/training/online-rule.js';
import {runOnline} from '../../source/training/run-online.js';
import {mnistSplit, mnistViews} from './mnist-views.js';

let data: DatasetViews;
let split: SplitIndices;
const pixels = 784;

beforeAll(async () => {
	await initBackend('wasm');
	data = mnistViews(200);
	// U = 7·32 = 224: two steps per epoch-equivalent.
	split = mnistSplit(data, 100, 3, 448);
});

const config: RunConfig = {...defaultRunConfig, seed: 3, warmupEpochs: 0, onlineEpochs: 1, augmentLabeled: false};

interface Seen {
	/** The first step's unlabeled rows and the pixels its unlabeled part trained on. */
	rows?: Int32Array;
	trained?: PixelArray;
	/** The first weak view any model predicted on. */
	weakView?: PixelArray;
	/** The first step's labeled pixels, and the rule's own inputs when it gave them. */
	labeled?: PixelArray;
	inputs?: Float32Array;
	afterSteps: number;
	disposed: number;
	error?: unknown;
}

/** Runs the online loop with a rule that uses every guess on `view`, recording what it trained on. */
function runWithView(view: UnlabeledChoice['view'], failAt?: number, ownInputs = false): Seen {
	const seen: Seen = {afterSteps: 0, disposed: 0};
	const inner = createMlp({seed: 3, learningRate: 0.001});
	const model: Mlp = {
		...inner,
		predict(images, rows) {
			if (images !== data.trainImages) seen.weakView ??= images.slice();
			return inner.predict(images, rows);
		},
		trainBatch(batchPixels, targets, weights) {
			seen.trained ??= batchPixels.slice(config.batchSize * pixels);
			seen.labeled ??= batchPixels.slice(0, config.batchSize * pixels);
			inner.trainBatch(batchPixels, targets, weights);
		},
	};
	try {
		runOnline({
			model,
			createModel: request => createMlp({seed: request.seed, learningRate: 0.001, hidden: [8, 8]}),
			data,
			split,
			config,
			run: 'x',
			epochs: 1,
			emit() {},
			waitWhilePaused: () => 0,
		}, setup => {
			// A model the rule owns, as a Mean Teacher's teacher would be: it must be freed by dispose.
			const own = setup.createModel({seed: 9});
			const rule: UnlabeledRule = {
				label(batch) {
					seen.rows ??= batch.rows.slice();
					// The rule's own model can predict on the step's views too (a teacher would); the labels here are the trained model's.
					expect(batch.predictPlain(own)).toHaveLength(batch.rows.length * setup.classes);
					const probabilities = view === 'plain' ? batch.predictPlain() : batch.predictWeak();
					const decision = confidenceMask(probabilities, 0, batch.truth, setup.classes);
					if (ownInputs && (view === 'plain' || view === 'weak')) {
						// As VAT gives them: the view's pixels moved off the byte grid (and below 0).
						const inputs = Float32Array.from(batch.images(view), value => value - 0.25);
						seen.inputs ??= inputs.slice();
						return {decision, weight: 1 / setup.unlabeledBatch, view, inputs};
					}

					return {decision, weight: 1 / setup.unlabeledBatch, view};
				},
				afterStep(trained) {
					expect(trained).toBe(model);
					seen.afterSteps++;
					if (seen.afterSteps === failAt) throw new Error('rule failed');
				},
				signals: () => ({threshold: 0}),
				dispose() {
					seen.disposed++;
					own.dispose();
				},
			};
			return rule;
		});
	} catch (error) {
		seen.error = error;
	} finally {
		inner.dispose();
	}

	return seen;
}

describe('the online loop', () => {
	it('trains used rows on the plain images, or on exactly the weak view the rule predicted on', () => {
		const plain = runWithView('plain');
		expect(plain.trained).toEqual(gatherRows(data.trainImages, plain.rows!, pixels));
		expect(plain.weakView).toBeUndefined();

		const weak = runWithView('weak');
		expect(weak.weakView).toBeDefined();
		expect(weak.trained).toEqual(weak.weakView);
		expect(weak.trained).not.toEqual(gatherRows(data.trainImages, weak.rows!, pixels));
	}, 60_000);

	it('draws a second weak view or a strong view afresh, unlike the view predicted on and the plain images', () => {
		for (const view of ['fresh-weak', 'strong'] as const) {
			const seen = runWithView(view);
			const plainPixels = gatherRows(data.trainImages, seen.rows!, pixels);
			expect(seen.trained!.length).toBe(plainPixels.length);
			expect(seen.trained, view).not.toEqual(seen.weakView);
			expect(seen.trained, view).not.toEqual(plainPixels);
		}
	}, 60_000);

	it('trains used rows on the rule\'s own real-valued inputs when it gives them, the labeled rows as they were', () => {
		for (const view of ['plain', 'weak'] as const) {
			const seen = runWithView(view, undefined, true);
			expect(seen.trained, view).toBeInstanceOf(Float32Array);
			expect(seen.trained, view).toEqual(seen.inputs);
			const base = view === 'weak' ? seen.weakView! : gatherRows(data.trainImages, seen.rows!, pixels);
			expect(seen.inputs, view).toEqual(Float32Array.from(base, value => value - 0.25));
			// The labeled part is the same bytes a run without own inputs trains on (the same draws up to then).
			expect(seen.labeled, view).toEqual(Float32Array.from(runWithView(view).labeled!));
		}
	}, 60_000);

	it('calls afterStep once per step and dispose once at the end, also when the rule fails mid-run', () => {
		const done = runWithView('plain');
		expect(done.afterSteps).toBe(2);
		expect(done.disposed).toBe(1);
		expect(done.error).toBeUndefined();
		const failed = runWithView('plain', 1);
		expect(failed.error).toEqual(new Error('rule failed'));
		expect(failed.disposed).toBe(1);
	}, 60_000);
});
