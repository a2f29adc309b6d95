/**
 * Puts a loaded dataset into the shared memory the workers read: one SharedArrayBuffer per array, so every
 * contender's thread reads the same bytes. Whatever the loader, this is the only way samples reach a worker. Samples
 * a loader already wrote into a SharedArrayBuffer of their exact size are taken as they are: a second copy would
 * double the memory a large dataset needs at load.
 * A table also gets its profile here, once: the features its sample tiles show and each class's mean row.
 */
import {classCount, inputSize} from '../core/dataset-info.js';
import {tableProfile} from '../core/table-profile.js';
import type {SharedDataset} from '../protocol/messages.js';
import type {LoadedDataset, SampleSet} from './dataset-source.js';

export function toSharedDataset(loaded: LoadedDataset): SharedDataset {
	const {info} = loaded;
	const size = inputSize(info);
	for (const [part, set] of [['training', loaded.train], ['test', loaded.test]] as const) {
		// A loader that hands over the wrong number of bytes is a bug in the loader, not bad input.
		if (set.samples.length !== set.count * size || set.labels.length !== set.count) {
			throw new RangeError(
				`toSharedDataset: ${part} set of ${set.count} samples has ${set.samples.length} bytes and ${set.labels.length} labels, expected ${set.count * size} and ${set.count}`,
			);
		}
	}

	return {
		info,
		name: info.name,
		rows: info.height,
		cols: info.width,
		trainImages: shared(loaded.train),
		trainLabels: toShared(loaded.train.labels),
		testImages: shared(loaded.test),
		testLabels: toShared(loaded.test.labels),
		trainCount: loaded.train.count,
		testCount: loaded.test.count,
		...(loaded.notes.length === 0 ? {} : {notes: loaded.notes}),
		...(loaded.train.sources === undefined ? {} : {trainSources: loaded.train.sources}),
		...(loaded.tableScaling === undefined ? {} : {tableScaling: loaded.tableScaling}),
		...(loaded.imagePreparation === undefined ? {} : {imagePreparation: loaded.imagePreparation}),
		...(info.kind === 'table' ? {tableProfile: tableProfile(loaded.train.samples, loaded.train.labels, info.width, classCount(info))} : {}),
	};
}

const shared = (set: SampleSet) => toShared(set.samples);

function toShared(bytes: Uint8Array): SharedArrayBuffer {
	if (bytes.buffer instanceof SharedArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes.buffer;
	const buffer = new SharedArrayBuffer(bytes.length);
	new Uint8Array(buffer).set(bytes);
	return buffer;
}
