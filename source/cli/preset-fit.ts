/**
 * A preset on this dataset. In simulation mode its labeled count must fit the data (config/presets.ts presetProblem):
 * a count the preset asks for that does not — the tutorial's 1,000 labels on a table of 720 training rows — becomes
 * one that does (core/fit-labeled.ts), said in a note; a count the user asked for with --labeled is never changed, and
 * stops the race with one line when it does not fit. In real mode every labeled sample is labeled and `labeled` is not
 * used, so any preset fits as it is — said in a note, since --dry-run's race line still shows the preset's count.
 */
import type {KnobPatch} from '../config/contenders.js';
import {presetPlan, presetProblem, type Preset} from '../config/presets.js';
import {classCount} from '../core/dataset-info.js';
import {fittedLabeled} from '../core/fit-labeled.js';
import type {SharedDataset} from '../protocol/messages.js';
import {formatCount, possessive} from '../text/format.js';

export interface PresetFit {
	/** The session's flags, with `labeled` set where the preset's count was fitted. */
	flags: KnobPatch;
	/** Why the preset cannot race here even so (one line, naming where the count came from). */
	problem?: string;
	/** What the fit did, one sentence for the run's notes and --dry-run. */
	note?: string;
	/** The same in the few words the dashboard's status line has beside its keys (~50 columns at 80). */
	notice?: string;
}

function classSizes(dataset: SharedDataset): number[] {
	const counts = new Array<number>(classCount(dataset.info)).fill(0);
	for (const label of new Uint8Array(dataset.trainLabels)) if (label < counts.length) counts[label]!++;
	return counts;
}

export function presetFitOn(preset: Preset, flags: KnobPatch, dataset: SharedDataset): PresetFit {
	const counts = classSizes(dataset);
	const noun = dataset.info.kind === 'table' ? 'row' : 'image';
	if (dataset.info.mode === 'real') {
		const labeled = counts.reduce((sum, size) => sum + size, 0);
		const asked = presetPlan(preset, flags).race.labeled;
		return {flags, note: `real data: its ${formatCount(labeled)} labeled ${noun}s are the labeled set, so --labeled (${formatCount(asked)} here) is not used`};
	}

	const problemWith = (patch: KnobPatch) =>
		presetProblem(preset, patch, dataset.trainCount, counts.length, {counts, names: dataset.info.classNames}, noun);
	const problem = problemWith(flags);
	if (problem === undefined || flags.labeled !== undefined) return problem === undefined ? {flags} : {flags, problem};
	const asked = presetPlan(preset, flags).race.labeled;
	const fitted = fittedLabeled(counts, asked);
	if (fitted?.reason === undefined) return {flags, problem};
	const fittedFlags = {...flags, labeled: fitted.labeled};
	const tenth = Math.round(dataset.trainCount / 10);
	const why =
		fitted.reason === 'too-many'
			? `more than the ${formatCount(dataset.trainCount)} training ${noun}s can spare; ${formatCount(fitted.labeled)} ${fitted.labeled === tenth ? '(a tenth)' : '(one per class: a tenth is fewer than the classes)'}`
			: `fewer than the ${formatCount(counts.length)} classes; ${formatCount(fitted.labeled)} (one per class)`;
	const short =
		fitted.reason === 'too-many'
			? `exceed the ${formatCount(dataset.trainCount)} ${noun}s`
			: `are fewer than the ${formatCount(counts.length)} classes`;
	return {
		flags: fittedFlags,
		...(problemWith(fittedFlags) === undefined ? {} : {problem}),
		note: `preset ${preset.name} asks for ${formatCount(asked)} labeled, ${why} are labeled instead; --labeled N chooses`,
		notice: `${formatCount(fitted.labeled)} labeled: ${possessive(preset.name)} ${formatCount(asked)} ${short}`,
	};
}
