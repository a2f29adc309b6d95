/**
 * Noisy Student (Xie et al. 2020), with the tutorial's MLP:
 * 1. the teacher — the run's model, trained on the labeled images (warm-up) — labels the unlabeled pool;
 * 2. a FRESH student, as wide or wider (studentHidden), newly initialised, learns from labeled + pseudo-labeled
 *    images WITH noise: dropout and augmentation drawn anew every epoch, while the teacher labeled without noise.
 *    The noise is the point: the student must match clean-image labels on harder pictures, so it can end up better
 *    than its teacher instead of copying it;
 * 3. the student becomes the next teacher; repeat for `rounds`.
 * Targets are the teacher's soft probabilities (softTargets) or its hard argmax; either way only images whose top
 * probability is above `threshold` are kept. The pool's true labels only measure the pseudo-labels' precision.
 */
import {pickDigitSamples} from '../core/digit-samples.js';
import {selectPseudoLabels} from '../core/pseudo-labels.js';
import {createRandom, shuffle, type Random} from '../core/random.js';
import {createMlp, type Mlp} from '../engine/mlp.js';
import type {RunName, SplitIndices} from '../protocol/messages.js';
import {createAugmenter, type Augmentation, type Augmenter} from './augment-views.js';
import {gatherLabels, gatherRows, type DatasetViews} from './dataset-views.js';
import {startEpochClock} from './epoch-timer.js';
import type {RunContext} from './event-sink.js';
import {roundLabelsEvent} from './round-event.js';
import {RunTally, trainAndEvaluateEpoch} from './train-epochs.js';

/** What a Noisy Student run needs; field names are the settings table's. */
export interface NoisyStudentOptions {
	batchSize: number;
	/** The students' learning rate (the teacher is the caller's model). */
	learningRate: number;
	/** The students' dropout rate: half of their noise. */
	dropout: number;
	seed: number;
	/** Epochs training the first teacher on the labeled images. */
	warmupEpochs: number;
	/** Epochs each student trains. */
	epochsPerRound: number;
	rounds: number;
	/** Keep pool images whose top teacher probability is strictly above this. */
	threshold: number;
	/** Train on the teacher's probabilities rather than its argmax. */
	softTargets: boolean;
	/** Hidden widths of every student, e.g. [1024, 512]. */
	studentHidden: readonly number[];
	/** Augment the labeled images too (the pseudo-labeled ones always are). */
	augmentLabeled: boolean;
	/** The other half of the students' noise; elastic distortion included when elasticAlpha > 0. */
	augmentation: Augmentation;
}

export interface NoisyStudentHooks {
	/** Makes round `round`'s fresh student; by default createMlp with studentHidden, seeded seed + round. */
	createStudent?: (round: number) => Mlp;
}

const classes = 10;
const digitSamplesPerRound = 12;

/**
 * Runs warm-up and `rounds` teacher → student rounds, emitting the events run-semi emits (phase, epoch, and one
 * `pseudo-labels` per round with kind 'round'). Takes ownership of `teacher`: it is disposed when its first student
 * takes over, and each later teacher when its student does; the last student is disposed before returning.
 * Returns the final test accuracy (the last student's).
 */
export function runNoisyStudent(
	teacher: Mlp,
	options: NoisyStudentOptions,
	data: DatasetViews,
	split: SplitIndices,
	context: RunContext,
	run: string,
	hooks: NoisyStudentHooks = {},
): void {
	const runName = run as RunName;
	const createStudent =
		hooks.createStudent ??
		((round: number) =>
			createMlp({
				seed: (options.seed + round) >>> 0,
				learningRate: options.learningRate,
				dropout: options.dropout,
				hidden: options.studentHidden,
				inputSize: data.pixelsPerImage,
				team: teacher.team,
			}));
	const tally = new RunTally(runName);
	const random = createRandom(options.seed);
	const augmentRandom = createRandom(options.seed ^ 0x5eed);
	const augment = createAugmenter(options.augmentation, data.shape);
	const labeledImages = gatherRows(data.trainImages, split.labeled, data.pixelsPerImage);
	const labeledLabels = gatherLabels(data.trainLabels, split.labeled);
	const poolTruth = gatherLabels(data.trainLabels, split.pool);
	let model = teacher;
	let epoch = 0;

	try {
		context.emit({type: 'phase', run: runName, phase: 'warm-up', round: 0});
		for (let i = 0; i < options.warmupEpochs; i++) {
			epoch++;
			tally.add(trainAndEvaluateEpoch(model, {images: labeledImages, labels: labeledLabels}, data, context, {
				run: runName,
				phase: 'warm-up',
				round: 0,
				epoch,
				batchSize: options.batchSize,
				random,
			}));
		}

		for (let round = 1; round <= options.rounds; round++) {
			context.emit({type: 'phase', run: runName, phase: 'labeling', round});
			const predictStarted = performance.now();
			const probabilities = model.predict(data.trainImages, split.pool);
			const predictSeconds = (performance.now() - predictStarted) / 1000;
			const selection = selectPseudoLabels(probabilities, options.threshold, poolTruth);
			const set = studentSet(options, data.pixelsPerImage, labeledLabels, split.pool, selection.accepted, probabilities);
			const augmentStarted = performance.now();
			augmentInto(set, options, data, labeledImages, augment, augmentRandom);
			const augmentSeconds = (performance.now() - augmentStarted) / 1000;
			context.emit(
				roundLabelsEvent({
					run: runName,
					round,
					pool: split.pool.length,
					selection,
					threshold: options.threshold,
					samples: pickDigitSamples(selection, data.trainImages, split.pool, poolTruth, digitSamplesPerRound, augmentRandom, data.pixelsPerImage),
					predictSeconds,
					augmented: set.augmentedCount,
					augmentSeconds,
				}),
			);

			const student = createStudent(round);
			// The student takes over: the teacher has done its one job, labeling.
			model.dispose();
			model = student;
			context.emit({type: 'phase', run: runName, phase: 'retraining', round});
			for (let i = 0; i < options.epochsPerRound; i++) {
				if (i > 0) {
					augmentInto(set, options, data, labeledImages, augment, augmentRandom);
				}

				epoch++;
				tally.add(trainStudentEpoch(model, set, options.batchSize, data, context, runName, round, epoch, random));
			}
		}

		tally.finish(model, data, context);
		return;
	} finally {
		model.dispose();
	}
}

/** The student's training set: labeled images (one-hot) then the kept pool images (teacher's targets). */
interface StudentSet {
	/** Train-image rows of the kept pool images. */
	poolRows: Int32Array;
	images: Uint8Array;
	targets: Float32Array;
	count: number;
	augmentedCount: number;
}

function studentSet(
	options: NoisyStudentOptions,
	pixels: number,
	labeledLabels: Uint8Array,
	pool: Int32Array,
	accepted: Int32Array,
	probabilities: Float32Array,
): StudentSet {
	const labeledCount = labeledLabels.length;
	const count = labeledCount + accepted.length;
	const targets = new Float32Array(count * classes);
	for (let i = 0; i < labeledCount; i++) targets[i * classes + labeledLabels[i]!] = 1;
	const poolRows = new Int32Array(accepted.length);
	for (let k = 0; k < accepted.length; k++) {
		const position = accepted[k]!;
		poolRows[k] = pool[position]!;
		const row = probabilities.subarray(position * classes, position * classes + classes);
		const at = (labeledCount + k) * classes;
		if (options.softTargets) {
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
		augmentedCount: accepted.length + (options.augmentLabeled ? labeledCount : 0),
	};
}

/** Fresh noise for an epoch: augmentations written over the set's own buffer. */
function augmentInto(set: StudentSet, options: NoisyStudentOptions, data: DatasetViews, labeledImages: Uint8Array, augment: Augmenter, random: Random): void {
	const labeledPart = set.images.subarray(0, labeledImages.length);
	if (options.augmentLabeled) {
		augment(labeledImages, null, random, labeledPart);
	} else {
		labeledPart.set(labeledImages);
	}

	augment(data.trainImages, set.poolRows, random, set.images.subarray(labeledImages.length));
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
) {
	const pixels = data.pixelsPerImage;
	const order = shuffle(Int32Array.from({length: set.count}, (_, i) => i), random);
	const batchPixels = new Uint8Array(batchSize * pixels);
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
		student.trainBatch(batchPixels.subarray(0, n * pixels), batchTargets.subarray(0, n * classes), weights.subarray(0, n));
		clock.onBatch(start + n);
	}

	const {loss} = student.takeLoss();
	const seconds = clock.seconds();
	const testAccuracy = student.evaluate(data.testImages, data.testLabels);
	context.emit({
		type: 'epoch',
		run,
		epoch,
		phase: 'retraining',
		round,
		testAccuracy,
		loss,
		samplesPerSec: set.count / Math.max(seconds, 1e-6),
		trainSize: set.count,
		seconds,
	});
	return {samples: set.count, testAccuracy};
}

function argmax(row: Float32Array): number {
	let best = 0;
	for (let c = 1; c < row.length; c++) if (row[c]! > row[best]!) best = c;
	return best;
}
