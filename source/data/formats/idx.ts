/**
 * IDX folders, the first DatasetSource: MNIST's four file names (Fashion-MNIST, KMNIST and other drop-ins use them
 * too), each raw or gzipped, with images of any size — idx3 (N × H × W, grey) or idx4 (N × H × W × C, C = 1 or 3,
 * channels-last) — and labels of any byte values, mapped to classes 0…K−1 in numeric order with the original values as
 * the class names. An optional `unlabeled-images-idx3-ubyte` (or idx4) holds training images without labels: the
 * dataset is then in real mode. Every problem is one InputError naming the file and what was expected.
 */
import {formatCount} from '../../text/format.js';
import {open, readFile, stat, type FileHandle} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import {gunzip} from 'node:zlib';
import {maxClasses, unlabeledMark, type DatasetInfo} from '../../core/dataset-info.js';
import {parseIdxImages, parseIdxLabels, type IdxImages} from '../../core/idx.js';
import {InputError} from '../../core/input-error.js';
import type {DatasetSource, LoadedDataset, LoadOptions, SampleSet} from '../dataset-source.js';
import {finishDataset} from './finish-dataset.js';
import {fitWords, prepareStack} from './fit-image.js';
import {formatBytes, requireFitsInMemory} from './memory-limit.js';

const gunzipAsync = promisify(gunzip);

/** The standard file names, without the optional `.gz`; images may be idx3 or idx4. */
export const idxFileNames = {
	trainImages: 'train-images-idx3-ubyte',
	trainLabels: 'train-labels-idx1-ubyte',
	testImages: 't10k-images-idx3-ubyte',
	testLabels: 't10k-labels-idx1-ubyte',
	unlabeledImages: 'unlabeled-images-idx3-ubyte',
} as const;

/**
 * A file's standard name and the spelling with a dot (`train-images.idx3-ubyte`), as Kaggle's MNIST names its files,
 * tried in that order.
 */
const spellings = (name: string) => [name, name.replace(/-(idx\d-ubyte)$/, '.$1')];

/** An image file's names and its idx4 twin's (`…-idx3-ubyte` → `…-idx4-ubyte`), tried in that order. */
const imageNames = (name: string) => [...spellings(name), ...spellings(name.replace('-idx3-', '-idx4-'))];

interface IdxFile {
	/** The name as found (the user named the folder, so errors show the file name alone). */
	file: string;
	bytes: Uint8Array;
}

export const idxSource: DatasetSource = {
	format: 'idx',
	async detect(dataPath) {
		try {
			if (!(await stat(dataPath)).isDirectory()) return false;
			// By name: reading (and gunzipping) the images here read them twice, and a corrupt .gz made the folder "not a
			// format this tool reads" where loading it says what is wrong with the file.
			return await hasIdx(dataPath, imageNames(idxFileNames.trainImages));
		} catch {
			return false;
		}
	},
	load: loadIdxFolder,
};

/**
 * Reads an IDX folder into a LoadedDataset (named after the folder). The images keep their size and channels unless
 * `options` ask otherwise (`imageSize` + `fit`, `channels`, `invert`), as NumPy arrays do.
 */
export async function loadIdxFolder(directory: string, options: LoadOptions = {}): Promise<LoadedDataset> {
	await requireDirectory(directory);
	await requireIdxFitsInMemory(directory);
	// Read in parallel, but report problems in the files' standard order, so the same folder always gets the same message.
	const reads = await Promise.allSettled([
		readIdx(directory, imageNames(idxFileNames.trainImages)),
		readIdx(directory, spellings(idxFileNames.trainLabels)),
		findIdx(directory, imageNames(idxFileNames.testImages)),
		findIdx(directory, spellings(idxFileNames.testLabels)),
		findIdx(directory, imageNames(idxFileNames.unlabeledImages)),
	]);
	const failed = reads.find(read => read.status === 'rejected');
	if (failed) throw failed.reason;
	const [trainImages, trainLabels, testImages, testLabels, unlabeledImages] = reads.map(
		read => (read as PromiseFulfilledResult<IdxFile | undefined>).value,
	) as [IdxFile, IdxFile, IdxFile | undefined, IdxFile | undefined, IdxFile | undefined];
	// No t10k files: a test share is held out of the labeled images (finishDataset), as for any data without a split.
	if ((testImages === undefined) !== (testLabels === undefined)) {
		const [has, lacks] = testImages ? [testImages.file, idxFileNames.testLabels] : [testLabels!.file, imageNames(idxFileNames.testImages)[0]!];
		throw new InputError(`${directory}: has ${has} but no ${lacks} (nor ${lacks}.gz), expected both test files or neither`);
	}

	const train = parseIdxImages(trainImages.bytes, trainImages.file);
	const trainLabelBytes = parseIdxLabels(trainLabels.bytes, trainLabels.file);
	const test = testImages && parseIdxImages(testImages.bytes, testImages.file);
	const testLabelBytes = testLabels && parseIdxLabels(testLabels.bytes, testLabels.file);
	const unlabeled = unlabeledImages && parseIdxImages(unlabeledImages.bytes, unlabeledImages.file);
	requireSameCount(train, trainImages.file, trainLabelBytes, trainLabels.file);
	if (test) {
		requireSameCount(test, testImages!.file, testLabelBytes!, testLabels!.file);
		requireSameShape(train, trainImages.file, test, testImages!.file);
	}

	if (unlabeled) requireSameShape(train, trainImages.file, unlabeled, unlabeledImages!.file);

	const {classNames, classOf} = labelClasses(trainLabelBytes, trainLabels.file);
	const stored = train.channels as 1 | 3;
	const channels: 1 | 3 = options.channels === 1 || options.channels === 3 ? options.channels : stored;
	const size = options.imageSize !== undefined && (options.imageSize !== train.rows || options.imageSize !== train.cols) ? options.imageSize : undefined;
	const fit = options.fit ?? 'pad';
	const prepare = (images: IdxImages) =>
		prepareStack(images.pixels, images.count, {height: images.rows, width: images.cols, channels: stored}, {...(size === undefined ? {} : {size}), fit, channels, invert: options.invert === true});
	const info: Omit<DatasetInfo, 'mode'> = {
		name: path.basename(path.resolve(directory)),
		kind: 'image',
		height: size ?? train.rows,
		width: size ?? train.cols,
		channels,
		classNames,
	};
	// Each image named by its file and place in it ("train-images-idx3-ubyte[17]"), as NumPy's x_train[17]: a row
	// number stopped pointing at the file's image once a test share was held out or the unlabeled file followed.
	const sourcesOf = (file: string, count: number) => Array.from({length: count}, (_, i) => `${file}[${i}]`);
	const trainSources = sourcesOf(trainImages.file, train.count);
	const trainSet: SampleSet = unlabeled
		? {
				samples: concat(prepare(train), prepare(unlabeled)),
				labels: concat(mapLabels(trainLabelBytes, classOf, trainLabels.file), new Uint8Array(unlabeled.count).fill(unlabeledMark)),
				count: train.count + unlabeled.count,
				sources: [...trainSources, ...sourcesOf(unlabeledImages!.file, unlabeled.count)],
			}
		: {samples: prepare(train), labels: mapLabels(trainLabelBytes, classOf, trainLabels.file), count: train.count, sources: trainSources};
	const notes = unlabeled ? [`${unlabeledImages!.file}: ${formatCount(unlabeled.count)} training images without labels (real mode)`] : [];
	if (size !== undefined) notes.push(`images ${fitWords(size, fit)}`);
	if (channels !== stored) notes.push(stored === 3 ? 'RGB images converted to grey (luma)' : 'grey images repeated to 3 channels');
	if (options.invert) notes.push('images inverted');
	return finishDataset(
		{
			source: directory,
			info,
			train: trainSet,
			...(test ? {test: {samples: prepare(test), labels: mapLabels(testLabelBytes!, classOf, testLabels!.file), count: test.count, sources: sourcesOf(testImages!.file, test.count)}} : {}),
			notes,
			imagePreparation: {fit: size === undefined ? 'none' : fit, channels, invert: options.invert === true},
		},
		options,
	);
}

/**
 * The memory guard before any IDX file is read: each file's size as it will be once decompressed (a gzip stream's
 * trailer gives it, modulo 4 GB), held twice while the training set is assembled.
 */
async function requireIdxFitsInMemory(directory: string): Promise<void> {
	const names = [...imageNames(idxFileNames.trainImages), ...spellings(idxFileNames.trainLabels), ...imageNames(idxFileNames.testImages), ...spellings(idxFileNames.testLabels), ...imageNames(idxFileNames.unlabeledImages)];
	let total = 0;
	for (const file of names.flatMap(name => [name, `${name}.gz`])) total += await decompressedSize(path.join(directory, file));
	requireFitsInMemory(total * 2, `${directory} (IDX files of ${formatBytes(total)})`);
}

/** The bytes a file holds once gunzipped (its own size when it is not gzip); 0 when it cannot be read. */
async function decompressedSize(file: string): Promise<number> {
	let handle: FileHandle | undefined;
	try {
		handle = await open(file, 'r');
		const {size} = await handle.stat();
		const head = Buffer.alloc(2);
		await handle.read(head, 0, 2, 0);
		if (size < 18 || head[0] !== 0x1f || head[1] !== 0x8b) return size;
		const tail = Buffer.alloc(4);
		await handle.read(tail, 0, 4, size - 4);
		return tail.readUInt32LE(0);
	} catch {
		return 0;
	} finally {
		await handle?.close();
	}
}

/**
 * The classes are the distinct label values of the training set in numeric order, each named by its value: MNIST's
 * 0…9 keep their numbers, a dataset labeled 3, 7 and 200 gets classes 0, 1, 2 named "3", "7" and "200".
 */
export function labelClasses(labels: Uint8Array, file: string): {classNames: string[]; classOf: Int16Array} {
	const seen = new Uint8Array(256);
	for (const label of labels) seen[label] = 1;
	const classOf = new Int16Array(256).fill(-1);
	const classNames: string[] = [];
	for (let value = 0; value < 256; value++) {
		if (!seen[value]) continue;
		classOf[value] = classNames.length;
		classNames.push(String(value));
	}

	if (classNames.length < 2) {
		throw new InputError(`${file}: every label is ${classNames[0] ?? 'missing'}, expected at least 2 classes to tell apart`);
	}

	if (classNames.length > maxClasses - 1) {
		throw new InputError(`${file}: ${classNames.length} distinct labels, expected at most ${maxClasses - 1} classes`);
	}

	return {classNames, classOf};
}

/** Label values → class indices; a value the training labels never use is an error naming its position. */
function mapLabels(labels: Uint8Array, classOf: Int16Array, file: string): Uint8Array {
	const mapped = new Uint8Array(labels.length);
	for (let i = 0; i < labels.length; i++) {
		const index = classOf[labels[i]!]!;
		if (index < 0) {
			throw new InputError(`${file}: label ${labels[i]} at position ${i} occurs in no training label, expected one of the training classes`);
		}

		mapped[i] = index;
	}

	return mapped;
}

async function requireDirectory(directory: string): Promise<void> {
	let isDirectory = false;
	try {
		isDirectory = (await stat(directory)).isDirectory();
	} catch {
		throw new InputError(`dataset directory ${directory} does not exist, expected a folder with MNIST IDX files`);
	}

	if (!isDirectory) {
		throw new InputError(`dataset path ${directory} is a file, expected a folder with MNIST IDX files`);
	}
}

/** The first of `names` (each raw or `.gz`) that exists, or an InputError naming every name tried. */
async function readIdx(directory: string, names: readonly string[]): Promise<IdxFile> {
	const found = await findIdx(directory, names);
	if (found) return found;
	const tried = names.flatMap(name => [name, `${name}.gz`]);
	throw new InputError(`${directory}: missing ${tried[0]} (also tried ${tried.slice(1).join(', ')})`);
}

/** The bytes of the first of `names` or `name.gz` in `directory`, decompressed; undefined when none exists. */
/** Whether one of `names` (or its .gz) is a file in `directory`. */
async function hasIdx(directory: string, names: readonly string[]): Promise<boolean> {
	for (const file of names.flatMap(name => [name, `${name}.gz`])) {
		try {
			if ((await stat(path.join(directory, file))).isFile()) return true;
		} catch {
			// Not there: the next spelling.
		}
	}

	return false;
}

async function findIdx(directory: string, names: readonly string[]): Promise<IdxFile | undefined> {
	for (const file of names.flatMap(name => [name, `${name}.gz`])) {
		const bytes = await readIdxFile(path.join(directory, file), file);
		if (bytes) return {file, bytes};
	}

	return undefined;
}

/** An IDX file's bytes, gunzipped when they are gzip (whatever the name says); undefined when there is no such file. */
export async function readIdxFile(full: string, file: string): Promise<Uint8Array | undefined> {
	let raw: Buffer;
	try {
		raw = await readFile(full);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw new InputError(`${file}: cannot read it (${(error as Error).message.replaceAll('\n', ' ')})`);
	}

	// Trust the bytes over the name: a gzip stream starts with 1f 8b, an IDX header with two zero bytes.
	if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
		try {
			return await gunzipAsync(raw);
		} catch (error) {
			throw new InputError(`${file}: corrupt gzip data (${(error as Error).message}), expected a complete .gz download`);
		}
	}

	if (file.endsWith('.gz')) {
		throw new InputError(`${file}: not gzip data, expected a .gz file to start with bytes 1f 8b`);
	}

	return raw;
}

function requireSameCount(images: IdxImages, imagesFile: string, labels: Uint8Array, labelsFile: string): void {
	if (images.count !== labels.length) {
		throw new InputError(
			`${imagesFile} has ${images.count} images but ${labelsFile} has ${labels.length} labels, expected the same count`,
		);
	}
}

function requireSameShape(expected: IdxImages, expectedFile: string, other: IdxImages, otherFile: string): void {
	const shape = (images: IdxImages) => `${images.rows}×${images.cols}${images.channels === 1 ? '' : `×${images.channels}`}`;
	if (expected.rows !== other.rows || expected.cols !== other.cols || expected.channels !== other.channels) {
		throw new InputError(`${expectedFile} has ${shape(expected)} images but ${otherFile} has ${shape(other)}, expected the same size`);
	}
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
	const out = new Uint8Array(a.length + b.length);
	out.set(a, 0);
	out.set(b, a.length);
	return out;
}
