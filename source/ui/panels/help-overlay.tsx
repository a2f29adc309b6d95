/** Plain-words help: who races and how each method works, what the numbers mean, and why a confident wrong label is the danger. */
import {Box, Text} from 'ink';
import {methodInfo} from '../../config/methods.js';
import type {RaceState} from '../../race/race-state.js';
import {contenderStyle} from '../../text/contender-style.js';
import {formatCount} from '../../text/format.js';
import {wrapText} from '../../text/wrap.js';

export interface HelpOverlayProps {
	width: number;
	height: number;
	state?: RaceState;
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

/** The help text with this race's contenders and numbers filled in. */
export function helpEntries(state?: RaceState): HelpEntry[] {
	const dataset = state?.dataset;
	const labeled = formatCount(dataset?.labeled ?? state?.race?.labeled ?? 1000);
	const unlabeled = dataset === undefined ? 'the other training images' : `${formatCount(dataset.unlabeled)} more`;
	const test = dataset === undefined ? 'held-out' : formatCount(dataset.test);
	const contenders = state?.contenders ?? [];
	const count = contenders.length;
	const semi = contenders.find(contender => contender.method === 'pseudo-label');
	const sure = semi?.config === undefined ? 'very' : `more than ${Math.round(semi.config.threshold * 100)}%`;
	const methodsShown = [...new Set(contenders.map(contender => contender.method))];
	return [
		{text: 'What you are watching', bold: true},
		{
			text: `${count > 1 ? `${count} copies` : 'Copies'} of one small neural network — the contenders — learn to read handwritten digits side by side. All get the same ${labeled} labeled images; ${unlabeled} come without labels. Each contender has its own line, colour and glyph in the chart.`,
		},
		...contenders.map((contender, index) => ({
			spaced: index === 0,
			term: `${contenderStyle(index).glyph} ${contender.name}`,
			termColor: contenderStyle(index).ink,
			text: `${methodInfo[contender.method].label}${methodsShown.length === 1 && index > 0 ? ' (settings differ)' : ''}`,
		})),
		...methodsShown.map((method, index) => ({
			spaced: index === 0,
			term: methodInfo[method].label,
			text: methodInfo[method].explain,
		})),
		{
			spaced: true,
			term: 'focus',
			text: 'Tab and Shift+Tab pick the contender whose pseudo-labels and digits are shown; the header marks it with ▸.',
		},
		{
			term: 'pseudo-label',
			text: `a label the model gives an unlabeled image itself. The tutorial's method keeps those it is ${sure} sure of ("accepted"); online methods label each batch as they train and count the share they learn from ("used").`,
		},
		{term: 'right', text: 'share of accepted or used pseudo-labels that are correct (their precision). The per-digit table counts by the label the model gave.'},
		{
			term: 'hidden truth',
			text: 'MNIST is fully labeled, so the app can check every pseudo-label against the true label the model never sees. With your own unlabeled data nobody knows this number.',
		},
		{
			term: 'the danger',
			text: 'a confidently wrong label is learned as if it were true, and the model grows surer of its mistake (confirmation bias). The digits marked WRONG are such cases.',
		},
		{
			term: 'accuracy',
			text: `share of ${test} test images, never trained on, read correctly after each epoch. An epoch is one pass over the training set (online methods: over the unlabeled pool's worth of images); a supervised contender trains as many epochs as the longest other one.`,
		},
		{term: 'presets', text: 'named races; ←/→ or 1-9 pick one and start it. `pseudolabel-tui presets` lists them.'},
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
	state?: RaceState,
): Array<{entry: HelpEntry; term: string; text: string}> {
	const entries = helpEntries(state);
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

export function HelpOverlay({width, height, state}: HelpOverlayProps) {
	const all = helpLines(width, height, state);
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
