/**
 * Image folders (PNG and JPEG) as a dataset, in the layout torchvision, Keras and Hugging Face users already have:
 *
 *   root/train/<class>/…   (or root/<class>/… with no split level; images at any depth inside a class folder)
 *   root/test/<class>/…    (optional; also testing/, eval/, evaluation/; else val/, valid/, validation/, dev/)
 *   root/unlabeled/…       (optional, also unlabelled/, at the root or inside train/: images without labels, any depth)
 *   root/classes.txt       (optional: one class folder a line, in the order wanted; "folder = Name" renames it)
 *
 * Classes are the class folders sorted by name unless classes.txt orders them. Every image is fitted to the
 * `imageSize` square (pad, crop or stretch), in 1 or 3 channels (auto: 3 when any image has colour).
 */
import {formatCount} from '../../text/format.js';
import {readFileSync} from 'node:fs';
import {readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import type {DatasetInfo} from '../../core/dataset-info.js';
import {InputError} from '../../core/input-error.js';
import {withoutBom} from '../../core/byte-order-mark.js';
import {unlabeledMark, type DatasetSource, type LoadedDataset, type LoadOptions, type SampleSet} from '../dataset-source.js';
import {classIndex} from './class-names.js';
import {decodeImage} from './decode-image.js';
import {finishDataset} from './finish-dataset.js';
import {convertChannels, fitImage, fitWords, invertInPlace, type Fit} from './fit-image.js';
import {requireFitsInMemory} from './memory-limit.js';
import {compareNames, filesUnder, readFolder} from './walk-folder.js';

export const defaultImageSize = 28;
/** The largest side a sample may have: 256 × 256 × 3 is already 196,608 inputs for an MLP. */
export const maxImageSize = 256;
const imageExtensions = new Set(['.png', '.jpg', '.jpeg']);
const trainNames = ['train', 'training'];
const testNames = ['test', 'testing', 'eval', 'evaluation'];
const validationNames = ['val', 'valid', 'validation', 'dev'];
const unlabeledNames = ['unlabeled', 'unlabelled'];

interface Layout {
	/** The folder holding the training class folders. */
	classRoot: string;
	testRoot?: string;
	unlabeledRoot?: string;
	classFolders: string[];
	testFolders: string[];
}

export const imageFolderSource: DatasetSource = {
	format: 'images',
	async detect(target) {
		const info = await stat(target).catch(() => undefined);
		if (!info?.isDirectory()) return false;
		const {files, folders} = await readFolder(target);
		return folders.length > 0 && !files.some(file => /\.(csv|tsv|npy|npz)$|-ubyte(\.gz)?$/i.test(file));
	},
	load: loadImageFolder,
};

export async function loadImageFolder(root: string, options: LoadOptions): Promise<LoadedDataset> {
	const size = options.imageSize ?? defaultImageSize;
	const fit: Fit = options.fit ?? 'pad';
	// Checked where the flag enters too; a loader called directly gets the same one line.
	if (!Number.isInteger(size) || size < 1 || size > maxImageSize) throw new InputError(`image size ${size}, expected a whole number of pixels from 1 to ${maxImageSize}`);
	const info = await stat(root).catch(() => undefined);
	if (!info) throw new InputError(`${root} does not exist, expected a folder of class folders`);
	if (!info.isDirectory()) throw new InputError(`${root} is not a folder, expected a folder of class folders of PNG or JPEG images`);
	const layout = await findLayout(root);
	const notes: string[] = [];

	const ordered = await classOrder(root, layout.classFolders);
	const index = classIndex(ordered.folders);
	for (const folder of layout.testFolders) {
		if (!index.has(folder)) {
			throw new InputError(`${path.join(layout.testRoot!, folder)} is a test class with no training folder, expected one of: ${ordered.folders.join(', ')}`);
		}
	}

	// Every file name first (so the memory check comes before any decoding), class by class in class order. Each is
	// kept as its path relative to the root — the sample's source — one string piece on its folder's prefix (see
	// filesUnder): 70,000 paths joined in full took 35 MB until the load was done.
	let ignored = 0;
	const listImages = async (folder: string): Promise<string[]> => {
		const files = await filesUnder(folder);
		const images = files.filter(file => imageExtensions.has(path.extname(file).toLowerCase()));
		ignored += files.length - images.length;
		const head = path.relative(root, folder) + path.sep;
		return images.map(file => head + file);
	};

	const labeledFiles: string[] = [];
	const labeledClasses: number[] = [];
	for (const folder of ordered.folders) {
		const images = await listImages(path.join(layout.classRoot, folder));
		if (images.length === 0) throw new InputError(`${path.join(layout.classRoot, folder)} is a class folder with no PNG or JPEG images, expected at least one`);
		const label = index.get(folder)!;
		for (const file of images) {
			labeledFiles.push(file);
			labeledClasses.push(label);
		}
	}

	const unlabeledFiles = layout.unlabeledRoot ? await listImages(layout.unlabeledRoot) : [];
	const testFileNames: string[] = [];
	const testClasses: number[] = [];
	for (const folder of layout.testFolders) {
		const images = await listImages(path.join(layout.testRoot!, folder));
		if (images.length === 0) throw new InputError(`${path.join(layout.testRoot!, folder)} is a test class folder with no PNG or JPEG images, expected at least one`);
		const label = index.get(folder)!;
		for (const file of images) {
			testFileNames.push(file);
			testClasses.push(label);
		}
	}

	const total = labeledFiles.length + unlabeledFiles.length + testFileNames.length;
	// The samples at up to 3 channels, and the grey ones they are widened from when the first colour image comes.
	requireFitsInMemory(total * size * size * 4, `${root} (${total} images at ${size}×${size})`);
	if (ignored > 0) notes.push(`${ignored} ${ignored === 1 ? 'file that is' : 'files that are'} not .png, .jpg or .jpeg ignored`);

	// Each image goes straight into its place in the final, shared buffers: grey until the first colour image (with
	// --channels auto), which widens what is there to RGB once. Holding every image apart first, then assembling them,
	// took the memory of the data three times over.
	const trainFiles = [...labeledFiles, ...unlabeledFiles];
	const auto = options.channels !== 1 && options.channels !== 3;
	let channels: 1 | 3 = options.channels === 3 ? 3 : 1;
	const pixels = size * size;
	const allocate = (count: number) => new Uint8Array(new SharedArrayBuffer(count * pixels * channels));
	let buffers = [allocate(trainFiles.length), allocate(testFileNames.length)] as [Uint8Array, Uint8Array];
	let colour = 0;
	for (const [part, files] of [trainFiles, testFileNames].entries()) {
		for (const [index, name] of files.entries()) {
			const file = path.join(root, name);
			let bytes: Uint8Array;
			try {
				// Read synchronously: for small files fs/promises' open/stat/read/close round trips cost three times
				// the read itself (70,000 PNGs: 6.2 s against 2.2 s). The price: a load holds the event loop until it is
				// done, so load before starting anything that must stay responsive.
				bytes = readFileSync(file);
			} catch (error) {
				throw new InputError(`${file} could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
			}

			const image = decodeImage(bytes, file);
			if (image.channels === 3) {
				colour++;
				if (auto && channels === 1) {
					channels = 3;
					buffers = buffers.map(buffer => {
						const wide = new Uint8Array(new SharedArrayBuffer(buffer.length * 3));
						wide.set(convertChannels(buffer, 1, 3));
						return wide;
					}) as [Uint8Array, Uint8Array];
				}
			}

			buffers[part]!.set(convertChannels(fitImage(image, size, fit), image.channels, channels), index * pixels * channels);
		}
	}

	if (channels === 3 && colour < total) notes.push(`${total - colour} grey images repeated to 3 channels (${colour} are colour)`);
	if (channels === 1 && colour > 0) notes.push(`${colour} colour images converted to grey (luma)`);

	const assemble = (samples: Uint8Array, labels: number[], files: string[]): SampleSet => {
		if (options.invert) invertInPlace(samples);
		return {samples, labels: Uint8Array.from(labels), count: files.length, sources: files};
	};

	const train = assemble(buffers[0], [...labeledClasses, ...unlabeledFiles.map(() => unlabeledMark)], trainFiles);
	const test = testFileNames.length > 0 ? assemble(buffers[1], testClasses, testFileNames) : undefined;
	notes.push(`images ${fitWords(size, fit)}, ${channels === 3 ? 'RGB' : 'grey'}${options.invert ? ', inverted' : ''}`);
	if (unlabeledFiles.length > 0) notes.push(`${formatCount(unlabeledFiles.length)} images in ${path.relative(root, layout.unlabeledRoot!)}/ have no label`);

	const datasetInfo: Omit<DatasetInfo, 'mode'> = {
		name: path.basename(path.resolve(root)),
		kind: 'image',
		height: size,
		width: size,
		channels,
		classNames: ordered.names,
	};
	const imagePreparation = {fit, channels, invert: options.invert === true};
	return finishDataset({source: root, info: datasetInfo, train, ...(test ? {test} : {}), notes, imagePreparation}, options);
}

async function findLayout(root: string): Promise<Layout> {
	const top = await readFolder(root);
	const find = (names: string[], folders: string[]) => folders.find(folder => names.includes(folder.toLowerCase()));
	const train = find(trainNames, top.folders);
	const test = find(testNames, top.folders) ?? find(validationNames, top.folders);
	const unlabeled = find(unlabeledNames, top.folders);
	if (test !== undefined && train === undefined) {
		throw new InputError(`${root} has a ${test}/ folder but no train/ folder, expected train/<class>/ beside it`);
	}

	const classRoot = train === undefined ? root : path.join(root, train);
	const inClassRoot = train === undefined ? top : await readFolder(classRoot);
	const nestedUnlabeled = train === undefined ? undefined : find(unlabeledNames, inClassRoot.folders);
	const unlabeledRoot = unlabeled !== undefined ? path.join(root, unlabeled) : nestedUnlabeled !== undefined ? path.join(classRoot, nestedUnlabeled) : undefined;
	const classFolders = inClassRoot.folders.filter(folder => !unlabeledNames.includes(folder.toLowerCase()));
	if (classFolders.length === 0) {
		throw new InputError(`${classRoot} has no class folders, expected one folder of images per class (${train === undefined ? 'root' : train}/<class>/…)`);
	}

	const testRoot = test === undefined ? undefined : path.join(root, test);
	const testFolders = testRoot === undefined ? [] : (await readFolder(testRoot)).folders;
	if (testRoot !== undefined && testFolders.length === 0) throw new InputError(`${testRoot} has no class folders, expected ${test}/<class>/…`);
	return {classRoot, classFolders, testFolders, ...(testRoot ? {testRoot} : {}), ...(unlabeledRoot ? {unlabeledRoot} : {})};
}

/** Class folders in order and their names: sorted, or as classes.txt lists them ("folder" or "folder = Name" a line). */
async function classOrder(root: string, folders: string[]): Promise<{folders: string[]; names: string[]}> {
	const file = path.join(root, 'classes.txt');
	const text = await readFile(file, 'utf8').catch(() => undefined);
	const sorted = [...folders].sort(compareNames);
	if (text === undefined) return {folders: sorted, names: sorted};
	const order: string[] = [];
	const names: string[] = [];
	withoutBom(text).split(/\r?\n/).forEach((line, i) => {
		const trimmed = line.trim();
		if (trimmed === '' || trimmed.startsWith('#')) return;
		const equals = trimmed.indexOf('=');
		const folder = (equals >= 0 ? trimmed.slice(0, equals) : trimmed).trim();
		const name = equals >= 0 ? trimmed.slice(equals + 1).trim() : folder;
		if (!folders.includes(folder)) throw new InputError(`${file} line ${i + 1}: ${JSON.stringify(folder)} is not a class folder, expected one of: ${sorted.join(', ')}`);
		if (order.includes(folder)) throw new InputError(`${file} line ${i + 1}: ${JSON.stringify(folder)} is listed twice`);
		order.push(folder);
		names.push(name === '' ? folder : name);
	});
	const unlisted = sorted.filter(folder => !order.includes(folder));
	if (unlisted.length > 0) throw new InputError(`${file} does not list the class folder${unlisted.length > 1 ? 's' : ''} ${unlisted.join(', ')}, expected every class folder once`);
	return {folders: order, names};
}
