/** The focused contender's pseudo-labels: how much of the pool it trusted itself with, and how often it was right. */
import {Box, Text} from 'ink';
import {methodInfo} from '../../config/methods.js';
import type {ContenderState, RaceState, RoundStats} from '../../race/race-state.js';
import {renderBar, renderSpark} from '../../text/bar.js';
import {formatCount, formatPercent, formatShortCount} from '../../text/format.js';
import {firstThatFits, truncate, wrapText} from '../../text/wrap.js';
import {Caption} from './caption.js';

export interface PseudoLabelPanelProps {
	state: RaceState;
	/** The focused contender, whose pseudo-labels are shown. */
	contender?: ContenderState;
	width: number;
	height: number;
}

/** Lines of the per-digit list (one per digit, plus its heading). */
const perDigitListLines = 11;

function thresholdOf(contender: ContenderState | undefined): number | undefined {
	return contender?.rounds.at(-1)?.threshold ?? contender?.config?.threshold;
}

/** "accepted" for offline rounds; online methods use a pseudo-label for one step, so they say "used". */
function usedWord(round: RoundStats | undefined): string {
	return round?.kind === 'online' ? 'used' : 'accepted';
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

/**
 * Ten lines: the label the model gave, a bar of how many got it, the count, the share that is right and, when room
 * allows, the true digit most often hiding behind the wrong ones ("←4 310": 310 fours were labeled this digit).
 */
function PerDigitList({round, width}: {round: RoundStats; width: number}) {
	const max = Math.max(1, ...round.perClassAccepted);
	const countWidth = 6;
	const precisionWidth = 5;
	const confusions = round.perClassTopConfusion;
	const confusionWidth = confusions !== undefined && width >= 34 ? 8 : 0;
	const barWidth = Math.max(1, width - 2 - countWidth - precisionWidth - 2 - confusionWidth);
	return (
		<Box flexDirection="column">
			<Text dimColor wrap="truncate-end">
				{truncate(`label  ${usedWord(round).padEnd(8)}${' '.repeat(Math.max(1, barWidth - 6))}right${confusionWidth > 0 ? '  wrong←' : ''}`, width)}
			</Text>
			{round.perClassAccepted.map((count, digit) => {
				const correct = round.perClassCorrect[digit] ?? 0;
				return (
					<Text key={digit} wrap="truncate-end">
						{digit} <Text color="magenta">{renderBar(count / max, barWidth)}</Text>
						{formatShortCount(count).padStart(countWidth)}
						{(count > 0 ? formatPercent(correct / count, 0) : '–').padStart(precisionWidth + 1)}
						{confusionWidth > 0 ? <Text dimColor>{confusionText(confusions?.[digit]).padStart(confusionWidth)}</Text> : ''}
					</Text>
				);
			})}
		</Box>
	);
}

/** "threshold per digit 0.70–0.93": the range the sparks below span. */
function thresholdCaption(thresholds: number[]): string {
	const low = Math.min(...thresholds);
	const high = Math.max(...thresholds);
	return `threshold per digit ${low.toFixed(2)}–${high.toFixed(2)}`;
}

/** One spark per digit, from the lowest threshold (▁) to the highest (█): which digits the model still finds hard. */
function thresholdSparks(thresholds: number[]): string {
	const low = Math.min(...thresholds);
	const span = Math.max(...thresholds) - low;
	return thresholds.map((value, digit) => `${digit}${renderSpark(span > 0 ? 0.01 + (0.99 * (value - low)) / span : 1, 1)}`).join(' ');
}

function confusionText(entry: [number, number] | null | undefined): string {
	return entry ? `←${entry[0]} ${formatShortCount(entry[1])}` : '';
}

/** "of round 1's 2,100 wrong: 1,200 fixed, 600 still wrong": whether re-labeling corrected earlier mistakes. */
function carriedOverText(round: RoundStats, width: number): string | undefined {
	const carried = round.carriedOver;
	if (carried === undefined || carried.wrongBefore === 0) return undefined;
	const n = formatShortCount;
	return firstThatFits(
		[
			`of round ${round.round - 1}'s ${n(carried.wrongBefore)} wrong: ${n(carried.fixed)} fixed, ${n(carried.stillWrong)} still wrong`,
			`round ${round.round - 1}'s ${n(carried.wrongBefore)} wrong: ${n(carried.fixed)} fixed, ${n(carried.stillWrong)} still`,
			`last ${n(carried.wrongBefore)} wrong: ${n(carried.fixed)} fixed, ${n(carried.stillWrong)} still`,
			`${n(carried.fixed)}/${n(carried.wrongBefore)} wrong fixed`,
		],
		width,
	);
}

function PastRound({round, width}: {round: RoundStats; width: number}) {
	const accepted = formatPercent(round.acceptanceRate);
	const precision = formatPercent(round.precision);
	const unit = round.kind === 'online' ? 'epoch' : 'round';
	const word = usedWord(round);
	const text = firstThatFits(
		[
			`${unit} ${round.round}: ${accepted} ${word}, ${precision} right`,
			`${unit} ${round.round}: ${accepted} ${word.slice(0, 4)}, ${precision} right`,
			`${unit.charAt(0)}${round.round}: ${accepted} ${word.slice(0, 4)}, ${precision} right`,
		],
		width,
	);
	return (
		<Text dimColor wrap="truncate-end">
			{text}
		</Text>
	);
}

function Waiting({state, contender, width, height}: PseudoLabelPanelProps) {
	const warmup = contender?.config?.warmupEpochs;
	const pool = state.dataset?.unlabeled;
	const threshold = thresholdOf(contender);
	const kind = contender === undefined ? 'offline' : methodInfo[contender.method].kind;
	let first: string;
	let second = '';
	if (contender === undefined) {
		first = 'Waiting for the race to start.';
	} else if (contender.phase === 'error') {
		first = `${contender.name} crashed before it labeled any image.`;
	} else if (kind === 'baseline') {
		first = `${contender.name} learns from the labeled images only: no pseudo-labels to show. Tab moves the focus to another contender.`;
	} else {
		first = `${kind === 'online' ? 'Online labeling' : 'Labeling'} starts after warm-up${warmup === undefined ? '' : ` (epoch ${warmup})`}.`;
		second = kind === 'online'
			? `Then every training step labels a batch of the ${pool === undefined ? '' : `${formatCount(pool)} `}unlabeled images and learns from the guesses it trusts.`
			: `Then the model labels the ${pool === undefined ? '' : `${formatCount(pool)} `}unlabeled images itself and keeps the labels it is${threshold === undefined ? ' sure of' : ` more than ${formatPercent(threshold, 0)} sure of`}.`;
	}

	const lines = [...wrapText(first, width), ...(second === '' ? [] : wrapText(second, width))];
	return (
		<Box flexDirection="column">
			{lines.slice(0, height).map((line, index) => (
				<Text key={index}>{line}</Text>
			))}
		</Box>
	);
}

export function PseudoLabelPanel({state, contender, width, height}: PseudoLabelPanelProps) {
	const current = contender?.rounds.at(-1);
	const online = contender !== undefined && methodInfo[contender.method].kind === 'online';
	const rule = contender?.config === undefined ? '' : methodInfo[contender.method].ruleText(contender.config);
	const who = contender === undefined || state.contenders.length <= 1 ? '' : ` · ${contender.name}`;
	const caption = (
		<Caption
			variants={[
				`Pseudo-labels${who}${rule === '' ? '' : ` (${rule})`}`,
				`Pseudo-labels${who}`,
				`Labels${who}`,
				'Pseudo-labels',
			]}
			width={width}
		/>
	);
	const labelingRound =
		contender?.phase === 'labeling' && contender.round > (current?.round ?? 0) ? contender.round : undefined;
	if (current === undefined) {
		return (
			<Box flexDirection="column" width={width} height={height} overflow="hidden">
				{caption}
				{labelingRound === undefined ? (
					<Waiting state={state} contender={contender} width={width} height={height - 1} />
				) : (
					<Text color="magenta">{truncate(`round ${labelingRound}: labeling the pool…`, width)}</Text>
				)}
			</Box>
		);
	}

	const rounds = online ? undefined : contender?.config?.rounds;
	const of = rounds === undefined ? '' : ` of ${rounds}`;
	const unit = online ? 'epoch' : 'round';
	const word = usedWord(current);
	const alpha = current.alpha === undefined ? '' : `, α ${current.alpha.toFixed(2)}`;
	const head = firstThatFits(
		[
			`${unit} ${current.round}${of}: ${formatCount(current.accepted)} of ${formatCount(current.pool)} ${word}${alpha}`,
			`${unit} ${current.round}${of}: ${formatCount(current.accepted)} / ${formatCount(current.pool)} ${word}${alpha}`,
			`${unit} ${current.round}: ${formatCount(current.accepted)} of ${formatCount(current.pool)} ${word}${alpha}`,
			`${unit} ${current.round}: ${formatShortCount(current.accepted)} of ${formatShortCount(current.pool)} ${word}${alpha}`,
			`${unit} ${current.round}: ${formatShortCount(current.accepted)} of ${formatShortCount(current.pool)} ${word}`,
		],
		width,
	);
	const thresholds = current.classThresholds;
	const carried = carriedOverText(current, width);
	const fixedLines = 1 + (labelingRound === undefined ? 0 : 1) + 3 + (thresholds === undefined ? 0 : 2) + (carried === undefined ? 0 : 1);
	const roomLeft = height - fixedLines;
	const showList = roomLeft >= perDigitListLines;
	const pastRoom = roomLeft - (showList ? perDigitListLines : 2);
	const past = (contender?.rounds ?? []).slice(0, -1).reverse().slice(0, Math.max(0, pastRoom));
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{caption}
			{labelingRound === undefined ? undefined : (
				<Text color="magenta">{truncate(`round ${labelingRound}: labeling the pool…`, width)}</Text>
			)}
			<Text wrap="truncate-end">{head}</Text>
			<BarRow label={word.padEnd(8)} fraction={current.acceptanceRate} width={width} color="magenta" />
			<BarRow
				label="right   "
				fraction={current.precision}
				width={width}
				// Below ~95 % the wrong labels start to be a visible share of what the model learns from.
				color={current.precision >= 0.95 ? 'green' : 'yellow'}
			/>
			{carried === undefined ? undefined : (
				<Text color="cyan" wrap="truncate-end">
					{carried}
				</Text>
			)}
			{thresholds === undefined ? undefined : (
				<>
					<Text dimColor wrap="truncate-end">
						{thresholdCaption(thresholds)}
					</Text>
					<Text wrap="truncate-end">{thresholdSparks(thresholds)}</Text>
				</>
			)}
			{showList ? (
				<PerDigitList round={current} width={width} />
			) : (
				<>
					<Text dimColor wrap="truncate-end">
						{firstThatFits([`${word} per digit (by the model's label)`, `${word} per digit`], width)}
					</Text>
					<PerDigitSparks round={current} width={width} />
				</>
			)}
			{past.map(round => (
				<PastRound key={round.round} round={round} width={width} />
			))}
		</Box>
	);
}
