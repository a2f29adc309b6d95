/** Plain-words help: who races and how each method works, what the numbers mean, and why a confident wrong label is the danger. */
import {Box, Text} from 'ink';
import {methodInfo} from '../../config/methods.js';
import type {RaceState} from '../../race/race-state.js';
import {classWord} from '../../text/class-words.js';
import {contenderStyle} from '../../text/contender-style.js';
import {formatCount} from '../../text/format.js';
import {wrapText} from '../../text/wrap.js';
import {gapMeaning, planPhrase} from '../../text/progress-words.js';

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
	/** Left out first, before the other optional entries, when the help would not fit. */
	spare?: boolean;
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
	// Each contender's planned epoch count and why it differs ("Lee 2013 26: 10 warm-up + 16 online").
	const plans = contenders
		.map(contender => {
			const why = planPhrase(methodInfo[contender.method].kind, contender.config);
			return why === undefined || contender.plannedEpochs <= 0 ? undefined : `${contender.name} ${contender.plannedEpochs} (${why})`;
		})
		.filter(Boolean)
		.join(', ');
	const info = dataset?.info;
	const digits = classWord(info) === 'digit';
	const task = digits ? 'learn to read digits' : `learn to tell ${info?.classNames.length ?? 'the'} classes of ${info?.name ?? 'the data'} apart`;
	const samples = digits ? 'digits' : 'samples';
	return [
		{text: 'What you are watching', bold: true},
		{
			text: `Contenders — copies of one small neural network${names === '' ? '' : ` (${names})`} — ${task} side by side. All get the same ${labeled} labeled images; ${unlabeled} come without labels.`,
		},
		...methodsShown.map((method, index) => ({
			spaced: index === 0,
			term: methodInfo[method].label,
			text: methodInfo[method].explain,
		})),
		{spaced: true, term: 'pool', text: `the ${unlabeled === 'the other training images' ? 'unlabeled' : unlabeled} unlabeled images a method may label.`, optional: true},
		{
			term: 'pseudo-labels',
			text: `the model's own labels for pool images; "used": trained on (${sure} sure).`,
		},
		{term: 'warm-up', text: 'the first epochs, on the labeled images only: no pseudo-label is used yet, so its gap reads "warming up".', optional: true},
		...(plans === '' ? [] : [{term: 'epochs', text: `${plans}.`, optional: true, spare: true}]),
		{term: 'offline/online', text: 'offline methods label the whole pool in rounds, then retrain; online methods label each batch as it is trained on.', optional: true},
		{term: 'augmentation', text: 'small random shifts, turns and warps of an image, so the model learns the digit, not the pixels.', optional: true},
		{term: 'weak/strong view', text: 'FixMatch and FlexMatch: a gently and a heavily augmented copy of one image.', optional: true},
		{term: 'α', text: "Lee 2013's weight of the pseudo-label part of the loss; the panel shows its value now.", optional: true},
		{term: '◆ ▲ α', text: "x-axis marks of the focused line: labeling, online start, α full.", optional: true, spare: true},
		{term: 'right', text: 'share of used pseudo-labels that are correct (precision).'},
		{term: 'gap', text: `pts ${gapMeaning} (1 seed: sweep --seeds 3).`, optional: true},
		{
			term: 'hidden truth',
			text: `${info?.name ?? 'MNIST'} is fully labeled: pseudo-labels are checked against a truth the model never sees (in real use nobody knows this number).`,
		},
		{
			term: 'the danger',
			text: `a confident wrong label is learned as if it were true and the model grows surer of it (confirmation bias): the WRONG ${samples}.`,
		},
		{
			term: 'accuracy',
			text: `share of the ${test} test images read right, after each epoch.`,
		},
		{term: 'backend', text: 'the code that does the arithmetic (node, wasm: WebAssembly, cpu: plain JavaScript); the same training, at different speeds.', optional: true},
		{spaced: true, term: 'keys', text: `Tab/Shift+Tab focus (▸); ←/→ presets, 1-9 first nine; space pause; r restart; s save; z y range; x epochs/images; q quit.`},
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
	const spared = all.filter(entry => !entry.spare);
	const sparedTotal = spared.reduce((sum, entry) => sum + linesOf(entry), 0);
	const entries = total <= height ? all : sparedTotal <= height ? spared : all.filter(entry => !entry.optional);
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
