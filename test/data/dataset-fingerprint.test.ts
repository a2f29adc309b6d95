// The dataset's fingerprint (data/dataset-fingerprint.ts): the same bytes and descriptor give the same hash; any
// changed byte, moved boundary or descriptor field gives another.
import {describe, expect, it} from 'vitest';
import {mnistInfo} from '../../source/core/dataset-info.js';
import {datasetFingerprint} from '../../source/data/dataset-fingerprint.js';
import type {SharedDataset} from '../../source/protocol/messages.js';

function dataset(trainImages: number[], overrides: Partial<SharedDataset> = {}): SharedDataset {
	const bytes = (values: number[]) => Uint8Array.from(values).buffer;
	return {
		info: mnistInfo(),
		name: 'tiny',
		rows: 1,
		cols: 2,
		trainImages: bytes(trainImages),
		trainLabels: bytes([1, 2]),
		testImages: bytes([5, 6]),
		testLabels: bytes([3]),
		trainCount: 2,
		testCount: 1,
		...overrides,
	};
}

describe('datasetFingerprint', () => {
	it('is a SHA-256 of descriptor and bytes: equal for equal data, different for any change', () => {
		const base = datasetFingerprint(dataset([1, 2, 3, 4]));
		expect(base).toMatch(/^sha256:[\da-f]{64}$/);
		expect(datasetFingerprint(dataset([1, 2, 3, 4]))).toBe(base);
		expect(datasetFingerprint(dataset([1, 2, 3, 5]))).not.toBe(base);
		expect(datasetFingerprint(dataset([1, 2, 3, 4], {name: 'other'}))).not.toBe(base);
		expect(datasetFingerprint(dataset([1, 2, 3, 4], {info: {...mnistInfo(), classNames: ['a', 'b']}}))).not.toBe(base);
		// A byte moved from the train images to the train labels is another dataset.
		expect(datasetFingerprint(dataset([1, 2, 3], {trainLabels: Uint8Array.from([4, 1, 2]).buffer}))).not.toBe(base);
	});
});
