/**
 * The data line under the header: what the race's data is — name, kind and shape, classes (by name while they fit),
 * labeled / unlabeled / test counts and the mode ("simulation" or "real: no truth") — shortened to the width by
 * shortening the counts, then dropping the class names, then the shape; never the mode. Where the layout has room, a
 * second, dim line carries the loader's notes ("features standardised …") and what became of the labeled count: fitted
 * to the data (a preset's), or ignored (real mode's `--labeled`).
 */
import {Box, Text} from 'ink';
import type {DatasetSizes} from '../../race/race-events.js';
import {classesWords, labeledNote, modeWords, shapeWords} from '../../summary/dataset-description.js';
import {formatCount, formatShortCount} from '../../text/format.js';
import {firstThatFits} from '../../text/wrap.js';

export function datasetLineText(dataset: DatasetSizes | undefined, width: number): string {
	if (dataset === undefined) return 'loading dataset…';
	const long = `${formatCount(dataset.labeled)} labeled / ${formatCount(dataset.unlabeled)} unlabeled / ${formatCount(dataset.test)} test`;
	const short = `${formatShortCount(dataset.labeled)}/${formatShortCount(dataset.unlabeled)}/${formatShortCount(dataset.test)} lab/unl/test`;
	const {info} = dataset;
	if (info === undefined) return firstThatFits([`data ${dataset.name} · ${long}`, `${dataset.name} · ${short}`], width);
	const mode = modeWords(info);
	const classes = `${info.classNames.length} classes`;
	const variants = [
		[dataset.name, shapeWords(info), classesWords(info, width), long, mode],
		[dataset.name, shapeWords(info), classesWords(info, width), short, mode],
		[dataset.name, shapeWords(info), classes, long, mode],
		[dataset.name, shapeWords(info), classes, short, mode],
		[dataset.name, classes, short, mode],
		[dataset.name, mode],
	].map(parts => parts.join(' · '));
	// "data " says what the line is where there is room for it; without it the shape still fits at 80 columns.
	return firstThatFits([...variants.slice(0, 4).map(text => `data ${text}`), ...variants.slice(2)], width);
}

/**
 * The loader's notes and, in real mode, what became of `--labeled`, on one line (cut to the width); first, what was
 * changed so the preset fits (`presetNote`: its labeled count), the one that explains the counts above it.
 */
export function notesLineText(dataset: DatasetSizes | undefined, labeled: number | undefined, presetNote?: string, width = Number.POSITIVE_INFINITY): string {
	if (dataset === undefined) return '';
	const real = labeled === undefined ? undefined : labeledNote(dataset, labeled);
	return fitNotes([...(presetNote === undefined ? [] : [presetNote]), ...(dataset.notes ?? []), ...(real === undefined ? [] : [real])], width);
}

/**
 * Notes joined on one line of `width`: where they do not fit, the longest is said shorter — its parentheses left out
 * ("images fitted to 28×28, RGB"), then only what comes before its colon where what follows explains ("no
 * augmentation"; "label column: kind" keeps its value), then its first clause — until they fit, so each note keeps its
 * gist where cutting the line at its end lost the last ones whole. Where even that is too long, the last notes give
 * way to "+N more: press ?" (the help lists them whole). The first note (what became of the labeled count, which
 * explains the counts above it) keeps its words. The full words stay in the help, the headless start line,
 * `--dry-run` and the saved summary.
 */
export function fitNotes(notes: readonly string[], width: number): string {
	const forms = notes.map((note, index) => {
		if (index === 0) return [note];
		const plain = note.replaceAll(/ \([^()]*\)/g, '');
		const colon = plain.indexOf(': ');
		// What follows the colon explains where it runs to words; a single value ("kind") is the note's point.
		const explains = colon > 0 && plain.slice(colon + 2).split(' ').length >= 3;
		const head = explains ? plain.slice(0, colon) : plain;
		// Its first clause: "features standardised" of "… and quantized to 0..255 over ±4 σ".
		const clause = head.split(/, | and /)[0]!;
		return [...new Set([note, plain, head, clause])];
	});
	const chosen = forms.map(() => 0);
	let kept = notes.length;
	const text = () => {
		const said = forms.slice(0, kept).map((form, index) => form[chosen[index]!]!);
		return [...said, ...(kept < notes.length ? [`+${notes.length - kept} more: press ?`] : [])].join(' · ');
	};

	while (text().length > width) {
		let longest = -1;
		for (const [index, form] of forms.slice(0, kept).entries()) {
			if (chosen[index]! + 1 >= form.length) continue;
			if (longest < 0 || form[chosen[index]!]!.length > forms[longest]![chosen[longest]!]!.length) longest = index;
		}

		if (longest >= 0) chosen[longest]!++;
		else if (kept > 1) kept--;
		else break;
	}

	return text();
}

/** `notes`: a second line with the loader's notes (where the layout has room for it). */
export function DatasetLine({dataset, width, notes = false, labeled, presetNote}: {dataset: DatasetSizes | undefined; width: number; notes?: boolean; labeled?: number; presetNote?: string}) {
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate-end">{datasetLineText(dataset, width)}</Text>
			{notes ? (
				<Text dimColor wrap="truncate-end">
					{notesLineText(dataset, labeled, presetNote, width)}
				</Text>
			) : undefined}
		</Box>
	);
}
