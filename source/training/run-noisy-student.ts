/**
 * Noisy Student (Xie et al. 2020), with the tutorial's MLP:
 * 1. the teacher — the run's model, trained on the labeled images (warm-up) — labels the unlabeled pool;
 * 2. a FRESH student of `studentHidden` widths (the paper's are as large or larger), newly initialised, learns from labeled + pseudo-labeled
 *    images WITH noise: dropout and augmentation drawn anew every epoch, while the teacher labeled without noise.
 *    The noise is the point: the student must match clean-image labels on harder pictures, so it can end up better
 *    than its teacher instead of copying it;
 * 3. the student becomes the next teacher; repeat for `rounds`.
 * Targets are the teacher's soft probabilities (softTargets) or its hard argmax; either way only images whose top
 * probability is above `threshold` are kept, and with `balance` (the paper's data balancing) each class then gets the
 * labeled images' share of them (core/balance-pseudo-labels.ts). The pool's true labels only measure the pseudo-labels'
 * precision.
 *
 * The student's input noise is the affine augmentation of its pool images by default; with `studentNoise` σ > 0 it is
 * Gaussian pixel noise on every image of its batches instead, drawn anew each batch (races on the user's own data use
 * it: the affine ranges are tuned for digits, and on Fashion-MNIST the student learning affine views ended 4–5 points
 * below supervised). Tables keep their weak view, which is noise already.
 */
import {balancePseudoLabels, labelShares, labeledCopies} from '../core/balance-pseudo-labels.js';
import {classCount, inputSize} from '../core/dataset-info.js';
import {pickDigitSamples} from '../core/digit-samples.js';
import {carriedOver, selectPseudoLabels, wrongLabels, type WrongLabels} from '../core/pseudo-labels.js';
import {noisedView} from '../core/input-noise.js';
import {createRandom, createStream, fillGaussian, shuffle, type Random} from '../core/random.js';
import type {Mlp} from '../engine/mlp.js';
import type {MethodContext} from '../methods/method.js';
import type {RunName} from '../protocol/messages.js';
import {createAugmenter, type Augmenter} from './augment-views.js';
import {gatherLabels, gatherRows, type DatasetViews} from './dataset-views.js';
import {epochEvent, scoreEpoch} from './epoch-event.js';
import {startEpochClock} from './epoch-timer.js';
import type {RunContext} from './event-sink.js';
import {roundLabelsEvent} from './round-event.js';
import {RunTally, warmUp} from './train-epochs.js';

const digitSamplesPerRound = 12;

/**
 * Runs warm-up and `rounds` teacher → student rounds, emitting the events the pseudo-label loop emits (phase, epoch,
 * and one `pseudo-labels` per round with kind 'round'), then `run-done` with the last student's accuracy. The first
 * teacher is the context's model, which stays the caller's; every student comes from `createModel` (seeded seed +
 * round, `studentHidden` wide) and is this loop's: each is disposed when its own student takes over, the last one
 * before returning.
 */
export function runNoisyStudent(context: MethodContext): void {
	const {data, split, config, run} = context;
	const pixels = inputSize(data.info);
	const classes = classCount(data.info);
	const tally = new RunTally(run);
	const random = createRandom(config.seed);
	// A Stream (createRandom's draws), so the student set's augmentation can be shared with helper threads.
	const augmentRandom = createStream(config.seed ^ 0x5eed);
	const augment = createAugmenter(config.augmentation, data.shape, context.parallel);
	const labeledImages = gatherRows(data.trainImages, split.labeled, pixels);
	const labeledLabels = gatherLabels(data.trainLabels, split.labeled);
	const poolTruth = gatherLabels(data.trainLabels, split.pool);
	const shares = labelShares(labeledLabels, classes);
	const balanceRandom = createRandom(config.seed ^ 0xba1a);
	// A table's weak view is noise scaled to its features already (table-augment.ts); pixel-scaled noise would swamp it.
	const noise: StudentNoise | undefined = config.studentNoise > 0 && data.info.kind !== 'table'
		? {sigma: config.studentNoise, random: createRandom((config.seed ^ 0x9015e) >>> 0)}
		: undefined;
	let teacher = context.model;
	// The previous teacher's wrong pseudo-labels: does the next teacher, a student of them, fix them or grow surer?
	let wrongBefore: WrongLabels | undefined;
	let epoch = warmUp(teacher, {images: labeledImages, labels: labeledLabels}, data, context, tally, {
		run,
		epochs: config.warmupEpochs,
		batchSize: config.batchSize,
		random,
	});

	try {
		for (let round = 1; round <= config.rounds; round++) {
			context.emit({type: 'phase', run, phase: 'labeling', round});
			const predictStarted = performance.now();
			const probabilities = teacher.predict(data.trainImages, split.pool);
			const predictSeconds = (performance.now() - predictStarted) / 1000;
			const selection = selectPseudoLabels(probabilities, config.threshold, poolTruth, classes);
			const kept = config.balance ? balancePseudoLabels(selection, shares, balanceRandom) : selection.accepted;
			// With labeledShare the labeled images come `copies` times (each copy augmented on its own when they are).
			const copies = labeledCopies(kept.length, labeledLabels.length, config.labeledShare);
			const studentLabeled = copies === 1 ? {images: labeledImages, labels: labeledLabels} : repeated(labeledImages, labeledLabels, copies);
			// The same images as rows of the training images, which the helpers share: augmenting them is a job.
			const labeled = {images: studentLabeled.images, rows: repeatedRows(split.labeled, copies)};
			const set = studentSet(config.softTargets, config.augmentLabeled, pixels, classes, studentLabeled.labels, split.pool, kept, probabilities);
			const augmentStarted = performance.now();
			augmentInto(set, {labeled: config.augmentLabeled, pool: noise === undefined}, data, labeled, augment, augmentRandom);
			const augmentSeconds = (performance.now() - augmentStarted) / 1000;
			context.emit(
				roundLabelsEvent({
					run,
					round,
					pool: split.pool.length,
					selection,
					threshold: config.threshold,
					samples: pickDigitSamples(selection, data.trainImages, split.pool, poolTruth, digitSamplesPerRound, augmentRandom, pixels),
					predictSeconds,
					// Images the augmenter drew this round: none of the pool's under Gaussian noise.
					augmented: set.augmentedCount - (noise ? kept.length : 0),
					augmentSeconds,
					carriedOver: wrongBefore === undefined ? undefined : carriedOver(wrongBefore, selection, poolTruth),
				}),
			);
			wrongBefore = wrongLabels(selection, poolTruth);

			// The student takes over: the teacher has done its one job, labeling. A student of an earlier round is
			// this loop's to free; the first teacher is the caller's.
			const student = context.createModel({seed: (config.seed + round) >>> 0, hidden: config.studentHidden});
			if (teacher !== context.model) teacher.dispose();
			teacher = student;
			context.resultModel?.(student);
			context.emit({type: 'phase', run, phase: 'retraining', round});
			for (let i = 0; i < config.epochsPerRound; i++) {
				// Under Gaussian noise with plain labeled images nothing in the set changes between epochs: no copy again.
				if (i > 0 && (noise === undefined || config.augmentLabeled)) {
					augmentInto(set, {labeled: config.augmentLabeled, pool: noise === undefined}, data, labeled, augment, augmentRandom);
				}

				epoch++;
				tally.add(trainStudentEpoch(teacher, set, config.batchSize, data, context, run, round, epoch, random, noise));
			}
		}

		tally.finish(teacher, data, context);
	} finally {
		if (teacher !== context.model) teacher.dispose();
	}
}

/** The labeled images and labels, each repeated `copies` times in a row. */
function repeated(images: Uint8Array, labels: Uint8Array, copies: number): {images: Uint8Array; labels: Uint8Array} {
	const outImages = new Uint8Array(images.length * copies);
	const outLabels = new Uint8Array(labels.length * copies);
	for (let c = 0; c < copies; c++) {
		outImages.set(images, c * images.length);
		outLabels.set(labels, c * labels.length);
	}

	return {images: outImages, labels: outLabels};
}

/** `rows` `copies` times over, as repeated() lays out their images. */
function repeatedRows(rows: Int32Array, copies: number): Int32Array {
	if (copies === 1) return rows;
	const out = new Int32Array(rows.length * copies);
	for (let c = 0; c < copies; c++) out.set(rows, c * rows.length);
	return out;
}

/** The student's training set: labeled images (one-hot) then the kept pool images (teacher's targets), copies included. */
interface StudentSet {
	/** Train-image rows of the kept pool images. */
	poolRows: Int32Array;
	images: Uint8Array;
	targets: Float32Array;
	count: number;
	augmentedCount: number;
}

function studentSet(
	softTargets: boolean,
	augmentLabeled: boolean,
	pixels: number,
	classes: number,
	labeledLabels: Uint8Array,
	pool: Int32Array,
	kept: Int32Array,
	probabilities: Float32Array,
): StudentSet {
	const labeledCount = labeledLabels.length;
	const count = labeledCount + kept.length;
	const targets = new Float32Array(count * classes);
	for (let i = 0; i < labeledCount; i++) targets[i * classes + labeledLabels[i]!] = 1;
	const poolRows = new Int32Array(kept.length);
	for (let k = 0; k < kept.length; k++) {
		const position = kept[k]!;
		poolRows[k] = pool[position]!;
		const row = probabilities.subarray(position * classes, position * classes + classes);
		const at = (labeledCount + k) * classes;
		if (softTargets) {
			targets.set(row, at);
		} else {
			targets[at + argmax(row)] = 1;
		}
	}

	return {
		poolRows,
		images: new Uint8Array(count * pixels),
		targets,
		count,
		augmentedCount: kept.length + (augmentLabeled ? labeledCount : 0),
	};
}

/** Gaussian pixel noise for the student's batches: σ in pixel/255 units, and the stream it draws from. */
interface StudentNoise {
	sigma: number;
	random: Random;
}

/**
 * Fresh noise for an epoch: augmentations written over the set's own buffer; an image part not augmented (the pool's
 * under Gaussian student noise, the labeled images unless augmentLabeled) is copied as it is.
 */
function augmentInto(
	set: StudentSet,
	augmented: {labeled: boolean; pool: boolean},
	data: DatasetViews,
	labeled: {images: Uint8Array; rows: Int32Array},
	augment: Augmenter,
	random: Random,
): void {
	const pixels = inputSize(data.info);
	const labeledPart = set.images.subarray(0, labeled.images.length);
	if (augmented.labeled) {
		augment(data.trainImages, labeled.rows, random, labeledPart);
	} else {
		labeledPart.set(labeled.images);
	}

	const poolPart = set.images.subarray(labeled.images.length);
	if (augmented.pool) {
		augment(data.trainImages, set.poolRows, random, poolPart);
	} else {
		for (let k = 0; k < set.poolRows.length; k++) {
			const row = set.poolRows[k]!;
			poolPart.set(data.trainImages.subarray(row * pixels, (row + 1) * pixels), k * pixels);
		}
	}
}

/** One shuffled epoch of soft-target batches (weights 1/n: each batch's mean loss), then evaluation and `epoch`. */
function trainStudentEpoch(
	student: Mlp,
	set: StudentSet,
	batchSize: number,
	data: DatasetViews,
	context: RunContext,
	run: RunName,
	round: number,
	epoch: number,
	random: Random,
	noise?: StudentNoise,
) {
	const pixels = inputSize(data.info);
	const classes = classCount(data.info);
	const order = shuffle(Int32Array.from({length: set.count}, (_, i) => i), random);
	const batchPixels = new Uint8Array(batchSize * pixels);
	const noised = noise ? {pixels: new Float32Array(batchSize * pixels), normals: new Float32Array(batchSize * pixels)} : undefined;
	const batchTargets = new Float32Array(batchSize * classes);
	const weights = new Float32Array(batchSize);
	const clock = startEpochClock(context, run, epoch, set.count);
	for (let start = 0; start < set.count; start += batchSize) {
		const n = Math.min(batchSize, set.count - start);
		for (let j = 0; j < n; j++) {
			const i = order[start + j]!;
			batchPixels.set(set.images.subarray(i * pixels, (i + 1) * pixels), j * pixels);
			batchTargets.set(set.targets.subarray(i * classes, (i + 1) * classes), j * classes);
		}

		weights.fill(1 / n, 0, n);
		let input: Uint8Array | Float32Array = batchPixels.subarray(0, n * pixels);
		if (noise && noised) {
			fillGaussian(noised.normals, n * pixels, noise.random);
			input = noisedView(input, n * pixels, noise.sigma, noised.normals, noised.pixels).subarray(0, n * pixels);
		}

		student.trainBatch(input, batchTargets.subarray(0, n * classes), weights.subarray(0, n));
		clock.onBatch(start + n);
	}

	const {loss} = student.takeLoss();
	const seconds = clock.seconds();
	const score = scoreEpoch(student, data);
	const {testAccuracy} = score;
	context.emit(epochEvent({run, epoch, phase: 'retraining', round, ...score, loss, samples: set.count, seconds}));
	return {samples: set.count, testAccuracy};
}

function argmax(row: Float32Array): number {
	let best = 0;
	for (let c = 1; c < row.length; c++) if (row[c]! > row[best]!) best = c;
	return best;
}
