/**
 * Online semi-supervised training: every step mixes a labeled batch with a fresh unlabeled batch whose pseudo-labels
 * the current model makes on the spot. One loop, three rules for the unlabeled part:
 * - lee2013 (Lee 2013): the model's argmax on the plain images, no threshold, weighted by α(t), which ramps from 0
 *   to alphaFinal so early guesses (mostly noise) are not learned;
 * - fixmatch (Sohn 2020): the argmax on a weakly augmented view, kept when its confidence reaches τ; the loss is taken
 *   on a strongly augmented view, so the model must agree with itself on a much harder picture;
 * - flexmatch (Zhang 2021): fixmatch with a threshold per class that is lower for classes the model has learned less.
 * All of it is one weighted soft-target step (Mlp.trainBatch) of B labeled + up to U unlabeled rows.
 * The pool's true labels never reach the model; they only measure how right the used pseudo-labels are.
 */
import {confidenceMask, type ConfidenceMask} from '../core/confidence-mask.js';
import {classCount} from '../core/dataset-info.js';
import {pickDigitSamples} from '../core/digit-samples.js';
import {flexMatchThresholds, recordConfidentClasses} from '../core/flexmatch.js';
import {lee2013Alpha} from '../core/lee2013.js';
import type {PseudoLabelSelection} from '../core/pseudo-labels.js';
import {createRandom, shuffle, type Random} from '../core/random.js';
import {strongAugmentImages, type StrongAugmentation} from '../core/strong-augment.js';
import type {Mlp} from '../engine/mlp.js';
import type {RunName, SplitIndices} from '../protocol/messages.js';
import {createAugmenter, type Augmentation} from './augment-views.js';
import {gatherLabels, gatherRows, type DatasetViews} from './dataset-views.js';
import {startEpochClock} from './epoch-timer.js';
import type {RunContext} from './event-sink.js';
import {RunTally, trainAndEvaluateEpoch} from './train-epochs.js';

export type OnlineMethod = 'lee2013' | 'fixmatch' | 'flexmatch';

/** What an online run needs; field names are the settings table's. */
export interface OnlineOptions {
	method: OnlineMethod;
	/** B: labeled images per step (and the warm-up's batch size). */
	batchSize: number;
	/** For the caller's createMlp; the loop itself does not read it. */
	learningRate: number;
	/** For the caller's createMlp; the loop itself does not read it. */
	dropout: number;
	seed: number;
	/** Epochs of supervised training on the labeled images before the online phase. */
	warmupEpochs: number;
	/** Epoch-equivalents of the online phase: each is ceil(pool / U) steps, one pool's worth of unlabeled images. */
	onlineEpochs: number;
	/** FixMatch's τ (and FlexMatch's bar for its best-learned class); lee2013 has none. */
	threshold: number;
	/** μ: unlabeled images per labeled one, U = μ·B. */
	unlabeledRatio: number;
	/** λu: weight of the unlabeled loss (fixmatch, flexmatch). */
	unlabeledWeight: number;
	/** lee2013: α once the ramp is over. */
	alphaFinal: number;
	/** lee2013: fraction of the online phase until which α is 0. */
	rampStart: number;
	/** lee2013: fraction of the online phase at which α reaches alphaFinal. */
	rampEnd: number;
	/** flexmatch: count never-confident images in β's denominator (the paper's threshold warm-up). */
	flexWarmup: boolean;
	/** Weakly augment the labeled batch. */
	augmentLabeled: boolean;
	/** The weak augmentation (labeled batches, fixmatch's weak view), elastic distortion included when elasticAlpha > 0. */
	augmentation: Augmentation;
	/** fixmatch/flexmatch's strong view. */
	strongAugmentation: StrongAugmentation;
}

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

/** The unlabeled part of one step, kept for the digit samples. */
interface StepRecord {
	rows: Int32Array;
	truth: Uint8Array;
	decision: ConfidenceMask;
}

/**
 * Warm-up epochs on the labeled images, then `onlineEpochs` epoch-equivalents of online steps. Emits `epoch` events
 * (warm-up as trainAndEvaluateEpoch does; each epoch-equivalent with phase 'training' and round = its number) and,
 * after each epoch-equivalent, a `pseudo-labels` event (kind 'online'). Returns the final test accuracy.
 *
 * Labeled batches are drawn in reshuffled passes rather than with replacement: over a pass every labeled image counts
 * exactly once, where sampling with replacement would leave about a third of 1000 labels unseen in any 1000 draws.
 * Unlabeled batches are drawn the same way, so an epoch-equivalent sees (nearly) every pool image once.
 */
export function runOnline(mlp: Mlp, options: OnlineOptions, data: DatasetViews, split: SplitIndices, context: RunContext, run: string): void {
	const runName = run as RunName;
	validate(options);
	const {method, batchSize: labeledBatch} = options;
	const unlabeledBatch = Math.max(1, Math.round(options.unlabeledRatio * labeledBatch));
	const tally = new RunTally(runName);
	// The warm-up draws from the run's seed exactly as the supervised run does, so their curves coincide until then.
	const random = createRandom(options.seed);
	const stepRandom = createRandom(options.seed ^ 0x5eed);
	const digitRandom = createRandom(options.seed ^ 0xd161);
	const labeledImages = gatherRows(data.trainImages, split.labeled, data.pixelsPerImage);
	const labeledLabels = gatherLabels(data.trainLabels, split.labeled);
	const poolTruth = gatherLabels(data.trainLabels, split.pool);
	const poolSize = split.pool.length;
	const pixels = data.pixelsPerImage;
	const classes = classCount(data.info);
	let epoch = 0;

	context.emit({type: 'phase', run: runName, phase: 'warm-up', round: 0});
	for (let i = 0; i < options.warmupEpochs; i++) {
		epoch++;
		tally.add(trainAndEvaluateEpoch(mlp, {images: labeledImages, labels: labeledLabels}, data, context, {
			run: runName,
			phase: 'warm-up',
			round: 0,
			epoch,
			batchSize: labeledBatch,
			random,
		}));
	}

	if (poolSize === 0 || options.onlineEpochs === 0) {
		tally.finish(mlp, data, context);
		return;
	}

	const stepsPerEpoch = Math.ceil(poolSize / unlabeledBatch);
	const totalSteps = stepsPerEpoch * options.onlineEpochs;
	const rowsPerStep = labeledBatch + unlabeledBatch;
	const batchPixels = new Uint8Array(rowsPerStep * pixels);
	const targets = new Float32Array(rowsPerStep * classes);
	const weights = new Float32Array(rowsPerStep);
	const weakView = new Uint8Array(unlabeledBatch * pixels);
	const viewRows = Int32Array.from({length: unlabeledBatch}, (_, i) => i);
	const labeledPositions = new Int32Array(labeledBatch);
	const poolPositions = new Int32Array(unlabeledBatch);
	const nextLabeled = passSampler(labeledLabels.length, stepRandom);
	const nextUnlabeled = passSampler(poolSize, stepRandom);
	const augment = createAugmenter(options.augmentation, data.shape);
	const lastConfidentClass = new Int16Array(method === 'flexmatch' ? poolSize : 0).fill(-1);
	const ramp = {alphaFinal: options.alphaFinal, rampStart: options.rampStart, rampEnd: options.rampEnd};
	let alpha = 0;
	let classThresholds: number[] | undefined;
	let step = 0;

	for (let round = 1; round <= options.onlineEpochs; round++) {
		epoch++;
		context.emit({type: 'phase', run: runName, phase: 'training', round});
		const clock = startEpochClock(context, runName, epoch, stepsPerEpoch * rowsPerStep);
		const perClassUsed = new Array<number>(classes).fill(0);
		const perClassCorrect = new Array<number>(classes).fill(0);
		let seen = 0;
		let used = 0;
		let correct = 0;
		let predictSeconds = 0;
		let augmentSeconds = 0;
		let augmented = 0;
		const recent: StepRecord[] = [];

		for (let s = 0; s < stepsPerEpoch; s++) {
			// Labeled rows first: one-hot targets, weight 1/B each (the labeled batch's mean loss).
			nextLabeled(labeledPositions, labeledBatch);
			const labeledPart = batchPixels.subarray(0, labeledBatch * pixels);
			targets.fill(0);
			if (options.augmentLabeled) {
				const started = performance.now();
				augment(labeledImages, labeledPositions, stepRandom, labeledPart);
				augmentSeconds += (performance.now() - started) / 1000;
				augmented += labeledBatch;
			} else {
				for (let i = 0; i < labeledBatch; i++) {
					const from = labeledPositions[i]! * pixels;
					labeledPart.set(labeledImages.subarray(from, from + pixels), i * pixels);
				}
			}

			for (let i = 0; i < labeledBatch; i++) {
				targets[i * classes + labeledLabels[labeledPositions[i]!]!] = 1;
				weights[i] = 1 / labeledBatch;
			}

			// Unlabeled rows: the method decides the pseudo-labels, which are used, and how much they weigh.
			nextUnlabeled(poolPositions, unlabeledBatch);
			const trainRows = new Int32Array(unlabeledBatch);
			const truth = new Uint8Array(unlabeledBatch);
			for (let i = 0; i < unlabeledBatch; i++) {
				trainRows[i] = split.pool[poolPositions[i]!]!;
				truth[i] = poolTruth[poolPositions[i]!]!;
			}

			let decision: ConfidenceMask;
			let unlabeledWeight: number;
			let usedRows: Int32Array;
			const predictStarted = performance.now();
			if (method === 'lee2013') {
				// The plain images, no dropout, no threshold: every unlabeled image is used, weighted by α(t).
				const probabilities = mlp.predict(data.trainImages, trainRows);
				predictSeconds += (performance.now() - predictStarted) / 1000;
				decision = confidenceMask(probabilities, 0, truth, classes);
				alpha = lee2013Alpha(step / totalSteps, ramp);
				unlabeledWeight = alpha / unlabeledBatch;
				usedRows = trainRows;
				batchPixels.set(gatherRows(data.trainImages, trainRows, pixels), labeledBatch * pixels);
			} else {
				const weakStarted = performance.now();
				augment(data.trainImages, trainRows, stepRandom, weakView);
				augmentSeconds += (performance.now() - weakStarted) / 1000;
				augmented += unlabeledBatch;
				const predictFrom = performance.now();
				const probabilities = mlp.predict(weakView, viewRows);
				predictSeconds += (performance.now() - predictFrom) / 1000;
				if (method === 'flexmatch') {
					const confident = confidenceMask(probabilities, options.threshold, undefined, classes);
					recordConfidentClasses(lastConfidentClass, poolPositions, confident.pseudoLabels, confident.confidence, options.threshold);
					classThresholds = flexMatchThresholds(lastConfidentClass, options.threshold, options.flexWarmup, classes).thresholds;
					decision = confidenceMask(probabilities, classThresholds, truth, classes);
				} else {
					decision = confidenceMask(probabilities, options.threshold, truth, classes);
				}

				unlabeledWeight = options.unlabeledWeight / unlabeledBatch;
				// Only used images get a strong view and a row in the step: a masked row's gradient is zero anyway.
				usedRows = new Int32Array(decision.used);
				for (let i = 0, k = 0; i < unlabeledBatch; i++) {
					if (decision.mask[i]) usedRows[k++] = trainRows[i]!;
				}

				const strongStarted = performance.now();
				strongAugmentImages(data.trainImages, usedRows, options.strongAugmentation, stepRandom, data.shape,
					batchPixels.subarray(labeledBatch * pixels, (labeledBatch + usedRows.length) * pixels));
				augmentSeconds += (performance.now() - strongStarted) / 1000;
				augmented += usedRows.length;
			}

			for (let i = 0, k = labeledBatch; i < unlabeledBatch; i++) {
				if (decision.mask[i]) {
					targets[k * classes + decision.pseudoLabels[i]!] = 1;
					weights[k] = unlabeledWeight;
					k++;
				}
			}

			const rows = labeledBatch + usedRows.length;
			mlp.trainBatch(batchPixels.subarray(0, rows * pixels), targets.subarray(0, rows * classes), weights.subarray(0, rows));
			step++;

			seen += unlabeledBatch;
			used += decision.used;
			correct += decision.correct;
			for (let c = 0; c < classes; c++) {
				perClassUsed[c] += decision.perClassUsed[c]!;
				perClassCorrect[c] += decision.perClassCorrect[c]!;
			}

			recent.push({rows: trainRows, truth, decision});
			if (recent.length > sampleSteps) recent.shift();
			clock.onBatch((s + 1) * rowsPerStep);
		}

		const {loss} = mlp.takeLoss();
		const seconds = clock.seconds();
		const testAccuracy = mlp.evaluate(data.testImages, data.testLabels);
		const processed = stepsPerEpoch * rowsPerStep;
		context.emit({
			type: 'epoch',
			run: runName,
			epoch,
			phase: 'training',
			round,
			testAccuracy,
			loss,
			samplesPerSec: processed / Math.max(seconds, 1e-6),
			trainSize: processed,
			seconds,
		});
		tally.add({samples: processed, testAccuracy});

		const samples = recentSamples(recent, data.trainImages, pixels, digitRandom);
		context.emit({
			type: 'pseudo-labels',
			run: runName as 'semi',
			kind: 'online',
			round,
			pool: seen,
			accepted: used,
			acceptanceRate: seen === 0 ? 0 : used / seen,
			precision: used === 0 ? Number.NaN : correct / used,
			perClassAccepted: perClassUsed,
			perClassCorrect,
			threshold: method === 'lee2013' ? 0 : options.threshold,
			samples,
			predictPerSec: seen / Math.max(predictSeconds, 1e-6),
			augmentPerSec: augmented / Math.max(augmentSeconds, 1e-6),
			...(method === 'lee2013' ? {alpha} : {}),
			...(method === 'flexmatch' && classThresholds ? {classThresholds} : {}),
		});
	}

	tally.finish(mlp, data, context);
		return;
}

/** Digit samples from the last few steps' unlabeled batches: used and right, confidently wrong, rejected. */
function recentSamples(recent: StepRecord[], images: Uint8Array, pixels: number, random: Random) {
	const n = recent.reduce((sum, record) => sum + record.rows.length, 0);
	const rows = new Int32Array(n);
	const truth = new Uint8Array(n);
	const predicted = new Uint8Array(n);
	const confidence = new Float32Array(n);
	const accepted: number[] = [];
	let at = 0;
	for (const record of recent) {
		rows.set(record.rows, at);
		truth.set(record.truth, at);
		predicted.set(record.decision.pseudoLabels, at);
		confidence.set(record.decision.confidence, at);
		for (let i = 0; i < record.rows.length; i++) {
			if (record.decision.mask[i]) accepted.push(at + i);
		}

		at += record.rows.length;
	}

	// pickDigitSamples reads only which positions were used, their labels and confidences.
	const selection: PseudoLabelSelection = {
		accepted: Int32Array.from(accepted),
		labels: Uint8Array.from(accepted, position => predicted[position]!),
		confidence,
		predicted,
		acceptanceRate: n === 0 ? 0 : accepted.length / n,
		precision: Number.NaN,
		perClassAccepted: [],
		perClassCorrect: [],
		perClassTopConfusion: [],
	};
	return pickDigitSamples(selection, images, rows, truth, digitSamplesPerEpoch, random, pixels);
}

function validate(options: OnlineOptions): void {
	const {method, batchSize, unlabeledRatio, threshold, onlineEpochs, warmupEpochs} = options;
	if (method !== 'lee2013' && method !== 'fixmatch' && method !== 'flexmatch') {
		throw new RangeError(`unknown online method ${String(method)}`);
	}

	if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
	if (!(unlabeledRatio > 0)) throw new RangeError(`unlabeledRatio must be positive, got ${unlabeledRatio}`);
	if (!Number.isInteger(onlineEpochs) || onlineEpochs < 0) throw new RangeError(`onlineEpochs must be a whole number, got ${onlineEpochs}`);
	if (!Number.isInteger(warmupEpochs) || warmupEpochs < 0) throw new RangeError(`warmupEpochs must be a whole number, got ${warmupEpochs}`);
	if (method !== 'lee2013' && !(threshold > 0 && threshold <= 1)) throw new RangeError(`threshold must be in (0, 1], got ${threshold}`);
	if (!(options.unlabeledWeight >= 0)) throw new RangeError(`unlabeledWeight must be ≥ 0, got ${options.unlabeledWeight}`);
}
