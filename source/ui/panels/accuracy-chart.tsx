/** The race itself: test accuracy of both runs per epoch, their latest values and the gap between them. */
import {Box, Text} from 'ink';
import type {RunName} from '../../protocol/messages.js';
import {latestAccuracy, type RaceState, type RunState} from '../../race/race-state.js';
import {formatPercent, formatPoints} from '../../text/format.js';
import {renderRaceChart} from '../../text/race-chart.js';
import {truncate, wrapText} from '../../text/wrap.js';
import {Caption} from './caption.js';
import {runLabel} from './run-style.js';

export interface AccuracyChartProps {
	state: RaceState;
	width: number;
	height: number;
	/** Color the chart's lines (the rest of the UI is colored by Ink, which follows FORCE_COLOR). */
	color: boolean;
}

/** Pseudo-label minus supervised accuracy at the last epoch both runs finished, or undefined before that. */
export function accuracyGap(state: RaceState): {points: number; epoch: number} | undefined {
	const epoch = Math.min(state.supervised.epochs.length, state.semi.epochs.length);
	if (epoch === 0) {
		return undefined;
	}

	return {points: state.semi.epochs[epoch - 1].testAccuracy - state.supervised.epochs[epoch - 1].testAccuracy, epoch};
}

function seriesLabel(run: RunState, name: RunName): string {
	if (run.phase === 'error') {
		return `${runLabel[name]} ✗ crashed`;
	}

	const latest = latestAccuracy(run);
	return latest === undefined ? runLabel[name] : `${runLabel[name]} ${formatPercent(latest)}`;
}

/** The gap in words, most detailed first: "pseudo-label +3.6 pts at epoch 18" means ahead by 3.6 points there. */
function gapVariants(state: RaceState): string[] {
	const gap = accuracyGap(state);
	if (gap === undefined) {
		return [];
	}

	const points = formatPoints(gap.points);
	const behind = Math.max(state.supervised.epochs.length, state.semi.epochs.length) > gap.epoch;
	// When one run is ahead in epochs, the gap is not the difference of the latest values: the epoch must stay.
	return behind
		? [
				`pseudo-label ${points} at epoch ${gap.epoch}`,
				`pseudo-label ${points} (ep ${gap.epoch})`,
				`${points} (ep ${gap.epoch})`,
			]
		: [`pseudo-label ${points}`, points];
}

const captionVariants = (testImages: string) => [
	`Test accuracy per epoch${testImages}`,
	'Test accuracy per epoch',
	'Test accuracy',
	'Accuracy',
];

export function AccuracyChart({state, width, height, color}: AccuracyChartProps) {
	const crashed = (['supervised', 'semi'] as const).filter(name => state[name].phase === 'error');
	// A crash message gets up to two lines each: the reason is what the user needs to act on.
	const errorLines = crashed.flatMap(name => {
		const lines = wrapText(`✗ ${runLabel[name]} run crashed: ${state[name].error ?? 'unknown error'}`, width, '  ');
		return lines.length <= 2 ? lines : [lines[0], truncate(`${lines[1]} …`, width)];
	});
	const chartHeight = Math.max(4, height - 1 - errorLines.length);
	const chart = renderRaceChart(
		[
			{label: seriesLabel(state.supervised, 'supervised'), values: state.supervised.epochs.map(point => point.testAccuracy)},
			{label: seriesLabel(state.semi, 'semi'), values: state.semi.epochs.map(point => point.testAccuracy)},
		],
		{width, height: chartHeight, color, totalEpochs: state.totalEpochs},
	);
	const gapPoints = accuracyGap(state)?.points ?? 0;
	const testImages = state.dataset === undefined ? '' : ` on ${state.dataset.test.toLocaleString('en-US')} test images`;
	// The caption shortens down to "Test accuracy" before the gap loses its subject or epoch.
	const captions = captionVariants(testImages);
	const gaps = gapVariants(state);
	let gap = gaps.at(-1);
	search: for (const candidate of gaps) {
		for (const caption of captions.slice(0, 3)) {
			if (caption.length + 2 + candidate.length <= width) {
				gap = candidate;
				break search;
			}
		}
	}
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
			{errorLines.map((line, index) => (
				<Text key={index} color="red" wrap="truncate-end">
					{line}
				</Text>
			))}
		</Box>
	);
}
