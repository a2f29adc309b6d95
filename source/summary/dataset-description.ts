/**
 * What the race's data is, in words, for the dashboard's data line, the headless start line and the Markdown report:
 * name, kind, shape, classes, the labeled / unlabeled / test counts and the mode. One wording everywhere.
 */
import type {DatasetInfo} from '../core/dataset-info.js';
import type {DatasetSizes} from '../race/race-events.js';
import {formatCount} from '../text/format.js';

/** What a truth-based number shows in real mode, where the pool has no labels to check against. */
export const noTruth = 'no truth';

/** True when the pool has no hidden labels (real mode): precision, "right", WRONG and fixed counts are "no truth". */
export function lacksTruth(info: Pick<DatasetInfo, 'mode'> | undefined): boolean {
	return info?.mode === 'real';
}

/** "images 32×32×3" or "table 12 features". */
export function shapeWords(info: DatasetInfo): string {
	return info.kind === 'table' ? `table ${info.width} features` : `images ${info.height}×${info.width}×${info.channels}`;
}

/** "simulation" or "real: no truth". */
export function modeWords(info: Pick<DatasetInfo, 'mode'>): string {
	return info.mode === 'real' ? `real: ${noTruth}` : 'simulation';
}

/** "4 classes: cat, dog, …": names while they fit in `room` characters, else the count alone. */
export function classesWords(info: DatasetInfo, room = 60): string {
	const count = `${info.classNames.length} classes`;
	const names = info.classNames.join(', ');
	return names.length <= room ? `${count}: ${names}` : count;
}

/** Every part of the description, most important first, for a renderer to join and shorten. */
export function datasetParts(dataset: DatasetSizes, classRoom = 60): string[] {
	const {info} = dataset;
	const counts = `${formatCount(dataset.labeled)} labeled / ${formatCount(dataset.unlabeled)} unlabeled / ${formatCount(dataset.test)} test`;
	if (info === undefined) return [dataset.name, counts];
	return [dataset.name, shapeWords(info), classesWords(info, classRoom), counts, modeWords(info)];
}

/** The whole description on one line: "pets · images 32×32×3 · 2 classes: cat, dog · 80 labeled / … · real: no truth". */
export function datasetDescription(dataset: DatasetSizes): string {
	return datasetParts(dataset).join(' · ');
}

/**
 * In real mode, what became of `--labeled`: every labeled sample is labeled, so the setting is not used. Said once:
 * undefined where the data's notes say it already (the preset fit's note, where --labeled was given: preset-fit.ts).
 */
export function labeledNote(dataset: DatasetSizes, labeledSetting: number): string | undefined {
	if (!lacksTruth(dataset.info) || (dataset.notes ?? []).some(note => note.includes('--labeled'))) return undefined;
	return `real mode: all ${formatCount(dataset.labeled)} labeled samples are used (--labeled ${labeledSetting} ignored); the pool has no truth to check pseudo-labels against`;
}
