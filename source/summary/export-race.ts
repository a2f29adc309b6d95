/**
 * A race's exports, written next to its summary: for each semi-supervised contender that finished, its pseudo-labels
 * for every pool sample as CSV (source, label, confidence, confident) and its final model (engine/model-file.ts), so
 * in real mode the user takes the labels and the labeler home. Every file is written atomically, never over another.
 */
import type {ImagePreparation} from '../core/image-preparation.js';
import fs from 'node:fs/promises';
import path from 'node:path';
import {className, type DatasetInfo} from '../core/dataset-info.js';
import {encodeModel, manifestName, weightsName, type TableScaling} from './model-file.js';
import type {ContenderState} from '../race/race-state.js';
import {writeFileExclusive} from './atomic-write.js';

/** What the summary records of one contender's exports: file names relative to the summary's folder. */
export interface ContenderExport {
	contender: string;
	/** The pseudo-labels CSV, one row per pool sample. */
	labels: string;
	/** The model folder (model.json + weights.bin). */
	model: string;
	samples: number;
}

/** A source as a CSV field: quoted when it holds a comma, a quote or a line break. */
export function csvField(text: string): string {
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Where a training row came from: the loader's source, else "row N" (N counts training samples from 0). */
export function sourceOf(sources: readonly string[] | undefined, row: number): string {
	return sources?.[row] ?? `row ${row}`;
}

/** The threshold a pseudo-label of `label` had to reach: the last round's (FlexMatch: its class's), 0 when none was. */
function thresholdFor(contender: ContenderState, label: number): number {
	const last = contender.rounds.at(-1);
	return last?.classThresholds?.[label] ?? last?.threshold ?? contender.config?.threshold ?? 0;
}

/**
 * The labels CSV's text: a header, then per pool sample its source, label name, confidence and whether that reaches
 * the method's threshold ("confident": the final model's verdict, the labels to keep; it was "accepted", which read as
 * "trained on" — the count a race used was of earlier models, round by round or batch by batch).
 */
export function labelsCsv(contender: ContenderState, info: DatasetInfo, sources: readonly string[] | undefined): string {
	const final = contender.finalModel!;
	const classes = final.shape.classes;
	const lines = ['source,label,confidence,confident'];
	for (let i = 0; i < final.poolRows.length; i++) {
		let best = 0;
		for (let c = 1; c < classes; c++) if (final.probabilities[i * classes + c]! > final.probabilities[i * classes + best]!) best = c;
		const confidence = final.probabilities[i * classes + best]!;
		const confident = confidence >= thresholdFor(contender, best);
		lines.push(`${csvField(sourceOf(sources, final.poolRows[i]!))},${csvField(className(info, best))},${confidence.toFixed(6)},${confident}`);
	}

	return `${lines.join('\n')}\n`;
}

/** Writes every exportable contender's files as `<base>.<contender>.labels.csv` and `<base>.<contender>.model/`. */
export async function exportRace(options: {
	contenders: readonly ContenderState[];
	info: DatasetInfo;
	sources: readonly string[] | undefined;
	tableScaling?: TableScaling;
	imagePreparation?: ImagePreparation;
	runsDir: string;
	/** The summary's file name without extension. */
	base: string;
	run?: string;
}): Promise<ContenderExport[]> {
	const exports: ContenderExport[] = [];
	for (const contender of options.contenders) {
		if (!contender.finalModel) continue;
		const labels = `${options.base}.${contender.id}.labels.csv`;
		const model = `${options.base}.${contender.id}.model`;
		await writeFileExclusive(path.join(options.runsDir, labels), labelsCsv(contender, options.info, options.sources));
		const folder = path.join(options.runsDir, model);
		await fs.mkdir(folder);
		const {manifest, bytes} = encodeModel({
			contender: contender.id,
			method: contender.method,
			...(options.run === undefined ? {} : {run: options.run}),
			shape: contender.finalModel.shape,
			dataset: options.info,
			...(options.tableScaling === undefined ? {} : {tableScaling: options.tableScaling}),
			...(options.imagePreparation === undefined ? {} : {imagePreparation: options.imagePreparation}),
			weights: contender.finalModel.weights,
		});
		// The weights first: a folder whose manifest is there always has its weights.
		await writeFileExclusive(path.join(folder, weightsName), bytes);
		await writeFileExclusive(path.join(folder, manifestName), `${JSON.stringify(manifest, undefined, '\t')}\n`);
		exports.push({contender: contender.id, labels, model, samples: contender.finalModel.poolRows.length});
	}

	return exports;
}
