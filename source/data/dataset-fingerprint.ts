/**
 * A fingerprint of the shared dataset — SHA-256 of its descriptor and every byte of its images and labels — computed
 * on the main thread and kept in run summaries: two runs with the same settings and the same fingerprint trained on
 * the same data, whatever path or loader it came from.
 */
import {createHash} from 'node:crypto';
import type {SharedDataset} from '../protocol/messages.js';

// One hash per loaded dataset (~55 MB for MNIST, some 50 ms): the dashboard races many presets on the same one.
const known = new WeakMap<ArrayBufferLike, string>();

/** `sha256:` and 64 hex digits. */
export function datasetFingerprint(dataset: SharedDataset): string {
	const cached = known.get(dataset.trainImages);
	if (cached !== undefined) return cached;
	const hash = createHash('sha256');
	const {info, name, rows, cols, trainCount, testCount} = dataset;
	hash.update(JSON.stringify({info, name, rows, cols, trainCount, testCount}));
	for (const part of [dataset.trainImages, dataset.trainLabels, dataset.testImages, dataset.testLabels]) {
		// The length first, so bytes moved from one part to the next change the hash.
		hash.update(`\n${part.byteLength}\n`);
		hash.update(new Uint8Array(part));
	}

	const fingerprint = `sha256:${hash.digest('hex')}`;
	known.set(dataset.trainImages, fingerprint);
	return fingerprint;
}
