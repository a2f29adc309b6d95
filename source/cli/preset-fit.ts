/**
 * Whether a preset can race on this dataset. In simulation mode its labeled count must fit the data (config/presets.ts
 * presetProblem); in real mode every labeled sample is labeled and `labeled` is not used, so any preset fits.
 */
import type {KnobPatch} from '../config/contenders.js';
import {presetProblem, type Preset} from '../config/presets.js';
import {classCount} from '../core/dataset-info.js';
import type {SharedDataset} from '../protocol/messages.js';

export function presetProblemOn(preset: Preset, flags: KnobPatch, dataset: SharedDataset): string | undefined {
	if (dataset.info.mode === 'real') return undefined;
	const counts = new Array<number>(classCount(dataset.info)).fill(0);
	for (const label of new Uint8Array(dataset.trainLabels)) if (label < counts.length) counts[label]!++;
	const noun = dataset.info.kind === 'table' ? 'row' : 'image';
	return presetProblem(preset, flags, dataset.trainCount, classCount(dataset.info), {counts, names: dataset.info.classNames}, noun);
}
