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
	/** Left out when the help would not fit otherwise. */
	optional?: boolean;
}

/** The help text with this race's contenders and numbers filled in. */
export function helpEntries(state?: RaceState): HelpEntry[] {
	const dataset = state?.dataset;
	const labeled = formatCount(dataset?.labeled ?? state?.race?.labeled ?? 1000);
	const unlabeled = dataset === undefined ? 'the other training images' : `${formatCount(dataset.unlabeled)} more`;
	const test = dataset === undefined ? 'held-out' : formatCount(dataset.test);
	const contenders = state?.contenders ?? [];
	const semi = contenders.find(contender => contender.method === 'pseudo-label');
	const sure = semi?.config === undefined ? 'very' : `more than ${Math.round(semi.config.threshold * 100)}%`;
	const methodsShown = [...new Set(contenders.map(contender => contender.method))];
	const names = contenders.map(contender => contender.name).join(', ');
	return [
		{text: 'What you are watching', bold: true},
		{
			text: `Contenders — copies of one small neural network${names === '' ? '' : ` (${names})`} — learn to read digits side by side. All get the same ${labeled} labeled images; ${unlabeled} come without labels.`,
		},
		...methodsShown.map((method, index) => ({
			spaced: index === 0,
			term: methodInfo[method].label,
			text: methodInfo[method].explain,
		})),
		{spaced: true, term: 'focus', text: 'Tab / Shift+Tab pick whose pseudo-labels and digits show (▸).'},
		{
			term: 'pseudo-label',
			text: `a label the model gives an unlabeled image: "accepted" when ${sure} sure, "used" by online methods.`,
		},
		{term: 'right', text: 'share of those labels that are correct (precision), per label.'},
		{
			term: 'hidden truth',
			text: 'MNIST is fully labeled: each pseudo-label is checked against a truth the model never sees. In real use nobody knows this number.',
		},
		{
			term: 'the danger',
			text: 'a confident wrong label is learned as if it were true and the model grows surer of it (confirmation bias): the WRONG digits.',
		},
		{
			term: 'accuracy',
			text: `share of the ${test} test images read right after each epoch: a pass over the training set (online methods: the pool's worth).`,
		},
		{term: 'presets', text: 'named races; ←/→ or 1-9 start another.', optional: true},
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
	const all = helpEntries(state);
	const linesOf = (entry: HelpEntry) => wrapText(entry.text, width - (entry.term === undefined ? 0 : termWidth)).length;
	const total = all.reduce((sum, entry) => sum + linesOf(entry), 0);
	const entries = total <= height ? all : all.filter(entry => !entry.optional);
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
		spacing && entries[index]!.spaced ? [{entry: {text: ''}, term: '', text: ''}, ...lines] : lines,
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
