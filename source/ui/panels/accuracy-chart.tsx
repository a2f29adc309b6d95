/** The race itself: every contender's test accuracy per epoch, a legend best first, and the best gap to supervised. */
import {Box, Text} from 'ink';
import {baselineOf, type ContenderState, type RaceState} from '../../race/race-state.js';
import {ansiDefaultForeground, contenderStyle} from '../../text/contender-style.js';
import {formatPoints} from '../../text/format.js';
import {sampleWord} from '../../text/class-words.js';
import {belowMark, renderRaceChartWithVisibility} from '../../text/race-chart.js';
import {truncate, wrapText} from '../../text/wrap.js';
import {workAxis} from '../../text/work-axis.js';
import {lineEvents} from '../../text/line-events.js';
import type {SweepEvidence} from '../../sweep/evidence.js';
import {gapMeaning} from '../../text/progress-words.js';
import {drawOrder, evidenceNote, fairLeads, fairNote, hiddenNote, marksNote, oneClassNote, packNotes, scaleNote, sharedNote, visibleFrom} from '../chart-notes.js';
import {contenderGap, layoutLegend, shortNames} from '../contender-lines.js';
import {Caption} from './caption.js';

export interface AccuracyChartProps {
	state: RaceState;
	width: number;
	height: number;
	/** Color the chart's lines (the rest of the UI is colored by Ink, which follows FORCE_COLOR). */
	color: boolean;
	/** The y-axis spans the lowest accuracy to 100 % instead of the contested band (the z key). */
	fullRange?: boolean;
	/** The focused contender: its line is drawn on top. */
	focusIndex?: number;
	/** x counts images trained on instead of epochs (the x key), so epochs of different sizes compare fairly. */
	byImages?: boolean;
	/** A sweep's gaps over seeds for this preset and settings, shown beside the live gap (sweep/evidence.ts). */
	evidence?: SweepEvidence;
	/** The race's flags, for the one-seed hint's sweep command (text/sweep-hint.ts). */
	sweepFlags?: readonly string[];
}

/**
 * The leading non-supervised contender's gap (its accuracy minus the supervised baseline's at the same epoch, the one
 * gap every screen shows); contenders still warming up have used no pseudo-label and are left out. Undefined without
 * a baseline or a contender past its warm-up.
 */
export function accuracyGap(state: RaceState): {points: number; epoch: number; contender: ContenderState} | undefined {
	const baseline = baselineOf(state);
	if (baseline === undefined) return undefined;
	let best: {points: number; epoch: number; contender: ContenderState} | undefined;
	for (const contender of state.contenders) {
		if (contender === baseline || contender.method === 'supervised' || contender.phase === 'error') continue;
		const gap = contenderGap(contender, baseline);
		if (gap === undefined || gap.warming) continue;
		if (best === undefined || gap.points > best.points) best = {points: gap.points, epoch: gap.epoch, contender};
	}

	return best;
}

/** The gap in words, most detailed first: "self-training +3.6 pts at epoch 18 vs supervised's best" (its defined meaning, then shorter). */
function gapVariants(state: RaceState, fair: ReturnType<typeof fairLeads>): string[] {
	const gap = accuracyGap(state);
	if (gap === undefined) return [];
	const points = formatPoints(gap.points);
	const bare = points.replace(' pts', '');
	const name = gap.contender.name;
	// The leader's own short form when its name does not fit: a gap without its subject says nothing.
	const short = shortNames(state.contenders, 9)[state.contenders.indexOf(gap.contender)] ?? name;
	// The leader's lead over sup+aug too, at the same epoch, when it trains on the same augmented labeled images: the
	// part of the gap the unlabeled images earned.
	const fairLead = fair?.leads.find(item => state.contenders[item.index] === gap.contender);
	const fairName = fair === undefined ? '' : fair.fair.name;
	const vsFair = fairLead === undefined ? undefined : `${formatPoints(fairLead.points).replace(' pts', '')} vs ${fairName}`;
	return [
		...(vsFair === undefined ? [] : [
			`${name} ${points} at ep ${gap.epoch} vs supervised's best, ${vsFair}`,
			`${name} ${bare} vs sup. best, ${vsFair} (ep ${gap.epoch})`,
			`${short} ${bare} vs sup. best, ${vsFair} (ep ${gap.epoch})`,
			`${short} ${bare} vs sup., ${vsFair} (ep ${gap.epoch})`,
		]),
		`${name} ${points} at epoch ${gap.epoch} ${gapMeaning}`,
		`${name} ${points} at ep ${gap.epoch} vs supervised's best`,
		`${name} ${points} at ep ${gap.epoch} vs sup. best`,
		// The leader's whole name before its short form.
		`${name} ${bare} at ep ${gap.epoch} vs sup. best`,
		// Not "vs sup." without "best": 94.9 % − 91.1 % is not +3.4, supervised's best by then is what it is measured from.
		`${short} ${points} at ep ${gap.epoch} vs sup. best`,
		`${short} ${bare} at ep ${gap.epoch} vs sup. best`,
		`${short} ${bare} (ep ${gap.epoch})`,
		`${bare} (ep ${gap.epoch})`,
	];
}

/** What the zoomed chart's ▼ marks mean, longest first. */
const belowNote = ['▼: a line below the zoomed axis there (z: full range)', '▼ below the axis (z: full range)', '▼ below axis (z)'];

const captionVariants = (testImages: string) => [
	`Test accuracy per epoch${testImages}`,
	'Test accuracy per epoch',
	'Test accuracy',
	'Accuracy',
];

// x in samples trained on (images, or a table's rows): the caption says so, and which key goes back.
const imageCaptionVariants = (testImages: string, samples: string) => [
	`Test accuracy${testImages} by ${samples} trained on (x: epochs)`,
	`Test accuracy by ${samples} trained on (x: epochs)`,
	`Test accuracy by ${samples} trained on`,
	`Accuracy by ${samples}`,
];

export function AccuracyChart({state, width, height, color, fullRange = false, focusIndex, byImages = false, evidence, sweepFlags = []}: AccuracyChartProps) {
	const crashed = state.contenders.filter(contender => contender.phase === 'error');
	// A crash message gets up to two lines each (one when several crashed): the reason is what the user acts on.
	const errorLines = crashed.flatMap(contender => {
		const lines = wrapText(`✗ ${contender.name} crashed: ${contender.error ?? 'unknown error'}`, width, '  ');
		return lines.length <= 2 && crashed.length === 1 ? lines : [truncate(lines.length > 1 ? `${lines[0]} …` : lines[0]!, width)];
	});
	// Two lines for three or more contenders keep their names readable; every contender keeps its entry, in more lines
	// if it must (the plot gives up rows for them).
	// Five or more take a third line rather than cut names ("self-…", "FlexM…" were read as different contenders).
	// A short chart (80×24) keeps its plot rows instead: cut names there, whole ones at 100×30.
	const legend = layoutLegend(state, width, state.contenders.length > 4 && height >= 16 ? 3 : state.contenders.length > 2 ? 2 : 1);
	// Notes: two lines when the plot keeps at least 8 rows with them (the marks and the sweep's word need room), else one.
	const noteBudget = state.contenders.length <= 1 ? 0 : height - 1 - errorLines.length - legend.length - 2 - 2 >= 8 ? 2 : 1;
	// The focused contender's events on the axis; by images, at the images it had trained on when they came.
	const focused = state.contenders[focusIndex ?? 0];
	const events = focused === undefined ? [] : lineEvents(focused.method, focused.config);
	const leader = accuracyGap(state);
	// Each method's lead over sup+aug, for the caption's leader and the notes alike.
	const fair = fairLeads(state);
	const chartHeight = Math.max(4, height - 1 - errorLines.length - legend.length - noteBudget);
	// One bucket of images per plot column (the plot is the width less the 6-column y labels).
	const work = byImages ? workAxis(state.contenders, Math.max(2, width - 6), state.dataset?.unlabeled ?? 0) : undefined;
	const markers = events.flatMap(event => {
		if (work === undefined) return [{x: event.epoch, char: event.char}];
		const before = focused!.epochs.slice(0, event.epoch - 1);
		if (before.length < event.epoch - 1) return [];
		return [{x: before.reduce((sum, point) => sum + point.trainSize, 0) / work.perBucket + 1, char: event.char}];
	});
	const xAxis = work === undefined ? {totalEpochs: state.totalEpochs, markers} : {totalEpochs: work.buckets, xName: sampleWord(state.dataset?.info, 'many') === 'rows' ? 'rows' : 'imgs', xLabel: work.label, markers};
	const {text: chart, visibility} = renderRaceChartWithVisibility(
		state.contenders.map((contender, index) => ({label: contender.name, values: work?.values[index] ?? contender.epochs.map(point => point.testAccuracy)})),
		{
			width,
			height: chartHeight,
			color,
			...xAxis,
			legend: false,
			zoom: !fullRange,
			...(focusIndex === undefined || state.contenders.length < 2 ? {} : {focus: focusIndex}),
			drawOrder: drawOrder(state),
			// By epochs, identical warm-ups are said in words (sharedNote); only the rest counts as hiding.
			...(work === undefined ? {visibleFrom: visibleFrom(state)} : {}),
		},
	);
	// Which lines hide others is known only once they are drawn.
	const notes = packNotes(
		[
			// First: a collapsed contender's accuracy alone reads as slow learning.
			oneClassNote(state),
			sharedNote(state),
			hiddenNote(state, visibility),
			// Zoomed, a line below the band is marked ▼ on the bottom row (race-chart.ts): said where it happens, or a
			// reader guesses ("dropped", "worse").
			chart.includes(belowMark) ? belowNote : undefined,
			fairNote(state, fair),
			evidenceNote(state, evidence, leader?.contender.id, sweepFlags),
			focused === undefined ? undefined : marksNote(focused.name, events),
			scaleNote(fullRange, byImages, sampleWord(state.dataset?.info, 'many')),
		],
		width,
		noteBudget,
	);
	const gapPoints = leader?.points ?? 0;
	const samples = sampleWord(state.dataset?.info, 'many');
	const testImages = state.dataset === undefined ? '' : ` on ${state.dataset.test.toLocaleString('en-US')} test ${samples}`;
	// The caption shortens down to "Accuracy" before the gap loses its subject or epoch.
	const captions = work === undefined ? captionVariants(testImages) : imageCaptionVariants(testImages, samples);
	const gaps = gapVariants(state, fair);
	const gap = gaps.find(candidate => captions.some(caption => caption.length + 2 + candidate.length <= width)) ?? gaps.at(-1);
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Caption
				variants={captions}
				width={width}
				right={
					gap === undefined ? undefined : (
						<Text bold color={gapPoints >= 0 ? 'green' : 'yellow'} wrap="truncate-end">
							{gap}
						</Text>
					)
				}
				rightWidth={gap?.length}
			/>
			{chart.split('\n').map((line, index) => (
				// Lines of a fixed-size chart: the index is their identity.
				<Text key={index} wrap="truncate-end">
					{line === '' ? ' ' : line}
				</Text>
			))}
			{legend.map((entries, line) => (
				<Text key={`legend-${line}`} wrap="truncate-end">
					{entries.map((entry, position) => {
						const style = contenderStyle(entry.index);
						const glyph = color ? `${style.ansi}${style.glyph}${ansiDefaultForeground}` : style.glyph;
						return `${position === 0 ? '' : '  '}${glyph} ${entry.text}`;
					}).join('')}
				</Text>
			))}
			{notes.map((note, index) => (
				<Text key={`note-${index}`} dimColor wrap="truncate-end">
					{note}
				</Text>
			))}
			{Array.from({length: noteBudget - notes.length}, (_, index) => (
				<Text key={`blank-${index}`}> </Text>
			))}
			{errorLines.map((line, index) => (
				<Text key={`error-${index}`} color="red" wrap="truncate-end">
					{line}
				</Text>
			))}
		</Box>
	);
}
