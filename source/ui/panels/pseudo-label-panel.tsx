/** The focused contender's pseudo-labels: how much of the pool it trusted itself with, and how often it was right. */
import {Box, Text} from 'ink';
import {Fragment, type ReactNode} from 'react';
import {methodInfo} from '../../config/methods.js';
import {ruleWords} from '../rule-words.js';
import type {ContenderState, RaceState, RoundStats} from '../../race/race-state.js';
import {renderBar} from '../../text/bar.js';
import {classWord} from '../../text/class-words.js';
import {formatCount, formatPercent, formatShortCount} from '../../text/format.js';
import {methodSignalsText} from '../../text/method-signals.js';
import {firstThatFits, truncate} from '../../text/wrap.js';
import {chartEpochOf, epochName, planText, roundName} from '../../text/progress-words.js';
import {Caption} from './caption.js';
import {perClassLines, PerDigitList, PerDigitSparks, perDigitSparksLegend, thresholdSparks} from './per-class-labels.js';
import {Waiting} from './pseudo-label-waiting.js';
import {wrongTrendText} from '../../text/wrong-trend.js';
import {alphaText, carriedOverLines, drawsText, thresholdCaption, thresholdMeaning, usedWord} from '../../text/pseudo-label-words.js';
import {lacksTruth, noTruth} from '../../summary/dataset-description.js';

export interface PseudoLabelPanelProps {
	state: RaceState;
	/** The focused contender, whose pseudo-labels are shown. */
	contender?: ContenderState;
	width: number;
	height: number;
}

/** "round 1 of 1" for an offline round, "epoch 12" (the chart's epoch) for an online one: the names every screen uses. */
function recordName(round: RoundStats, contender: ContenderState | undefined): string {
	if (round.kind === 'online') return contender === undefined ? `epoch ${round.round}` : `epoch ${chartEpochOf(round, contender)}`;
	return roundName(round.round, contender?.config?.rounds);
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

function PastRound({round, contender, width, real}: {round: RoundStats; contender: ContenderState | undefined; width: number; real: boolean}) {
	const accepted = formatPercent(round.acceptanceRate);
	// Real mode: no hidden labels to be right against.
	const precision = real ? noTruth : `${formatPercent(round.precision)} right`;
	const name = recordName(round, contender);
	const short = round.kind === 'online' ? `e${chartEpochOf(round, contender ?? {epochs: []})}` : `r${round.round}`;
	// None used: no share of them can be right ("NaN% right").
	const text = firstThatFits(
		round.accepted === 0 ? [`${name}: none used`, `${short}: none used`] : [`${name}: ${accepted} used, ${precision}`, `${short}: ${accepted} used, ${precision}`],
		width,
	);
	return (
		<Text dimColor wrap="truncate-end">
			{text}
		</Text>
	);
}

/** Lines of the panel that go together, and how much they matter (0 most). */
interface Block {
	priority: number;
	nodes: ReactNode[];
}

/** The blocks that fit `height`, in their order: the least needed (highest priority number, the later first) dropped until the rest fit. */
function fitBlocks(blocks: Block[], height: number): Block[] {
	const kept = [...blocks];
	const size = () => kept.reduce((sum, block) => sum + block.nodes.length, 0);
	while (size() > height) {
		let drop = -1;
		for (const [index, block] of kept.entries()) {
			if (block.priority > 0 && (drop === -1 || block.priority >= kept[drop]!.priority)) drop = index;
		}

		if (drop === -1) break;
		kept.splice(drop, 1);
	}

	return kept;
}

export function PseudoLabelPanel({state, contender, width, height}: PseudoLabelPanelProps) {
	const info = state.dataset?.info;
	const word = classWord(info);
	const current = contender?.rounds.at(-1);
	const online = contender !== undefined && methodInfo[contender.method].kind === 'online';
	const rule = ruleWords(contender, state.dataset?.info);
	const who = contender === undefined || state.contenders.length <= 1 ? '' : ` · ${contender.name}`;
	// Why this contender's epoch count differs from the others' ("25 epochs: 10 warm-up + 15 online"), when it fits.
	const plan = contender === undefined ? undefined : planText(methodInfo[contender.method].kind, contender);
	const withRule = `Pseudo-labels${who}${rule === '' ? '' : ` (${rule})`}`;
	const caption = (
		<Caption
			variants={[
				...(plan === undefined ? [] : [`${withRule} · ${plan}`]),
				withRule,
				...(plan === undefined ? [] : [`Pseudo-labels${who} · ${plan}`]),
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
					<Text color="magenta">{truncate(`${roundName(labelingRound, contender?.config?.rounds)}: labeling the pool…`, width)}</Text>
				)}
			</Box>
		);
	}

	const used = usedWord(current);
	// Online: the chart's epoch and its plan; the count is of draws (batches draw the pool in passes, and an epoch's
	// last batch runs into the next pass, so a few images are drawn twice), said on the line under it.
	const name = online && contender !== undefined ? epochName(chartEpochOf(current, contender), contender.plannedEpochs) : recordName(current, contender);
	const shortName = online && contender !== undefined ? `epoch ${chartEpochOf(current, contender)}` : `round ${current.round}`;
	const pool = (format: (count: number) => string) => (online ? `${format(current.accepted)} used of ${format(current.pool)} drawn` : `${format(current.accepted)} of ${format(current.pool)} used`);
	const head = firstThatFits(
		[
			`${name}: ${pool(formatCount)}`,
			`${shortName}: ${pool(formatCount)}`,
			`${shortName}: ${pool(formatShortCount)}`,
			`${shortName}: ${formatShortCount(current.accepted)} used`,
		],
		width,
	);
	const draws = online ? drawsText(current.pool, state.dataset?.unlabeled, width, info) : undefined;
	const alpha = alphaText(current, contender, width);
	const thresholds = current.classThresholds;
	const previous = contender?.rounds.at(-2);
	const when = previous === undefined ? 'the last round' : previous.kind === 'online' ? `epoch ${chartEpochOf(previous, contender ?? {epochs: []})}` : `round ${previous.round}`;
	// An online method's first epoch has no epoch before it: its few "wrong before" are images an epoch's last batch
	// drew twice, which beside the epoch's thousands of wrong labels read as "the last round's 11 wrong".
	const carried = online && previous === undefined ? [] : carriedOverLines(current, width, when);
	const meaning = thresholds === undefined ? [] : thresholdMeaning(thresholds, current.acceptanceRate, width, classWord(info));
	// Each threshold's spark led by its class's name; a legend line when the names had to be cut to a guess.
	const named = thresholds === undefined ? undefined : thresholdSparks(thresholds, info, width);
	// Wrong pseudo-labels used, record after record: whether mistakes are kept (confirmation bias) or fall away.
	const trend = wrongTrendText(
		contender?.rounds ?? [],
		round => (round.kind === 'online' ? `e${chartEpochOf(round, contender ?? {epochs: []})}` : `r${round.round}`),
		width,
		lacksTruth(info),
	);
	// A method's own live numbers (Mean Teacher: teacher vs student accuracy), one line.
	const signals = current.signals === undefined || current.signals.length === 0 ? undefined : methodSignalsText(current.signals);
	// The sparks' full height, stated only when some were used: an empty chart has no scale.
	const perClassMax = Math.max(0, ...current.perClassAccepted);
	const scale = perClassMax > 0 ? ` (by the model's label; █ = ${formatShortCount(perClassMax)})` : '';
	const shortScale = perClassMax > 0 ? ` (█ = ${formatShortCount(perClassMax)})` : '';
	const text = (key: string, line: string, props: {color?: string; dim?: boolean} = {}) => (
		<Text key={key} color={props.color} dimColor={props.dim} wrap="truncate-end">
			{line}
		</Text>
	);
	// Every line but the per-class section and past records, each with how much it matters (0 most): when the panel is
	// short, the least needed go first, so what is shown never overlaps.
	const blocks: Block[] = [
		{priority: 0, nodes: [<Fragment key="caption">{caption}</Fragment>]},
		...(labelingRound === undefined ? [] : [{priority: 0, nodes: [text('labeling', truncate(`${roundName(labelingRound, contender?.config?.rounds)}: labeling the pool…`, width), {color: 'magenta'})]}]),
		{priority: 0, nodes: [text('head', head)]},
		...(draws === undefined ? [] : [{priority: 6, nodes: [text('draws', draws, {dim: true})]}]),
		...(alpha === undefined ? [] : [{priority: 2, nodes: [text('alpha', alpha)]}]),
		{priority: 1, nodes: [<BarRow key="used" label={used.padEnd(8)} fraction={current.acceptanceRate} width={width} color="magenta" />]},
		{
			priority: 1,
			nodes: [
				lacksTruth(info) ? (
					text('right', firstThatFits([`right    ${noTruth} (the pool has no labels)`, `right    ${noTruth}`], width), {dim: true})
				) : (
					// Below ~95 % the wrong labels start to be a visible share of what the model learns from.
					<BarRow key="right" label="right   " fraction={current.precision} width={width} color={current.precision >= 0.95 ? 'green' : 'yellow'} />
				),
			],
		},
		// Nothing used, nothing learned from the pool: a reader saw "0 of 432 used" and a ±0.0 gap with no word of why.
		...(current.accepted === 0 && current.pool > 0 && current.threshold > 0
			? [{priority: 1, nodes: [text('none-used', firstThatFits([`no guess was ${formatPercent(current.threshold, 0)} sure: a lower --threshold would use some`, `none ${formatPercent(current.threshold, 0)} sure: try a lower --threshold`, `none ${formatPercent(current.threshold, 0)} sure`], width), {color: 'yellow'})]}]
			: []),
		{priority: 3, nodes: carried.map((line, index) => text(`carried-${index}`, line, {color: 'cyan'}))},
		...(trend === undefined ? [] : [{priority: 4, nodes: [text('trend', trend, {color: 'yellow'})]}]),
		...(signals === undefined ? [] : [{priority: 3, nodes: [text('signals', signals, {color: 'cyan'})]}]),
		...(thresholds === undefined
			? []
			: [
					{priority: 2, nodes: [text('threshold', thresholdCaption(thresholds, info, current.threshold > Math.max(...thresholds) + 1e-9 ? current.threshold : undefined, width), {dim: true})]},
					{priority: 5, nodes: [text('threshold-sparks', named!.line)]},
					// Useless without the sparks, so it goes before them (a later block of the same or higher number goes first).
					...(named?.legend === undefined ? [] : [{priority: 5, nodes: [text('threshold-legend', named.legend, {dim: true})]}]),
					{priority: 3, nodes: meaning.map((line, index) => text(`meaning-${index}`, line, {dim: true}))},
				]),
	];
	const kept = fitBlocks(blocks, height);
	const roomLeft = height - kept.reduce((sum, block) => sum + block.nodes.length, 0);
	// The per-class section in the room left: the list when it fits, else one line of sparks under its caption.
	const listLines = perClassLines(current.perClassAccepted.length);
	const perClass = roomLeft >= listLines ? 'list' : roomLeft >= 2 ? 'sparks' : 'none';
	// The sparks' legend (names cut short or left out) when a line is left for it.
	const sparksLegend = perClass === 'sparks' && roomLeft >= 3 && perDigitSparksLegend(current, width, info);
	const pastRoom = roomLeft - (perClass === 'list' ? listLines : perClass === 'sparks' ? 2 + (sparksLegend ? 1 : 0) : 0);
	const past = (contender?.rounds ?? []).slice(0, -1).reverse().slice(0, Math.max(0, pastRoom));
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{kept.flatMap(block => block.nodes)}
			{perClass === 'list' ? <PerDigitList round={current} width={width} info={info} lines={listLines} /> : undefined}
			{perClass === 'sparks' ? (
				<>
					{text(
						'per-class',
						firstThatFits(
							[`${used} per ${word}${scale}`, `${used} per ${word}${shortScale}`, `${used} per ${word}`],
							width,
						),
						{dim: true},
					)}
					<PerDigitSparks round={current} width={width} info={info} legend={sparksLegend} />
				</>
			) : undefined}
			{past.map(round => (
				<PastRound key={round.round} round={round} contender={contender} width={width} real={lacksTruth(info)} />
			))}
		</Box>
	);
}
