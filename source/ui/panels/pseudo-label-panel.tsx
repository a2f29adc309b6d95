/** Labeling rounds: how much of the pool the model trusted itself with, and how often it was right. */
import {Box, Text} from 'ink';
import type {RaceState, RoundStats} from '../../race/race-state.js';
import {renderBar, renderSpark} from '../../text/bar.js';
import {formatCount, formatPercent, formatShortCount} from '../../text/format.js';
import {firstThatFits, truncate, wrapText} from '../../text/wrap.js';
import {Caption} from './caption.js';

export interface PseudoLabelPanelProps {
	state: RaceState;
	width: number;
	height: number;
}

/** Lines of the per-digit list (one per digit, plus its heading). */
const perDigitListLines = 11;

function thresholdOf(state: RaceState): number | undefined {
	return state.rounds.at(-1)?.threshold ?? state.config?.threshold;
}

/** "label ████▌    69.9%": a labeled bar filling the width. */
function BarRow({label, fraction, width, color}: {label: string; fraction: number; width: number; color: string}) {
	const value = formatPercent(fraction).padStart(6);
	const barWidth = Math.max(1, width - label.length - value.length - 2);
	return (
		<Text wrap="truncate-end">
			{label} <Text color={color}>{renderBar(fraction, barWidth, '·')}</Text> {value}
		</Text>
	);
}

/** One line of small vertical bars: accepted count per digit, scaled to the largest class. */
function PerDigitSparks({round, width}: {round: RoundStats; width: number}) {
	const max = Math.max(...round.perClassAccepted);
	const cells = round.perClassAccepted.map((count, digit) => `${digit}${renderSpark(count, max)}`);
	const spaced = cells.join(' ');
	return <Text wrap="truncate-end">{spaced.length <= width ? spaced : cells.join('')}</Text>;
}

/** Ten lines: digit, bar of accepted count, the count and the share of them that is right. */
function PerDigitList({round, width}: {round: RoundStats; width: number}) {
	const max = Math.max(1, ...round.perClassAccepted);
	const countWidth = 6;
	const precisionWidth = 5;
	const barWidth = Math.max(1, width - 2 - countWidth - precisionWidth - 2);
	return (
		<Box flexDirection="column">
			<Text dimColor wrap="truncate-end">
				{truncate(`digit  accepted${' '.repeat(Math.max(1, barWidth - 6))}right`, width)}
			</Text>
			{round.perClassAccepted.map((count, digit) => {
				const correct = round.perClassCorrect[digit] ?? 0;
				return (
					<Text key={digit} wrap="truncate-end">
						{digit} <Text color="magenta">{renderBar(count / max, barWidth)}</Text>
						{formatShortCount(count).padStart(countWidth)}
						{(count > 0 ? formatPercent(correct / count, 0) : '–').padStart(precisionWidth + 1)}
					</Text>
				);
			})}
		</Box>
	);
}

function PastRound({round, width}: {round: RoundStats; width: number}) {
	const accepted = formatPercent(round.acceptanceRate);
	const precision = formatPercent(round.precision);
	const text = firstThatFits(
		[
			`round ${round.round}: ${accepted} accepted, ${precision} precise`,
			`round ${round.round}: ${accepted} accepted, ${precision} right`,
			`round ${round.round}: ${accepted} kept, ${precision} right`,
			`r${round.round}: ${accepted} kept, ${precision} right`,
		],
		width,
	);
	return (
		<Text dimColor wrap="truncate-end">
			{text}
		</Text>
	);
}

function Waiting({state, width, height}: PseudoLabelPanelProps) {
	const warmup = state.config?.warmupEpochs;
	const pool = state.dataset?.unlabeled;
	const threshold = thresholdOf(state);
	const first =
		state.semi.phase === 'error'
			? 'The pseudo-label run crashed before its first labeling round.'
			: `Labeling starts after warm-up${warmup === undefined ? '' : ` (epoch ${warmup} of ${state.totalEpochs})`}.`;
	const second = `Then the model labels the ${pool === undefined ? '' : `${formatCount(pool)} `}unlabeled images itself and keeps the labels it is${threshold === undefined ? ' sure of' : ` more than ${formatPercent(threshold, 0)} sure of`}.`;
	const lines = [...wrapText(first, width), ...(state.semi.phase === 'error' ? [] : wrapText(second, width))];
	return (
		<Box flexDirection="column">
			{lines.slice(0, height).map((line, index) => (
				<Text key={index}>{line}</Text>
			))}
		</Box>
	);
}

export function PseudoLabelPanel({state, width, height}: PseudoLabelPanelProps) {
	const threshold = thresholdOf(state);
	const thresholdText = threshold === undefined ? '' : ` (kept if confidence > ${formatPercent(threshold, 0)})`;
	const caption = (
		<Caption
			variants={[
				`Pseudo-labels per round${thresholdText}`,
				`Pseudo-labels${threshold === undefined ? '' : ` (kept if > ${formatPercent(threshold, 0)} sure)`}`,
				`Pseudo-labels${threshold === undefined ? '' : ` (kept > ${formatPercent(threshold, 0)} sure)`}`,
				'Pseudo-labels',
			]}
			width={width}
		/>
	);
	const current = state.rounds.at(-1);
	const labelingRound = state.semi.phase === 'labeling' && state.semi.round > (current?.round ?? 0) ? state.semi.round : undefined;
	if (current === undefined) {
		return (
			<Box flexDirection="column" width={width} height={height} overflow="hidden">
				{caption}
				{labelingRound === undefined ? (
					<Waiting state={state} width={width} height={height - 1} />
				) : (
					<Text color="magenta">{truncate(`round ${labelingRound}: labeling the pool…`, width)}</Text>
				)}
			</Box>
		);
	}

	const rounds = state.config?.rounds;
	const of = rounds === undefined ? '' : ` of ${rounds}`;
	const head = firstThatFits(
		[
			`round ${current.round}${of}: ${formatCount(current.accepted)} of ${formatCount(current.pool)} accepted`,
			`round ${current.round}${of}: ${formatCount(current.accepted)} / ${formatCount(current.pool)} accepted`,
			`round ${current.round}: ${formatCount(current.accepted)} of ${formatCount(current.pool)} accepted`,
			`round ${current.round}: ${formatShortCount(current.accepted)} of ${formatShortCount(current.pool)} accepted`,
		],
		width,
	);
	const fixedLines = 1 + (labelingRound === undefined ? 0 : 1) + 3;
	const roomLeft = height - fixedLines;
	const showList = roomLeft >= perDigitListLines;
	const pastRoom = roomLeft - (showList ? perDigitListLines : 2);
	const past = state.rounds.slice(0, -1).reverse().slice(0, Math.max(0, pastRoom));
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{caption}
			{labelingRound === undefined ? undefined : (
				<Text color="magenta">{truncate(`round ${labelingRound}: labeling the pool…`, width)}</Text>
			)}
			<Text wrap="truncate-end">{head}</Text>
			<BarRow label="accepted " fraction={current.acceptanceRate} width={width} color="magenta" />
			<BarRow
				label="precision"
				fraction={current.precision}
				width={width}
				// Below ~95 % the wrong labels start to be a visible share of what the model learns from.
				color={current.precision >= 0.95 ? 'green' : 'yellow'}
			/>
			{showList ? (
				<PerDigitList round={current} width={width} />
			) : (
				<>
					<Text dimColor>accepted per digit</Text>
					<PerDigitSparks round={current} width={width} />
				</>
			)}
			{past.map(round => (
				<PastRound key={round.round} round={round} width={width} />
			))}
		</Box>
	);
}
