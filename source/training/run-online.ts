/**
 * The one online loop every online method shares: each step mixes a labeled batch with a fresh unlabeled batch whose
 * pseudo-labels the current model makes on the spot. What the unlabeled part is — which rows are used, with which
 * labels, weights and views — is the method's `UnlabeledRule` (online-rule.ts; lee2013, fixmatch, flexmatch,
 * freematch and mean-teacher in source/methods/). All of it is one weighted soft-target step (Mlp.trainBatch) of B labeled + up to U unlabeled rows.
 * The pool's true labels never reach the model; they only measure how right the used pseudo-labels are.
 *
 * Labeled batches are drawn in reshuffled passes rather than with replacement: over a pass every labeled image counts
 * exactly once, where sampling with replacement would leave about a third of 1000 labels unseen in any 1000 draws.
 * Unlabeled batches are drawn the same way, so an epoch-equivalent sees (nearly) every pool image once.
 */
import type {RunConfig} from '../config/run-config.js';
import {classCount, inputSize} from '../core/dataset-info.js';
import {createRandom, createStream, shuffle, type Random} from '../core/random.js';
import {WrongMemory} from '../core/wrong-memory.js';
import type {Mlp, PixelArray} from '../engine/mlp.js';
import type {MethodContext} from '../methods/method.js';
import {createAugmenter, createStrongAugmenter} from './augment-views.js';
import {gatherLabels, gatherRows} from './dataset-views.js';
import {epochEvent, scoreEpoch} from './epoch-event.js';
import {startEpochClock} from './epoch-timer.js';
import {OnlineEpochStats, RecentBatches} from './online-epoch-stats.js';
import type {RuleFactory, UnlabeledBatch, UnlabeledChoice} from './online-rule.js';
import {RunTally, warmUp} from './train-epochs.js';

const digitSamplesPerEpoch = 12;
/** Steps whose unlabeled batches feed the digit samples of an epoch-equivalent (the most recent ones). */
const sampleSteps = 4;

/** An endless stream of indices 0..size−1: shuffled passes, each index once per pass. */
function passSampler(size: number, random: Random): (out: Int32Array, count: number) => void {
	const order = Int32Array.from({length: size}, (_, i) => i);
	let cursor = size;
	return (out, count) => {
		for (let i = 0; i < count; i++) {
			if (cursor === size) {
				shuffle(order, random);
				cursor = 0;
			}

			out[i] = order[cursor++]!;
		}
	};
}

/**
 * Warm-up epochs on the labeled images, then `onlineEpochs` epoch-equivalents of online steps, each ceil(pool / U)
 * steps. Emits `epoch` events (warm-up as trainAndEvaluateEpoch does; each epoch-equivalent with phase 'training' and
 * round = its number) and, after each epoch-equivalent, a `pseudo-labels` event (kind 'online'), then `run-done`.
 */
export function runOnline(context: MethodContext, makeRule: RuleFactory): void {
	const {model, data, split, config, run} = context;
	validate(config);
	const classes = classCount(data.info);
	const pixels = inputSize(data.info);
	const labeledBatch = config.batchSize;
	const unlabeledBatch = Math.max(1, Math.round(config.unlabeledRatio * labeledBatch));
	const tally = new RunTally(run);
	// The warm-up draws from the run's seed exactly as the supervised run does, so their curves coincide until then.
	const random = createRandom(config.seed);
	// A Stream (the same draws as createRandom): its augmentations can be shared with helper threads (augment-views.ts).
	const stepRandom = createStream(config.seed ^ 0x5eed);
	const digitRandom = createRandom(config.seed ^ 0xd161);
	const labeledImages = gatherRows(data.trainImages, split.labeled, pixels);
	const labeledLabels = gatherLabels(data.trainLabels, split.labeled);
	const poolTruth = gatherLabels(data.trainLabels, split.pool);
	const poolSize = split.pool.length;
	let epoch = warmUp(model, {images: labeledImages, labels: labeledLabels}, data, context, tally, {
		run,
		epochs: config.warmupEpochs,
		batchSize: labeledBatch,
		random,
	});

	if (poolSize === 0 || config.onlineEpochs === 0) {
		tally.finish(model, data, context);
		return;
	}

	const rule = makeRule({config, poolSize, classes, unlabeledBatch, data, createModel: context.createModel});
	try {
		const stepsPerEpoch = Math.ceil(poolSize / unlabeledBatch);
		const totalSteps = stepsPerEpoch * config.onlineEpochs;
		const rowsPerStep = labeledBatch + unlabeledBatch;
		// Every buffer a step needs, made once: a step allocates only what the rule's mask returns.
		const batchPixels = new Uint8Array(rowsPerStep * pixels);
		const targets = new Float32Array(rowsPerStep * classes);
		const weights = new Float32Array(rowsPerStep);
		const weakView = new Uint8Array(unlabeledBatch * pixels);
		const plainView = new Uint8Array(unlabeledBatch * pixels);
		// A step whose rule gives its own real-valued inputs (VAT) trains on this copy of the step's rows instead.
		let realPixels: Float32Array | undefined;
		const viewRows = Int32Array.from({length: unlabeledBatch}, (_, i) => i);
		const labeledPositions = new Int32Array(labeledBatch);
		// The step's labeled images as rows of the training images, which helpers share: their augmentation (elastic
		// distortion included: ~110 µs an image, ~12 % of a Lee 2013 epoch on one thread) is then a job the team
		// splits, to the same bytes as from the labeled copy.
		const labeledTrainRows = new Int32Array(labeledBatch);
		const poolPositions = new Int32Array(unlabeledBatch);
		const unlabeledRows = new Int32Array(unlabeledBatch);
		const truth = new Uint8Array(unlabeledBatch);
		const usedRows = new Int32Array(unlabeledBatch);
		const nextLabeled = passSampler(labeledLabels.length, stepRandom);
		const nextUnlabeled = passSampler(poolSize, stepRandom);
		const augment = createAugmenter(config.augmentation, data.shape, context.parallel);
		const strongAugment = createStrongAugmenter(config.augmentation, config.strongAugmentation, data.shape, context.parallel);
		const stats = new OnlineEpochStats(classes);
		const recent = new RecentBatches(sampleSteps, unlabeledBatch);
		// Per pool image, whether its last draw was used with a wrong label: what later draws did with such mistakes.
		const wrongMemory = new WrongMemory(poolSize);
		const labeledPart = batchPixels.subarray(0, labeledBatch * pixels);
		const unlabeledPart = batchPixels.subarray(labeledBatch * pixels);
		const usedBuffers: UsedRowBuffers = {labeledBatch, classes, targets, weights, usedRows, unlabeledRows};
		let step = 0;
		let weakReady = false;

		const drawWeak = () => {
			if (!weakReady) {
				const started = performance.now();
				augment(data.trainImages, unlabeledRows, stepRandom, weakView);
				stats.augmentedSince(started, unlabeledBatch);
				weakReady = true;
			}

			return weakView;
		};

		const predictTimed = (by: Mlp, images: Uint8Array, rows: Int32Array) => {
			const started = performance.now();
			const probabilities = by.predict(images, rows);
			stats.predictedSince(started);
			return probabilities;
		};

		const batch: UnlabeledBatch = {
			model,
			rows: unlabeledRows,
			positions: poolPositions,
			truth,
			progress: 0,
			predictPlain: (by = model) => predictTimed(by, data.trainImages, unlabeledRows),
			predictWeak: (by = model) => predictTimed(by, drawWeak(), viewRows),
			images(view) {
				if (view === 'weak') return drawWeak();
				copyRows(data.trainImages, unlabeledRows, unlabeledBatch, pixels, plainView);
				return plainView;
			},
		};

		for (let round = 1; round <= config.onlineEpochs; round++) {
			epoch++;
			context.emit({type: 'phase', run, phase: 'training', round});
			const clock = startEpochClock(context, run, epoch, stepsPerEpoch * rowsPerStep);
			stats.reset();
			recent.clear();

			for (let s = 0; s < stepsPerEpoch; s++) {
				// Labeled rows first: one-hot targets, weight 1/B each (the labeled batch's mean loss).
				nextLabeled(labeledPositions, labeledBatch);
				targets.fill(0);
				if (config.augmentLabeled) {
					const started = performance.now();
					for (let i = 0; i < labeledBatch; i++) labeledTrainRows[i] = split.labeled[labeledPositions[i]!]!;
					augment(data.trainImages, labeledTrainRows, stepRandom, labeledPart);
					stats.augmentedSince(started, labeledBatch);
				} else {
					copyRows(labeledImages, labeledPositions, labeledBatch, pixels, labeledPart);
				}

				for (let i = 0; i < labeledBatch; i++) {
					targets[i * classes + labeledLabels[labeledPositions[i]!]!] = 1;
					weights[i] = 1 / labeledBatch;
				}

				// Unlabeled rows: the method's rule decides which are used, with which labels, weight and view.
				nextUnlabeled(poolPositions, unlabeledBatch);
				for (let i = 0; i < unlabeledBatch; i++) {
					unlabeledRows[i] = split.pool[poolPositions[i]!]!;
					truth[i] = poolTruth[poolPositions[i]!]!;
				}

				batch.progress = step / totalSteps;
				weakReady = false;
				const choice = rule.label(batch);
				const {decision} = choice;
				const used = placeUsedRows(choice, usedBuffers);
				// Only used images get a row in the step: a masked row's gradient is zero anyway.
				const usedPart = unlabeledPart.subarray(0, used * pixels);
				const chosen = usedRows.subarray(0, used);
				const rows = labeledBatch + used;
				let stepPixels: PixelArray = batchPixels.subarray(0, rows * pixels);
				if (choice.inputs) {
					realPixels ??= new Float32Array(rowsPerStep * pixels);
					realPixels.set(labeledPart);
					copyRows(choice.inputs, chosen, used, pixels, realPixels.subarray(labeledBatch * pixels));
					stepPixels = realPixels.subarray(0, rows * pixels);
				} else if (choice.view === 'plain' || choice.view === 'weak') {
					// drawWeak, not weakView: a rule may train on this step's weak view without predicting on it (Lee 2013's
					// --lee-augment), and the buffer would still hold the last step's.
					copyRows(choice.view === 'weak' ? drawWeak() : data.trainImages, chosen, used, pixels, usedPart);
				} else {
					const started = performance.now();
					if (choice.view === 'strong') {
						strongAugment(data.trainImages, chosen, stepRandom, usedPart);
					} else {
						augment(data.trainImages, chosen, stepRandom, usedPart);
					}

					stats.augmentedSince(started, used);
				}

				model.trainBatch(stepPixels, targets.subarray(0, rows * classes), weights.subarray(0, rows));
				rule.afterStep?.(model);
				step++;
				stats.addStep(decision);
				wrongMemory.add(poolPositions, decision, truth);
				recent.push(unlabeledRows, truth, decision);
				clock.onBatch((s + 1) * rowsPerStep);
			}

			const {loss} = model.takeLoss();
			const seconds = clock.seconds();
			const score = scoreEpoch(model, data);
			const {testAccuracy} = score;
			const processed = stepsPerEpoch * rowsPerStep;
			context.emit(epochEvent({run, epoch, phase: 'training', round, ...score, loss, samples: processed, seconds}));
			tally.add({samples: processed, testAccuracy});
			const samples = recent.samples(data.trainImages, pixels, digitSamplesPerEpoch, digitRandom);
			context.emit(stats.event(run, round, rule.signals({testAccuracy}), samples, wrongMemory.take()));
		}
	} finally {
		rule.dispose?.();
	}

	tally.finish(model, data, context);
}

/** Where a step's used unlabeled rows go: after the B labeled rows of the step's targets and weights. */
interface UsedRowBuffers {
	labeledBatch: number;
	classes: number;
	targets: Float32Array;
	weights: Float32Array;
	/** Filled with each used row's source: its batch position for the weak view or the rule's inputs, else its training-image row. */
	usedRows: Int32Array;
	unlabeledRows: Int32Array;
}

/** Writes the used rows' targets (one-hot pseudo-labels, or the rule's soft targets) and weights; returns how many. */
function placeUsedRows(choice: UnlabeledChoice, buffers: UsedRowBuffers): number {
	const {decision} = choice;
	const {labeledBatch, classes, targets, weights, usedRows, unlabeledRows} = buffers;
	let used = 0;
	for (let i = 0; i < decision.mask.length; i++) {
		if (!decision.mask[i]) continue;
		const row = labeledBatch + used;
		if (choice.targets) {
			targets.set(choice.targets.subarray(i * classes, (i + 1) * classes), row * classes);
		} else {
			targets[row * classes + decision.pseudoLabels[i]!] = 1;
		}

		weights[row] = choice.weight;
		usedRows[used++] = choice.view === 'weak' || choice.inputs ? i : unlabeledRows[i]!;
	}

	return used;
}

/** Copies `count` images (`rows` of `source`) one after another into `output`. */
function copyRows(source: PixelArray, rows: Int32Array, count: number, pixels: number, output: PixelArray): void {
	for (let i = 0; i < count; i++) {
		const from = rows[i]! * pixels;
		output.set(source.subarray(from, from + pixels), i * pixels);
	}
}

/** The loop's own preconditions (the settings table checks user input; this guards direct callers). */
function validate(config: RunConfig): void {
	const {batchSize, unlabeledRatio, onlineEpochs, warmupEpochs} = config;
	if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
	if (!(unlabeledRatio > 0)) throw new RangeError(`unlabeledRatio must be positive, got ${unlabeledRatio}`);
	if (!Number.isInteger(onlineEpochs) || onlineEpochs < 0) throw new RangeError(`onlineEpochs must be a whole number, got ${onlineEpochs}`);
	if (!Number.isInteger(warmupEpochs) || warmupEpochs < 0) throw new RangeError(`warmupEpochs must be a whole number, got ${warmupEpochs}`);
}
