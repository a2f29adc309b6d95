/**
 * The last step every loader shares: checks the classes (2 to 255, each with labeled training samples), decides the
 * mode (real when some training samples have no label, else simulation) and, when the data has no test split,
 * holds out a seeded, stratified share of the labeled samples for testing (unlabeled samples are never tested).
 */
import {classQuotas} from '../../core/split.js';
import {createRandom, shuffle} from '../../core/random.js';
import type {DatasetInfo} from '../../core/dataset-info.js';
import type {ImagePreparation} from '../../core/image-preparation.js';
import {InputError} from '../../core/input-error.js';
import {unlabeledMark, type LoadedDataset, type LoadOptions, type SampleSet} from '../dataset-source.js';

export const defaultTestFraction = 0.2;
const defaultSplitSeed = 1;

export interface LoaderResult {
	/** The dataset's path, for error lines. */
	source: string;
	info: Omit<DatasetInfo, 'mode'>;
	train: SampleSet;
	/** The data's own test split, already checked to have a label on every sample; absent when it has none. */
	test?: SampleSet;
	notes: string[];
	/** Images: how they were prepared (passed on for exported models). */
	imagePreparation?: ImagePreparation;
	/**
	 * The samples already on their side of the test share, when the loader knew every label before reading a sample
	 * and asked planHoldOut where each goes: written there directly, the samples are never copied a second time.
	 * `train.samples` is then empty (its labels, count and sources still cover every training sample).
	 */
	split?: {plan: HoldOut; kept: Uint8Array; held: Uint8Array};
}

/** Which training samples stay for training (`kept`) and which are held out for testing (`held`), each ascending. */
export interface HoldOut {
	kept: Int32Array;
	held: Int32Array;
}

/** Below this many test samples, accuracies move in steps a reader should know of. */
const fewTestSamples = 100;

/** "only 12 test samples: each is 8.3 points of accuracy" — a gap of a few points can be one sample. */
function fewTestNote(count: number): string[] {
	if (count >= fewTestSamples || count === 0) return [];
	return [`only ${count} test samples: each is ${(100 / count).toFixed(1)} points of accuracy, so a gap of a few points may be one sample`];
}

export function finishDataset(result: LoaderResult, options: LoadOptions): LoadedDataset {
	const {source, info, train} = result;
	const notes = [...result.notes];
	const prepared = result.imagePreparation ? {imagePreparation: result.imagePreparation} : {};
	const classes = info.classNames.length;
	if (classes < 2) {
		throw new InputError(`${source} has ${classes === 1 ? `one class only (${info.classNames[0]})` : 'no classes'}, expected at least 2 to tell apart`);
	}

	if (classes >= unlabeledMark) throw new InputError(`${source} has ${classes} classes, expected at most ${unlabeledMark - 1}`);
	const {labeledPerClass, unlabeled} = countLabels(train.labels, classes);
	const missing = labeledPerClass.findIndex(count => count === 0);
	if (missing >= 0) throw new InputError(`${source}: class ${info.classNames[missing]} has no labeled training samples, expected at least one`);
	const mode = unlabeled > 0 ? 'real' : 'simulation';
	if (result.test) {
		// A share to hold out means nothing beside a test split of the data's own, which is used as it is.
		if (options.testFraction !== undefined) notes.push(`--test-fraction does not apply: the data has its own test split (${result.test.count} samples), used as it is`);
		notes.push(...fewTestNote(result.test.count));
		return {info: {...info, mode}, train, test: result.test, notes, ...prepared};
	}

	const fraction = testFraction(options);
	if (fraction === undefined) throw new InputError(`test fraction ${options.testFraction}, expected a share between 0 and 1 (e.g. 0.2)`);
	const seed = options.seed ?? defaultSplitSeed;
	const {kept, held} = holdOutTest(train.labels, labeledPerClass, fraction, seed);
	if (held.length === 0) {
		throw new InputError(`${source} has too few labeled samples to hold out a test share of ${fraction}, expected a test split or more labeled samples`);
	}

	const {split} = result;
	// The loader's plan came from the same labels and options; a different one would be a bug in the loader.
	if (split && !(sameIndices(split.plan.kept, kept) && sameIndices(split.plan.held, held))) throw new Error(`finishDataset: ${source} was split other than planned`);
	notes.push(`no test split in the data: ${held.length} labeled samples (${Math.round(fraction * 100)} %, stratified, seed ${seed}) held out for testing`);
	notes.push(...fewTestNote(held.length));
	return {info: {...info, mode}, train: subset(train, kept, split?.kept), test: subset(train, held, split?.held), notes, ...prepared};
}

/**
 * Where finishDataset will put each training sample when the data has no test split: the same seeded, stratified
 * hold-out, planned from the labels alone so a loader can write every sample straight to its side. Undefined when
 * finishDataset would refuse these labels instead (it then says why, after any error the loader finds in the samples).
 */
export function planHoldOut(labels: Uint8Array, classes: number, options: LoadOptions): HoldOut | undefined {
	if (classes < 2 || classes >= unlabeledMark) return undefined;
	const {labeledPerClass} = countLabels(labels, classes);
	const fraction = testFraction(options);
	if (fraction === undefined || labeledPerClass.includes(0)) return undefined;
	const plan = holdOutTest(labels, labeledPerClass, fraction, options.seed ?? defaultSplitSeed);
	return plan.held.length === 0 ? undefined : plan;
}

function countLabels(labels: Uint8Array, classes: number): {labeledPerClass: number[]; unlabeled: number} {
	const labeledPerClass = new Array<number>(classes).fill(0);
	let unlabeled = 0;
	for (const label of labels) {
		if (label === unlabeledMark) unlabeled++;
		else labeledPerClass[label]!++;
	}

	return {labeledPerClass, unlabeled};
}

/** The share to hold out, or undefined when it is not one. */
function testFraction(options: LoadOptions): number | undefined {
	const fraction = options.testFraction ?? defaultTestFraction;
	return fraction > 0 && fraction < 1 ? fraction : undefined;
}

function sameIndices(a: Int32Array, b: Int32Array): boolean {
	return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** Per class, `fraction` of its labeled samples (largest remainder, at least one left for training); unlabeled stay. */
function holdOutTest(labels: Uint8Array, labeledPerClass: number[], fraction: number, seed: number): {kept: Int32Array; held: Int32Array} {
	const totalLabeled = labeledPerClass.reduce((sum, count) => sum + count, 0);
	const quotas = classQuotas(labeledPerClass, Math.round(totalLabeled * fraction)).map((quota, c) => Math.min(quota, labeledPerClass[c]! - 1));
	const byClass = labeledPerClass.map(count => new Int32Array(count));
	const filled = new Array<number>(labeledPerClass.length).fill(0);
	for (let i = 0; i < labels.length; i++) {
		const label = labels[i]!;
		if (label !== unlabeledMark) byClass[label]![filled[label]!++] = i;
	}

	const random = createRandom(seed);
	const isHeld = new Uint8Array(labels.length);
	byClass.forEach((indices, c) => {
		shuffle(indices, random);
		for (let i = 0; i < quotas[c]!; i++) isHeld[indices[i]!] = 1;
	});
	const held: number[] = [];
	const kept: number[] = [];
	for (let i = 0; i < labels.length; i++) (isHeld[i] ? held : kept).push(i);
	return {kept: Int32Array.from(kept), held: Int32Array.from(held)};
}

/**
 * The samples at `indices`, in that order (in shared memory, which toSharedDataset then takes without a copy); with
 * `written`, the loader already wrote those samples there, and only the labels and sources are gathered.
 */
export function subset(set: SampleSet, indices: Int32Array, written?: Uint8Array): SampleSet {
	const labels = new Uint8Array(indices.length);
	indices.forEach((index, i) => {
		labels[i] = set.labels[index]!;
	});
	let samples = written;
	if (!samples) {
		const size = set.count === 0 ? 0 : set.samples.length / set.count;
		samples = new Uint8Array(new SharedArrayBuffer(indices.length * size));
		indices.forEach((index, i) => samples!.set(set.samples.subarray(index * size, (index + 1) * size), i * size));
	}

	const result: SampleSet = {samples, labels, count: indices.length};
	// A loader without sources still gets each sample's place in its training set: after the cut, row N of the kept
	// samples is no longer the data's sample N.
	result.sources = Array.from(indices, index => set.sources?.[index] ?? `row ${index}`);
	return result;
}
