/** The focused contender's pseudo-labels: how much of the pool it trusted itself with, and how often it was right. */
import {Box, Text} from 'ink';
import {Fragment, type ReactNode} from 'react';
import {methodInfo} from '../../config/methods.js';
import type {DatasetInfo} from '../../core/dataset-info.js';
import type {ContenderState, RaceState, RoundStats} from '../../race/race-state.js';
import {renderBar, renderSpark} from '../../text/bar.js';
import {classesThatMatter, classWord, labelName} from '../../text/class-words.js';
import {formatCount, formatPercent, formatShortCount} from '../../text/format.js';
import {methodSignalsText} from '../../text/method-signals.js';
import {firstThatFits, truncate, wrapText} from '../../text/wrap.js';
import {chartEpochOf, epochName, planText, roundName} from '../../text/progress-words.js';
import {Caption} from './caption.js';
import {wrongTrendText} from '../../text/wrong-trend.js';
import {alphaText, carriedOverLines, drawsText, thresholdCaption, thresholdMeaning, usedHeading} from '../../text/pseudo-label-words.js';
import {lacksTruth, noTruth} from '../../summary/dataset-description.js';

export interface PseudoLabelPanelProps {
	state: RaceState;
	/** The focused contender, whose pseudo-labels are shown. */
	contender?: ContenderState;
	width: number;
	height: number;
}

/** Most lines the per-class list takes (its heading, then a row per class or, with many classes, the rows that matter). */
const perClassListLines = 11;

/** Lines the per-class list needs for K classes: every class when K ≤ 10, else as many as the most it takes. */
function perClassLines(classes: number): number {
	return Math.min(classes + 1, perClassListLines);
}

/** Columns of the class-name column: the longest name shown, 1 to 10 (longer names are cut). */
function nameColumn(info: DatasetInfo | undefined, classes: readonly number[]): number {
	return Math.min(10, Math.max(1, ...classes.map(label => labelName(info, label).length)));
}

function thresholdOf(contender: ContenderState | undefined): number | undefined {
	return contender?.rounds.at(-1)?.threshold ?? contender?.config?.threshold;
}

/**
 * One word for "a pseudo-label the model trains on", offline and online alike: "used" (an offline round keeps it for
 * its retraining epochs, an online step for that one step). The argument stays so every call names the record it is about.
 */
function usedWord(_round: RoundStats | undefined): string {
	return 'used';
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

/** One line of small vertical bars: accepted count per class, scaled to the largest; named when names are one character. */
function PerDigitSparks({round, width, info}: {round: RoundStats; width: number; info?: DatasetInfo}) {
	const max = Math.max(...round.perClassAccepted);
	const short = round.perClassAccepted.every((_, label) => labelName(info, label).length === 1);
	const cells = round.perClassAccepted.map((count, label) => `${short ? labelName(info, label) : ''}${renderSpark(count, max)}`);
	const spaced = cells.join(' ');
	return <Text wrap="truncate-end">{spaced.length <= width ? spaced : cells.join('')}</Text>;
}

/**
 * A line per class: the label the model gave, a bar of how many got it, the count, the share that is right and, when
 * room allows, the true class most often hiding behind the wrong ones ("←4 310": 310 fours were labeled this digit),
 * under the heading "really" so the column reads on its own ("9 … really ←4 310").
 * With more classes than `lines` − 1 rows, the rows that matter (most used, least often right) and how many are hidden.
 */
function PerDigitList({round, width, info, lines}: {round: RoundStats; width: number; info?: DatasetInfo; lines: number}) {
	const classes = round.perClassAccepted.length;
	const fits = classes <= lines - 1;
	const shown = fits ? round.perClassAccepted.map((_, label) => label) : classesThatMatter(round.perClassAccepted, round.perClassCorrect, lines - 2);
	const hidden = classes - shown.length;
	const max = Math.max(1, ...round.perClassAccepted);
	const nameWidth = nameColumn(info, shown);
	const countWidth = 6;
	const precisionWidth = 5;
	const confusions = round.perClassTopConfusion;
	const confusionWidth = confusions !== undefined && width >= 34 ? 8 : 0;
	const barWidth = Math.max(1, width - 1 - nameWidth - countWidth - precisionWidth - 2 - confusionWidth);
	return (
		<Box flexDirection="column">
			<Text dimColor wrap="truncate-end">
				{/* Columns: "label " then the heading over the bars and counts (to the counts' end), then the share right
				(6 wide; "no truth" takes 3 of the heading's), then "really" over the confusions. */}
				{truncate(`label ${usedHeading(usedWord(round), max, nameWidth + barWidth + 1 - (lacksTruth(info) ? 3 : 0))}${lacksTruth(info) ? ` ${noTruth}` : ' right'}${confusionWidth > 0 ? '  really' : ''}`, width)}
			</Text>
			{shown.map(label => {
				const count = round.perClassAccepted[label] ?? 0;
				const correct = round.perClassCorrect[label] ?? 0;
				return (
					<Text key={label} wrap="truncate-end">
						{truncate(labelName(info, label), nameWidth).padEnd(nameWidth)} <Text color="magenta">{renderBar(count / max, barWidth)}</Text>
						{formatShortCount(count).padStart(countWidth)}
						{(count > 0 && !lacksTruth(info) ? formatPercent(correct / count, 0) : '–').padStart(precisionWidth + 1)}
						{confusionWidth > 0 ? <Text dimColor>{confusionText(confusions?.[label], info).padStart(confusionWidth)}</Text> : ''}
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

/** One spark per class, from the lowest threshold (▁) to the highest (█): which classes the model still finds hard. */
function thresholdSparks(thresholds: number[], info: DatasetInfo | undefined): string {
	const low = Math.min(...thresholds);
	const span = Math.max(...thresholds) - low;
	const short = thresholds.every((_, label) => labelName(info, label).length === 1);
	return thresholds
		.map((value, label) => `${short ? labelName(info, label) : ''}${renderSpark(span > 0 ? 0.01 + (0.99 * (value - low)) / span : 1, 1)}`)
		.join(short ? ' ' : '');
}

function confusionText(entry: [number, number] | null | undefined, info: DatasetInfo | undefined): string {
	return entry ? `←${truncate(labelName(info, entry[0]), 3)} ${formatShortCount(entry[1])}` : '';
}

function PastRound({round, contender, width, real}: {round: RoundStats; contender: ContenderState | undefined; width: number; real: boolean}) {
	const accepted = formatPercent(round.acceptanceRate);
	// Real mode: no hidden labels to be right against.
	const precision = real ? noTruth : `${formatPercent(round.precision)} right`;
	const name = recordName(round, contender);
	const short = round.kind === 'online' ? `e${chartEpochOf(round, contender ?? {epochs: []})}` : `r${round.round}`;
	const text = firstThatFits(
		[`${name}: ${accepted} used, ${precision}`, `${short}: ${accepted} used, ${precision}`],
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
		const images = `${pool === undefined ? '' : `${formatCount(pool)} `}unlabeled images`;
		if (kind === 'online') {
			first = `Online labeling starts ${warmup === undefined ? 'after the warm-up' : `at epoch ${warmup + 1}, after ${warmup} warm-up epochs`}.`;
			// Each method's own rule: Lee 2013 learns from every guess, FixMatch only from sure ones.
			const rule = contender.config === undefined ? '' : ` (${methodInfo[contender.method].ruleText(contender.config)})`;
			second = `Then every training step labels a batch of the ${images} and learns from the guesses its rule takes${rule}.`;
		} else {
			first = `${warmup === undefined ? 'After the warm-up' : `After ${warmup} warm-up epochs`} the model labels the ${images} itself and keeps the labels it is${threshold === undefined ? ' sure of' : ` more than ${formatPercent(threshold, 0)} sure of`}.`;
			second = warmup === undefined ? '' : `Retraining on them starts at epoch ${warmup + 1}.`;
		}
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
	const rule = contender?.config === undefined ? '' : methodInfo[contender.method].ruleText(contender.config);
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
	const draws = online ? drawsText(current.pool, state.dataset?.unlabeled, width) : undefined;
	const alpha = alphaText(current, contender, width);
	const thresholds = current.classThresholds;
	const previous = contender?.rounds.at(-2);
	const when = previous === undefined ? 'the last round' : previous.kind === 'online' ? `epoch ${chartEpochOf(previous, contender ?? {epochs: []})}` : `round ${previous.round}`;
	const carried = carriedOverLines(current, width, when);
	const meaning = thresholds === undefined ? [] : thresholdMeaning(thresholds, current.acceptanceRate, width, classWord(info));
	// Wrong pseudo-labels used, record after record: whether mistakes are kept (confirmation bias) or fall away.
	const trend = wrongTrendText(
		contender?.rounds ?? [],
		round => (round.kind === 'online' ? `e${chartEpochOf(round, contender ?? {epochs: []})}` : `r${round.round}`),
		width,
		lacksTruth(info),
	);
	// A method's own live numbers (Mean Teacher: teacher vs student accuracy), one line.
	const signals = current.signals === undefined || current.signals.length === 0 ? undefined : methodSignalsText(current.signals);
	const perClassMax = Math.max(...current.perClassAccepted);
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
		{priority: 3, nodes: carried.map((line, index) => text(`carried-${index}`, line, {color: 'cyan'}))},
		...(trend === undefined ? [] : [{priority: 4, nodes: [text('trend', trend, {color: 'yellow'})]}]),
		...(signals === undefined ? [] : [{priority: 3, nodes: [text('signals', signals, {color: 'cyan'})]}]),
		...(thresholds === undefined
			? []
			: [
					{priority: 2, nodes: [text('threshold', thresholdCaption(thresholds, info, current.threshold > Math.max(...thresholds) + 1e-9 ? current.threshold : undefined, width), {dim: true})]},
					{priority: 5, nodes: [text('threshold-sparks', thresholdSparks(thresholds, info))]},
					{priority: 3, nodes: meaning.map((line, index) => text(`meaning-${index}`, line, {dim: true}))},
				]),
	];
	const kept = fitBlocks(blocks, height);
	const roomLeft = height - kept.reduce((sum, block) => sum + block.nodes.length, 0);
	// The per-class section in the room left: the list when it fits, else one line of sparks under its caption.
	const listLines = perClassLines(current.perClassAccepted.length);
	const perClass = roomLeft >= listLines ? 'list' : roomLeft >= 2 ? 'sparks' : 'none';
	const pastRoom = roomLeft - (perClass === 'list' ? listLines : perClass === 'sparks' ? 2 : 0);
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
							[`${used} per ${word} (by the model's label; █ = ${formatShortCount(perClassMax)})`, `${used} per ${word} (█ = ${formatShortCount(perClassMax)})`, `${used} per ${word}`],
							width,
						),
						{dim: true},
					)}
					<PerDigitSparks round={current} width={width} info={info} />
				</>
			) : undefined}
			{past.map(round => (
				<PastRound key={round.round} round={round} contender={contender} width={width} real={lacksTruth(info)} />
			))}
		</Box>
	);
}
