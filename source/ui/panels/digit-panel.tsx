/** Pool samples of the latest labeling round drawn as text, each with the model's label, its confidence and the truth. */
import {Box, Text} from 'ink';
import type {DatasetInfo} from '../../core/dataset-info.js';
import type {DigitSample} from '../../protocol/messages.js';
import {methodInfo} from '../../config/methods.js';
import {ruleWords} from '../rule-words.js';
import type {ContenderState} from '../../race/race-state.js';
import {inDataWords, labelName} from '../../text/class-words.js';
import {digitArtSize, type DigitArtSize} from '../../text/digit-art.js';
import {captionWithLegend, featureLegend} from '../../text/feature-strip.js';
import {profileOf, sampleTile, type SampleLook} from '../../text/sample-tile.js';
import {tellingColumns} from '../../text/class-short-name.js';
import {tileCaption} from '../../text/tile-caption.js';
import {displayWidth, wrapText} from '../../text/wrap.js';
import {chartEpochOf, epochName, roundName} from '../../text/progress-words.js';
import {Caption} from './caption.js';
import {lacksTruth, noTruth} from '../../summary/dataset-description.js';

export interface DigitPanelProps {
	/** The focused contender, whose latest pseudo-labeled images are shown. */
	contender?: ContenderState;
	/** Name it in the caption (more than one contender races). */
	named?: boolean;
	width: number;
	height: number;
	size: DigitArtSize;
	/** Rows of samples. */
	rows?: number;
	/** The dataset's descriptor: the samples' shape and the class names (MNIST's when absent). */
	info?: DatasetInfo;
	/** How samples are drawn: the terminal's colours for RGB images, the table profile for table rows. */
	look?: SampleLook;
}

/** Blank columns between two digits. */
export const digitGap = 2;

/** Columns a digit's caption may take: one more than the compact art, still leaving a space before the next digit. */
const captionWidth = 15;

/**
 * Compact tiles widen up to this for longer class names, so "✓cat 98% WRONG(fox)" reads whole; longer names are
 * shortened (text/tile-caption.ts). Four tiles still fit 80 columns.
 */
const widestCaption = 19;

/**
 * ...and up to this where names shortened to fit 19 columns would read alike ("✓barb… 98% WRONG(baro…)", not
 * "✓ba… 98% WRONG(ba…)"): three tiles still fit 80 columns.
 */
const widestTellingCaption = 25;

/** Columns the longest caption these class names make wants: "✓name 99% WRONG(name)", or "✓name 99%" with no truth. */
function wantedCaption(info: DatasetInfo | undefined): number {
	const names = info?.classNames ?? [];
	const longest = Math.max(1, ...names.map(name => displayWidth(name)));
	const telling = Math.max(1, ...names.map(name => tellingColumns(name, names)));
	if (lacksTruth(info)) return Math.min(widestCaption, longest + 5);
	return Math.max(Math.min(widestCaption, 2 * longest + 13), Math.min(widestTellingCaption, 2 * telling + 13));
}

/** Columns of a tile's caption, and of the last tile of a row: at least the art's; a space always follows it. */
export function captionColumns(size: DigitArtSize, info?: DatasetInfo): number {
	return Math.max(digitArtSize(size).columns, captionWidth, wantedCaption(info));
}

/** Columns from one tile's start to the next's: the art and its gap, or the caption and one space. */
function tileStride(size: DigitArtSize, info?: DatasetInfo): number {
	return Math.max(digitArtSize(size).columns + digitGap, captionColumns(size, info) + 1);
}

/** How many digits of this size (captioned with `info`'s class names) fit side by side in `width` columns. */
export function digitsPerRow(width: number, size: DigitArtSize, info?: DatasetInfo): number {
	return Math.max(1, Math.floor((width - captionColumns(size, info)) / tileStride(size, info)) + 1);
}

/** Lines one row of digits takes: the art and its caption. */
export function digitRowHeight(size: DigitArtSize): number {
	return digitArtSize(size).lines + 1;
}

/**
 * The samples to show when only `count` fit: taken in turn from accepted-right, accepted-wrong and rejected, so a
 * short row still shows a confident mistake and a rejected guess next to the good ones.
 */
export function visibleSamples(samples: DigitSample[], count: number): DigitSample[] {
	const groups = [
		samples.filter(sample => sample.accepted && sample.pseudoLabel === sample.trueLabel),
		samples.filter(sample => sample.accepted && sample.pseudoLabel !== sample.trueLabel),
		samples.filter(sample => !sample.accepted),
	];
	const picked: DigitSample[] = [];
	for (let turn = 0; picked.length < Math.min(count, samples.length); turn++) {
		for (const group of groups) {
			if (turn < group.length && picked.length < count) {
				picked.push(group[turn]!);
			}
		}
	}

	return picked;
}

/**
 * The kinds the shown tiles were picked from, in visibleSamples' order, as a caption says them: "right, WRONG,
 * rejected in turn", or "right and WRONG in turn (none rejected)" when the method used every guess it shows.
 */
export function pickedKinds(samples: DigitSample[]): {short: string; long: string} {
	const right = samples.some(sample => sample.accepted && sample.pseudoLabel === sample.trueLabel);
	const wrong = samples.some(sample => sample.accepted && sample.pseudoLabel !== sample.trueLabel);
	const rejected = samples.some(sample => !sample.accepted);
	const short = [right && 'right', wrong && 'WRONG', rejected && 'rejected'].filter(Boolean) as string[];
	const long = [right && 'used and right', wrong && 'used and WRONG', rejected && 'rejected'].filter(Boolean) as string[];
	const join = (words: string[]) => (words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)!}`);
	const none = rejected ? '' : ' (none rejected)';
	return {short: `${join(short)}${short.length > 1 ? ' in turn' : ''}${none}`, long: `${join(long)}${long.length > 1 ? ', in turn' : ''}${none}`};
}

/**
 * "✓7 94% ok", "✓3 99% WRONG(8)", "✗5 62% ok": 15 columns at most with one-character names; longer names are
 * shortened to fit `width` (the verdict stays).
 */
export function digitCaption(sample: DigitSample, info?: DatasetInfo, width = captionWidth): string {
	// Floor, capped at 99: "100%" would not fit, and a guess is never quite certain.
	const confidence = `${Math.min(99, Math.floor(sample.confidence * 100))}%`;
	const right = sample.pseudoLabel === sample.trueLabel;
	// Real mode: the pool has no labels, so a tile cannot be ok or WRONG; the caption above says "no truth".
	const verdict = lacksTruth(info) ? undefined : right ? {word: 'ok'} : {word: sample.accepted ? 'WRONG' : 'wrong', truth: labelName(info, sample.trueLabel)};
	const classNames = info?.classNames;
	return tileCaption({mark: sample.accepted ? '✓' : '✗', label: labelName(info, sample.pseudoLabel), confidence, verdict, classNames}, width);
}

function sampleColor(sample: DigitSample, info?: DatasetInfo): {color?: string; dim: boolean} {
	if (!sample.accepted) {
		return {dim: true};
	}

	if (lacksTruth(info)) return {dim: false};

	return sample.pseudoLabel === sample.trueLabel ? {color: 'green', dim: false} : {color: 'red', dim: false};
}

function DigitRow({samples, size, info, look}: {samples: DigitSample[]; size: DigitArtSize; info?: DatasetInfo; look: SampleLook}) {
	const caption = captionColumns(size, info);
	// Coloured art keeps its own colours; plain art takes the verdict's red.
	const coloured = info?.kind === 'image' && info.channels >= 3 && (look.colors ?? 'none') !== 'none';
	return (
		<Box flexDirection="row">
			{samples.map((sample, index) => {
				const style = sampleColor(sample, info);
				return (
					<Box
						key={index}
						flexDirection="column"
						width={index < samples.length - 1 ? tileStride(size, info) : caption}
					>
						{sampleTile(sample.pixels, sample.pseudoLabel, info, look, size).map((line, row) => (
							<Text key={row} dimColor={style.dim || line.faint} color={style.color === 'red' && !coloured ? 'red' : undefined}>
								{line.text}
							</Text>
						))}
						<Text dimColor={style.dim} color={style.color} bold={style.color === 'red'} wrap="truncate-end">
							{digitCaption(sample, info, caption)}
						</Text>
					</Box>
				);
			})}
		</Box>
	);
}

export function DigitPanel({contender, named = false, width, height, size, rows = 1, info, look = {}}: DigitPanelProps) {
	const round = contender?.rounds.at(-1);
	if (round === undefined || round.samples.length === 0) {
		// Longest first; the first whose lines fit is said (a narrow corner beside the chart takes a shorter one). In the
		// data's words: a table's samples are rows.
		const messages =
			contender?.phase === 'error'
				? [`No pool images: ${contender.name} crashed before it labeled any.`]
				: contender !== undefined && methodInfo[contender.method].kind === 'baseline'
					? [`${contender.name} never labels the pool, so there are no pool images to show. Tab moves the focus to a contender that does.`, `${contender.name} labels no pool images. Tab: focus another.`]
					: [
							'Pool images appear here once the model starts labeling: a few it trusted, a few it rejected, and the ones it was confidently wrong about, each with its label, how sure it was, and whether it was right. New to this? Press ? for the whole idea in plain words.',
							'Pool images appear here once the model starts labeling: ones it trusted, rejected or was confidently wrong about, with its label and how sure it was. ? explains.',
							'Pool images appear here once the model labels them. ? explains.',
						];
		const wrapped = messages.map(message => wrapText(inDataWords(message, info), width));
		const lines = wrapped.find(candidate => candidate.length <= height - 1) ?? wrapped.at(-1)!;
		return (
			<Box flexDirection="column" width={width} height={height} overflow="hidden">
				<Caption variants={[inDataWords('Pseudo-labeled pool images', info), inDataWords('Pool images', info)]} width={width} />
				{lines
					.slice(0, height - 1)
					.map((line, index) => (
						<Text key={index} dimColor>
							{line}
						</Text>
					))}
			</Box>
		);
	}

	const perRow = digitsPerRow(width, size, info);
	const rowCount = Math.max(1, Math.min(rows, Math.floor((height - 1) / digitRowHeight(size))));
	const samples = visibleSamples(round.samples, perRow * rowCount);
	// The method's own words for its rule (FixMatch's ≥, the offline rounds' >, Lee's α), as the pseudo-label panel shows it.
	const sure = contender?.config === undefined ? '' : ` (${ruleWords(contender, info)})`;
	const name = round.kind === 'online' ? epochName(chartEpochOf(round, contender!), contender?.plannedEpochs) : roundName(round.round, contender?.config?.rounds);
	const where = name.charAt(0).toUpperCase() + name.slice(1);
	const who = named && contender !== undefined ? `${contender.name} · ` : '';
	const table = info?.kind === 'table';
	const picked = round.kind === 'online' ? 'recent batches' : table ? 'pool rows' : 'pool images';
	// The kinds the tiles were picked from, only those there are: a method that used every guess has none rejected.
	const kinds = pickedKinds(samples);
	const lines: DigitSample[][] = [];
	for (let start = 0; start < samples.length; start += perRow) {
		lines.push(samples.slice(start, start + perRow));
	}

	const verdict = lacksTruth(info) ? `; ${noTruth}` : ', ok / WRONG(truth)';
	const unchecked = lacksTruth(info) ? `; ${noTruth}` : '';
	const caption = table
		? // Table tiles need their legend (which feature each bar is) more than the rest of the explanation.
			captionWithLegend(
				[
					`${who}${where} ${picked}: each row's features (bars, ±2σ) over the mean of the class it got (faint), ▲▼ more than 1σ apart; ✓ used / ✗ rejected${verdict}`,
					`${who}${where} ${picked}: the row over its class's mean, ▲▼ 1σ apart; ✓ used / ✗ rejected${verdict}`,
					`${who}${where} ${picked}: the row over its class's mean${unchecked}`,
					`${who}${where}: row over class mean${unchecked}`,
					`${who}${where}${unchecked}`,
				],
				room => featureLegend(profileOf(info, look), info.featureNames, size, room),
				width,
			)
		: undefined;

	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Caption
				variants={caption !== undefined ? [caption] : lacksTruth(info) ? [
					`${who}${where} ${picked}: the model's label and confidence, ✓ used${sure} or ✗ rejected; ${noTruth} to check them against`,
					`${who}${where} ${picked}: label, confidence, ✓ used / ✗ rejected; ${noTruth}`,
					`${who}${where}: label, confidence, ✓/✗; ${noTruth}`,
					`${who}${where} ${picked}`,
				] : [
					// How the tiles are picked comes first: they are chosen to show each kind, not drawn at random, so two
					// WRONG of six says nothing of the share of wrong labels (the panel's "right" does).
					`${who}${where} ${picked}, picked on purpose (not a random sample): ${kinds.long}; each: label, confidence, ✓ used${sure} / ✗ rejected, ok / WRONG(truth)`,
					`${who}${where} ${picked}, picked on purpose, not at random: ${kinds.short} · ✓ used ✗ rejected`,
					`${who}${where}: picked on purpose, not at random: ${kinds.short} · ✓ used ✗ rejected`,
					`${who}${where}: picked on purpose: ${kinds.short}; not a random sample`,
					`${who}${where}: picked ${kinds.short}; not random`,
					`${who}${where}: not a random sample`,
					`${who}${where}`,
				]}
				width={width}
			/>
			{lines.map((row, index) => (
				<DigitRow key={index} samples={row} size={size} info={info} look={look} />
			))}
		</Box>
	);
}
