/**
 * `--data synthetic`: the built-in table demo (core/synthetic-table.ts), generated rather than read, then prepared
 * as a CSV table is (standardised, quantized) so it races like one. Fully labeled: simulation mode, the test share
 * held out by the race's seed. Its header and notes say it is synthetic.
 */
import {existsSync} from 'node:fs';
import {syntheticClasses, syntheticFeatures, syntheticRows, syntheticTable} from '../../core/synthetic-table.js';
import type {DatasetSource, LoadedDataset, LoadOptions} from '../dataset-source.js';
import {finishDataset} from './finish-dataset.js';
import {standardise, standardiseNotes} from './quantize.js';

export const syntheticName = 'synthetic';
/** The table's own seed: fixed, so every race and sweep seed sees the same rows (the race's seed picks its split). */
const tableSeed = 1;

export const syntheticSource: DatasetSource = {
	format: syntheticName,
	// A name, not a path: a file or folder called "synthetic" is read as what it is.
	virtual: true,
	async detect(target) {
		return namesSynthetic(target);
	},
	load: loadSynthetic,
};

/** Whether `--data target` names the demo rather than a path (sweeps keep it as it is instead of making it absolute). */
export function namesSynthetic(target: string): boolean {
	return target === syntheticName && !existsSync(target);
}

export async function loadSynthetic(_target: string, options: LoadOptions): Promise<LoadedDataset> {
	const {values, labels} = syntheticTable(tableSeed);
	const table = standardise(values, new Float32Array(0), syntheticFeatures);
	const notes = [
		`synthetic: ${syntheticRows} generated rows, ${syntheticClasses.length} Gaussian clusters in signal1 × signal2 and 8 noise features`,
		...standardiseNotes(table),
	];
	const info = {name: syntheticName, kind: 'table' as const, height: 1, width: syntheticFeatures.length, channels: 1, classNames: syntheticClasses, featureNames: syntheticFeatures};
	const sources = Array.from({length: syntheticRows}, (_, row) => `row ${row}`);
	const finished = finishDataset({source: syntheticName, info, train: {samples: table.train, labels, count: syntheticRows, sources}, notes}, options);
	return {...finished, tableScaling: table.scaling};
}
