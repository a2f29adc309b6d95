/** The race itself: every contender's test accuracy per epoch, a legend best first, and the best gap to supervised. */
import {Box, Text} from 'ink';
import {baselineOf, type ContenderState, type RaceState} from '../../race/race-state.js';
import {ansiDefaultForeground, contenderStyle} from '../../text/contender-style.js';
import {formatPoints} from '../../text/format.js';
import {renderRaceChartWithVisibility, type ChartVisibility} from '../../text/race-chart.js';
import {firstThatFits, truncate, wrapText} from '../../text/wrap.js';
import {workAxis} from '../../text/work-axis.js';
import {eventWords, lineEvents} from '../../text/line-events.js';
import {layoutLegend, sameEpochGap} from '../contender-lines.js';
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
}

/** The note under the legend: which lines another one hides now, else how the y-axis is scaled and the key that changes it. */
export function chartNote(state: RaceState, visibility: ChartVisibility[], fullRange: boolean, byImages = false): string[] {
	// Grouped by the line on top: "Lee 2013, FlexMatch under supervised" (identical warm-ups draw one line).
	const groups = new Map<number, string[]>();
	for (const item of visibility) {
		if (item.drawn === 0 || item.covered / item.drawn < 0.5 || item.under === undefined) continue;
		groups.set(item.under, [...(groups.get(item.under) ?? []), state.contenders[item.index]?.name ?? '?']);
	}

	const hidden = [...groups].map(([under, names]) => `${names.join(', ')} under ${state.contenders[under]?.name ?? '?'}`);
	const scale = `${fullRange ? 'y: full range (z: zoom in)' : 'y: zoomed to where the lines are (z: full range)'} · x: ${byImages ? 'images (x: epochs)' : 'epochs (x: images)'}`;
	if (hidden.length === 0) return [scale, `${fullRange ? 'y full (z)' : 'y zoomed (z)'} · x ${byImages ? 'images' : 'epochs'} (x)`, fullRange ? 'y full (z)' : 'y zoomed (z)'];
	return [`lines coincide: ${hidden.join('; ')} · ${scale}`, `lines coincide: ${hidden.join('; ')}`, `coincide: ${hidden.join('; ')}`];
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
		const gap = sameEpochGap(contender, baseline);
		if (gap === undefined || gap.warming) continue;
		if (best === undefined || gap.points > best.points) best = {points: gap.points, epoch: gap.epoch, contender};
	}

	return best;
}

/** The gap in words, most detailed first: "semi +3.6 pts vs supervised at epoch 18" (its defined meaning, then shorter). */
function gapVariants(state: RaceState): string[] {
	const gap = accuracyGap(state);
	if (gap === undefined) return [];
	const points = formatPoints(gap.points);
	const name = gap.contender.name;
	return [
		`${name} ${points} vs supervised at epoch ${gap.epoch}`,
		`${name} ${points} vs sup. at epoch ${gap.epoch}`,
		`${name} ${points} at epoch ${gap.epoch}`,
		`${points} (ep ${gap.epoch})`,
	];
}

const captionVariants = (testImages: string) => [
	`Test accuracy per epoch${testImages}`,
	'Test accuracy per epoch',
	'Test accuracy',
	'Accuracy',
];

// x in images: the caption says so, and which key goes back.
const imageCaptionVariants = (testImages: string) => [
	`Test accuracy${testImages} by images trained on (x: epochs)`,
	'Test accuracy by images trained on (x: epochs)',
	'Test accuracy by images trained on',
	'Accuracy by images',
];

export function AccuracyChart({state, width, height, color, fullRange = false, focusIndex, byImages = false}: AccuracyChartProps) {
	const crashed = state.contenders.filter(contender => contender.phase === 'error');
	// A crash message gets up to two lines each (one when several crashed): the reason is what the user acts on.
	const errorLines = crashed.flatMap(contender => {
		const lines = wrapText(`✗ ${contender.name} crashed: ${contender.error ?? 'unknown error'}`, width, '  ');
		return lines.length <= 2 && crashed.length === 1 ? lines : [truncate(lines.length > 1 ? `${lines[0]} …` : lines[0]!, width)];
	});
	// Two lines for three or more contenders keep their names readable; the plot gives up one line for it.
	const legend = layoutLegend(state, width, state.contenders.length > 2 ? 2 : 1);
	const noteLines = state.contenders.length > 1 ? 1 : 0;
	const chartHeight = Math.max(4, height - 1 - errorLines.length - legend.length - noteLines);
	// One bucket of images per plot column (the plot is the width less the 6-column y labels).
	const work = byImages ? workAxis(state.contenders, Math.max(2, width - 6), state.dataset?.unlabeled ?? 0) : undefined;
	// The focused contender's events on the axis; by images, at the images it had trained on when they came.
	const focused = state.contenders[focusIndex ?? 0];
	const events = focused === undefined ? [] : lineEvents(focused.method, focused.config);
	const markers = events.flatMap(event => {
		if (work === undefined) return [{x: event.epoch, char: event.char}];
		const before = focused!.epochs.slice(0, event.epoch - 1);
		if (before.length < event.epoch - 1) return [];
		return [{x: before.reduce((sum, point) => sum + point.trainSize, 0) / work.perBucket + 1, char: event.char}];
	});
	const xAxis = work === undefined ? {totalEpochs: state.totalEpochs, markers} : {totalEpochs: work.buckets, xName: 'imgs', xLabel: work.label, markers};
	const {text: chart, visibility} = renderRaceChartWithVisibility(
		state.contenders.map((contender, index) => ({label: contender.name, values: work?.values[index] ?? contender.epochs.map(point => point.testAccuracy)})),
		{width, height: chartHeight, color, ...xAxis, legend: false, zoom: !fullRange, ...(focusIndex === undefined || state.contenders.length < 2 ? {} : {focus: focusIndex})},
	);
	const marks = [...new Set(markers.map(marker => marker.char))].map(char => `${char} ${eventWords[char as keyof typeof eventWords]}`);
	const notes = chartNote(state, visibility, fullRange, work !== undefined);
	const markNote = marks.length === 0 || focused === undefined ? [] : [`${focused.name}: ${marks.join(', ')}`];
	// A dashboard race is one seed: at the end, when the gap reads as a verdict, say so and how to check it.
	const seedNote =
		state.finished && accuracyGap(state) !== undefined
			? [`one seed: sweep --preset ${state.preset} --seeds 3 tells a real gap from luck`, `one seed: sweep --seeds 3 to check the gap`, 'one seed (sweep --seeds 3)']
			: [];
	const note = noteLines === 0 ? undefined : firstThatFits([...seedNote, ...notes.flatMap(item => markNote.map(mark => `${mark} · ${item}`)), ...notes, ...markNote], width);
	const gapPoints = accuracyGap(state)?.points ?? 0;
	const testImages = state.dataset === undefined ? '' : ` on ${state.dataset.test.toLocaleString('en-US')} test images`;
	// The caption shortens down to "Test accuracy" before the gap loses its subject or epoch.
	const captions = work === undefined ? captionVariants(testImages) : imageCaptionVariants(testImages);
	const gaps = gapVariants(state);
	const gap = gaps.find(candidate => captions.slice(0, 3).some(caption => caption.length + 2 + candidate.length <= width)) ?? gaps.at(-1);
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
			{note === undefined ? undefined : (
				<Text dimColor wrap="truncate-end">
					{note === '' ? ' ' : note}
				</Text>
			)}
			{errorLines.map((line, index) => (
				<Text key={`error-${index}`} color="red" wrap="truncate-end">
					{line}
				</Text>
			))}
		</Box>
	);
}
