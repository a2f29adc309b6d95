/** Plain-words help: what the two runs do, what the numbers mean, and why a confident wrong label is the real danger. */
import {Box, Text} from 'ink';
import type {RunConfig} from '../../config/run-config.js';
import type {DatasetSizes} from '../../race/race-events.js';
import {formatCount} from '../../text/format.js';
import {wrapText} from '../../text/wrap.js';
import {runColor, runGlyph} from './run-style.js';

export interface HelpOverlayProps {
	width: number;
	height: number;
	config?: RunConfig;
	dataset?: DatasetSizes;
}

interface HelpEntry {
	/** A term in a fixed-width column before the text, or a run's legend. */
	term?: string;
	termColor?: string;
	text: string;
	bold?: boolean;
	/** A blank line goes before this entry when the height allows. */
	spaced?: boolean;
}

/** The help text with this race's numbers filled in. */
export function helpEntries(config?: RunConfig, dataset?: DatasetSizes): HelpEntry[] {
	const labeled = formatCount(dataset?.labeled ?? config?.labeled ?? 1000);
	const unlabeled = dataset === undefined ? 'the other training images' : `${formatCount(dataset.unlabeled)} more`;
	const test = dataset === undefined ? 'held-out' : formatCount(dataset.test);
	const warmup = config === undefined ? 'some' : String(config.warmupEpochs);
	const retrain = config === undefined ? 'some' : String(config.epochsPerRound);
	const sure = config === undefined ? 'very' : `more than ${Math.round(config.threshold * 100)}%`;
	return [
		{text: 'What you are watching', bold: true},
		{
			text: `Two copies of one small neural network learn to read handwritten digits. Both get the same ${labeled} labeled images; ${unlabeled} come without labels.`,
		},
		{spaced: true, term: `${runGlyph.supervised} supervised`, termColor: runColor.supervised, text: `learns from the ${labeled} labeled images only: the baseline.`},
		{term: `${runGlyph.semi} pseudo-label`, termColor: runColor.semi, text: 'also learns from the unlabeled images, in steps:'},
		{term: '  warm-up', text: `${warmup} epochs on the labeled images, like the baseline.`},
		{
			term: '  labeling',
			text: `the model labels every unlabeled image itself. Labels it is ${sure} sure of are accepted, the rest rejected.`,
		},
		{
			term: '  retraining',
			text: `${retrain} epochs on labeled + accepted images, randomly shifted, turned and zoomed. More rounds repeat labeling with the better model.`,
		},
		{spaced: true, term: 'acceptance', text: 'share of the unlabeled images whose label was accepted.'},
		{term: 'precision', text: 'share of accepted labels that are right, checked against true labels the model never sees.'},
		{
			term: 'the danger',
			text: 'a confidently wrong label is learned as if it were true, and the model grows surer of its mistake (confirmation bias). The digits marked WRONG are such cases.',
		},
		{
			term: 'accuracy',
			text: `share of ${test} test images, never trained on, read correctly after each epoch (one pass over the training images).`,
		},
		{
			term: 'presets',
			text: 'named sets of these settings; ←/→ or 1-9 pick one and start a new race.',
		},
		{spaced: true, text: 'Press ? to close this help.'},
	];
}

const termWidth = 16;

/**
 * Help entries wrapped to `width`: [term, text line] pairs, terms only on an entry's first line. Blank lines between
 * sections are added only if everything still fits in `height`.
 */
export function helpLines(
	width: number,
	height = Number.POSITIVE_INFINITY,
	config?: RunConfig,
	dataset?: DatasetSizes,
): Array<{entry: HelpEntry; term: string; text: string}> {
	const entries = helpEntries(config, dataset);
	const wrapped = entries.map(entry => {
		const indent = entry.term === undefined ? 0 : termWidth;
		return wrapText(entry.text, width - indent).map((text, index) => ({
			entry,
			term: index === 0 && entry.term !== undefined ? entry.term.padEnd(termWidth) : ' '.repeat(indent),
			text,
		}));
	});
	const contentLines = wrapped.reduce((sum, lines) => sum + lines.length, 0);
	const spacing = contentLines + entries.filter(entry => entry.spaced).length <= height;
	return wrapped.flatMap((lines, index) =>
		spacing && entries[index].spaced ? [{entry: {text: ''}, term: '', text: ''}, ...lines] : lines,
	);
}

export function HelpOverlay({width, height, config, dataset}: HelpOverlayProps) {
	const all = helpLines(width, height, config, dataset);
	// When cut, the closing hint stays: it is how to get back.
	const lines = all.length <= height ? all : [...all.slice(0, Math.max(0, height - 1)), all.at(-1)!];
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{lines.map(({entry, term, text}, index) => (
				<Text key={index} wrap="truncate-end" bold={entry.bold}>
					<Text color={entry.termColor} bold={entry.term !== undefined}>
						{term}
					</Text>
					{text === '' && term === '' ? ' ' : text}
				</Text>
			))}
		</Box>
	);
}
