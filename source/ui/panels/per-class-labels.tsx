/**
 * The pseudo-label panel's lines per class (pseudo-label-panel.tsx): a row per class with its bar, count, share right
 * and most common true class behind the wrong ones, or one named spark per class where there is no room; and one
 * named spark per class for the per-class thresholds.
 */
import {shortClassName, tellingColumns} from '../../text/class-short-name.js';
import {Box, Text} from 'ink';
import type {DatasetInfo} from '../../core/dataset-info.js';
import type {RoundStats} from '../../race/race-state.js';
import {lacksTruth, noTruth} from '../../summary/dataset-description.js';
import {renderBar, renderSpark} from '../../text/bar.js';
import {classSparks, type ClassSparks} from '../../text/class-sparks.js';
import {classesThatMatter, labelName} from '../../text/class-words.js';
import {formatPercent, formatShortCount} from '../../text/format.js';
import {usedHeading, usedWord} from '../../text/pseudo-label-words.js';
import {firstThatFits, truncate} from '../../text/wrap.js';

/** Most lines the per-class list takes (its heading, then a row per class or, with many classes, the rows that matter). */
const perClassListLines = 11;

/** Lines the per-class list needs for K classes: every class when K ≤ 10, else as many as the most it takes. */
export function perClassLines(classes: number): number {
	return Math.min(classes + 1, perClassListLines);
}

/** Columns of the class-name column: the longest name shown, 1 to 10 (longer names are cut). */
function nameColumn(info: DatasetInfo | undefined, classes: readonly number[]): number {
	return Math.min(10, Math.max(1, ...classes.map(label => labelName(info, label).length)));
}

/** The classes' names, index = label (MNIST's digits without a descriptor). */
function namesOf(info: DatasetInfo | undefined, classes: number): string[] {
	return Array.from({length: classes}, (_, label) => labelName(info, label));
}

/**
 * Small vertical bars of accepted count per class, scaled to the largest, each led by its class's name (classSparks):
 * the line, then, when `legend` and the names had to be cut short, a line saying which class each bar is.
 */
export function PerDigitSparks({round, width, info, legend = false}: {round: RoundStats; width: number; info?: DatasetInfo; legend?: boolean}) {
	const max = Math.max(...round.perClassAccepted);
	const sparks = classSparks(round.perClassAccepted.map(count => renderSpark(count, max)), namesOf(info, round.perClassAccepted.length), width);
	return (
		<>
			<Text wrap="truncate-end">{sparks.line}</Text>
			{legend && sparks.legend !== undefined ? (
				<Text dimColor wrap="truncate-end">
					{sparks.legend}
				</Text>
			) : undefined}
		</>
	);
}

/** Whether the per-class sparks need a legend line at `width` (their names cut to a guess, or left out). */
export function perDigitSparksLegend(round: RoundStats, width: number, info: DatasetInfo | undefined): boolean {
	return classSparks(round.perClassAccepted.map(() => ' '), namesOf(info, round.perClassAccepted.length), width).legend !== undefined;
}

/**
 * A line per class: the label the model gave, a bar of how many got it, the count, the share that is right and, when
 * room allows, the true class most often hiding behind the wrong ones ("←4 310": 310 fours were labeled this digit),
 * under the heading "really" so the column reads on its own ("9 … really ←4 310").
 * With more classes than `lines` − 1 rows, the rows that matter (most used, least often right) and how many are hidden.
 */
export function PerDigitList({round, width, info, lines}: {round: RoundStats; width: number; info?: DatasetInfo; lines: number}) {
	const classes = round.perClassAccepted.length;
	const fits = classes <= lines - 1;
	const shown = fits ? round.perClassAccepted.map((_, label) => label) : classesThatMatter(round.perClassAccepted, round.perClassCorrect, lines - 2);
	const hidden = classes - shown.length;
	// The bars' scale, never 0 (an empty chart divides by it); the heading states the real largest count.
	const most = Math.max(0, ...round.perClassAccepted);
	const max = Math.max(1, most);
	const nameWidth = nameColumn(info, shown);
	const countWidth = 6;
	const precisionWidth = 5;
	const confusions = round.perClassTopConfusion;
	// "really": a space, then "←name count" with each name whole where the bars keep 6 columns ("←ci… 212" ran into the
	// share before it and cut "circle" to two letters); 8 columns at least, as before.
	const fixed = 1 + nameWidth + countWidth + precisionWidth + 2;
	const wanted = Math.max(0, ...shown.map(label => confusionText(confusions?.[label], info, Number.POSITIVE_INFINITY).length + 1));
	// Names cut no shorter than tells them from the other classes ("←barb…", not "←bar…" beside barolo), the bars
	// giving up columns for it down to 2.
	const telling = Math.max(0, ...shown.map(label => confusionText(confusions?.[label], info, 0, true).length + 1));
	const confusionWidth = confusions !== undefined && width >= 34 ? Math.min(Math.max(8, telling, Math.min(wanted, width - fixed - 6)), width - fixed - 2) : 0;
	const barWidth = Math.max(1, width - fixed - confusionWidth);
	return (
		<Box flexDirection="column">
			<Text dimColor wrap="truncate-end">
				{/* Columns: "label " then the heading over the bars and counts (to the counts' end), then the share right
				(6 wide; "no truth" takes 3 of the heading's), then "really" over the confusions. */}
				{truncate(`label ${usedHeading(usedWord(round), most, nameWidth + barWidth + 1 - (lacksTruth(info) ? 3 : 0))}${lacksTruth(info) ? ` ${noTruth}` : ' right'}${confusionWidth > 0 ? '  really' : ''}`, width)}
			</Text>
			{shown.map(label => {
				const count = round.perClassAccepted[label] ?? 0;
				const correct = round.perClassCorrect[label] ?? 0;
				return (
					<Text key={label} wrap="truncate-end">
						{shortClassName(labelName(info, label), nameWidth, info?.classNames ?? []).padEnd(nameWidth)} <Text color="magenta">{renderBar(count / max, barWidth)}</Text>
						{formatShortCount(count).padStart(countWidth)}
						{(count > 0 && !lacksTruth(info) ? formatPercent(correct / count, 0) : '–').padStart(precisionWidth + 1)}
						{confusionWidth > 0 ? <Text dimColor>{confusionText(confusions?.[label], info, confusionWidth - 1).padStart(confusionWidth)}</Text> : ''}
					</Text>
				);
			})}
			{hidden === 0 ? undefined : (
				<Text dimColor wrap="truncate-end">
					{firstThatFits([`… ${hidden} more classes (fewer ${usedWord(round)})`, `… ${hidden} more classes`, `+${hidden} more`], width)}
				</Text>
			)}
		</Box>
	);
}

/**
 * One spark per class, from the lowest threshold (▁) to the highest (█): which classes the model still finds hard,
 * each led by its class's name; and the legend line when the names had to be cut short.
 */
export function thresholdSparks(thresholds: number[], info: DatasetInfo | undefined, width: number): ClassSparks {
	const low = Math.min(...thresholds);
	const span = Math.max(...thresholds) - low;
	const sparks = thresholds.map(value => renderSpark(span > 0 ? 0.01 + (0.99 * (value - low)) / span : 1, 1));
	return classSparks(sparks, namesOf(info, thresholds.length), width);
}

/**
 * "←circle 212" in at most `room` columns: the name cut to fit (3 columns at least, "ci…"; with `telling`, no shorter
 * than tells it from the other classes), never the count.
 */
function confusionText(entry: [number, number] | null | undefined, info: DatasetInfo | undefined, room: number, telling = false): string {
	if (!entry) return '';
	const count = formatShortCount(entry[1]);
	const name = labelName(info, entry[0]);
	const names = info?.classNames ?? [];
	const floor = Math.max(3, telling ? tellingColumns(name, names) : 0);
	return `←${shortClassName(name, Math.max(floor, room - 2 - count.length), names)} ${count}`;
}
