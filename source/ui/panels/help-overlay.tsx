/**
 * Plain-words help (`?`): who races and how each method works, then every word the chart, the panel and the tiles use,
 * then the keys. Nothing is left out to make it fit: when the terminal is too small for all of it, it is split into
 * pages (`?` turns them, Esc closes), and every page ends with the keys.
 */
import {Box, Text} from 'ink';
import {methodInfo} from '../../config/methods.js';
import {ruleWords} from '../rule-words.js';
import type {Method} from '../../config/methods.js';
import type {DatasetInfo} from '../../core/dataset-info.js';
import type {RaceState} from '../../race/race-state.js';
import {augmentationText} from '../../text/augmentation-words.js';
import {classWord, inDataWords, labelName, sampleWord} from '../../text/class-words.js';
import {formatCount, formatPercent, possessive} from '../../text/format.js';
import {lineEvents, eventWords, type LineEvent} from '../../text/line-events.js';
import {wrapText} from '../../text/wrap.js';
import {planPhrase} from '../../text/progress-words.js';
import {labeledNote, lacksTruth} from '../../summary/dataset-description.js';

export interface HelpOverlayProps {
	width: number;
	height: number;
	state?: RaceState;
	/** 0-based page, when the help takes more than one (helpPages). */
	page?: number;
	/** Which preset of how many is on screen (the header's n/N), for the keys line. */
	presets?: PresetPosition;
}

/** The preset on screen: 0-based index, and how many there are. */
export interface PresetPosition {
	index: number;
	count: number;
}

interface HelpEntry {
	/** A term in a fixed-width column before the text. */
	term?: string;
	text: string;
}

interface HelpSection {
	title: string;
	entries: HelpEntry[];
}

const consistencyMethods = new Set<Method>(['fixmatch', 'flexmatch', 'freematch']);

/** The help text with this race's contenders and numbers filled in, in sections. */
export function helpSections(state?: RaceState): HelpSection[] {
	const dataset = state?.dataset;
	const labeled = formatCount(dataset?.labeled ?? state?.race?.labeled ?? 1000);
	const info = dataset?.info;
	// The data's own words: "images" or "rows", its classes by name (MNIST's digits as before).
	const one = sampleWord(info);
	const many = sampleWord(info, 'many');
	const unlabeled = dataset === undefined ? `the other training ${many}` : `${formatCount(dataset.unlabeled)} more`;
	const test = dataset === undefined ? 'held-out' : formatCount(dataset.test);
	const contenders = state?.contenders ?? [];
	const methodsShown = [...new Set(contenders.map(contender => contender.method))];
	const has = (method: Method) => methodsShown.includes(method);
	const kinds = new Set(methodsShown.map(method => methodInfo[method].kind));
	const names = contenders.map(contender => contender.name).join(', ');
	// Every contender named by a term of its own below: its method's label, or a fair baseline's entry.
	const namedBelow = contenders.every(contender => contender.name === methodInfo[contender.method].label || (methodInfo[contender.method].kind === 'baseline' && contender.config?.augmentLabeled === true));
	const digits = classWord(info) === 'digit';
	const word = classWord(info);
	const real = lacksTruth(info);
	const classNames = info?.classNames ?? [];
	const namedClasses = classNames.length <= 6 ? ` (${classNames.join(', ')})` : '';
	const task = digits ? 'learn to read digits' : `learn to tell ${possessive(info?.name ?? 'the data')} ${classNames.length} classes${namedClasses} apart`;
	const samples = digits ? 'digits' : many;
	// The tiles' example in this data's class names: two of them (MNIST: 7 taken for a 2, a 3 rejected).
	const [given, truly, other] = digits ? ['7', '2', '3'] : [labelName(info, 0), labelName(info, 1), labelName(info, Math.min(2, classNames.length - 1))];
	const as = (name: string) => (digits ? `a ${name}` : name);
	// Each contender's planned epoch count and why it differs, contenders with the same plan together ("Lee 2013 and
	// FlexMatch 25 (10 warm-up + 15 online)").
	const planGroups = new Map<string, string[]>();
	for (const contender of contenders) {
		const why = planPhrase(methodInfo[contender.method].kind, contender.config);
		if (why === undefined || contender.plannedEpochs <= 0) continue;
		const key = `${contender.plannedEpochs} (${why})`;
		planGroups.set(key, [...(planGroups.get(key) ?? []), contender.name]);
	}

	const plans = [...planGroups].map(([plan, who]) => `${who.length === 1 ? who[0] : `${who.slice(0, -1).join(', ')} and ${who.at(-1)}`} ${plan}`).join(', ');
	// What each semi-supervised contender trains on, in its method's own words ("self-training > 80% sure").
	const rules = contenders
		.filter(contender => methodInfo[contender.method].kind !== 'baseline' && contender.config !== undefined)
		.map(contender => `${contender.name}: ${ruleWords(contender, info)}`)
		.join('; ');
	const online = contenders.find(contender => methodInfo[contender.method].kind === 'online' && contender.config !== undefined);
	const unlabeledBatch = online?.config === undefined ? undefined : Math.max(1, Math.round(online.config.unlabeledRatio * online.config.batchSize));
	const tauOf = (method: Method) => {
		const threshold = contenders.find(contender => contender.method === method)?.config?.threshold;
		return threshold === undefined ? '' : ` (${formatPercent(threshold, 0)})`;
	};
	// τ as each of the race's methods uses it: FreeMatch has no fixed one (a FreeMatch race was told FixMatch's 80 %).
	const tauText = [
		has('fixmatch') ? `the confidence FixMatch needs${tauOf('fixmatch')}` : undefined,
		has('flexmatch') ? `the top of FlexMatch's per-class thresholds${tauOf('flexmatch')}` : undefined,
		has('freematch') ? "FreeMatch's own: its average confidence so far, scaled per class (the panel's τ per class)" : undefined,
	].filter(text => text !== undefined);
	// The marks the chart can show for these contenders, each once.
	const marks = new Map<LineEvent['char'], string>();
	for (const contender of contenders) {
		for (const event of lineEvents(contender.method, contender.config)) marks.set(event.char, event.char === 'α' ? 'Lee 2013\'s α reaches its full weight' : `it ${eventWords[event.char]}`);
	}

	const watching: HelpSection = {
		title: 'What you are watching',
		entries: [
			// The contenders' names only when some are not the method terms below ("pseudo 0.50"): each name is said once.
			{text: `Copies of one small neural network${names === '' || namedBelow ? '' : ` (${names})`} ${task} side by side, all from the same ${labeled} labeled ${many}; ${unlabeled} without labels are the pool.`},
			// The methods explain themselves in MNIST's words ("a threshold per digit"): said in this data's.
			...methodsShown.map(method => ({term: methodInfo[method].label, text: inDataWords(methodInfo[method].explain, info)})),
			// A second supervised contender exists to make the gaps fair: say what it is, or its name reads as a method.
			...contenders
				.filter(contender => methodInfo[contender.method].kind === 'baseline' && contender.config?.augmentLabeled === true)
				.map(contender => ({term: contender.name, text: `supervised on augmented labeled ${many}, as the methods train after their plain warm-up (part of their rise then is augmentation's): the lead over it at the same epoch is what the unlabeled ${many} add.`})),
		],
	};
	const chart: HelpSection = {
		title: 'The chart and the header',
		entries: [
			{term: 'accuracy', text: `share of the ${test} test ${many} ${digits ? 'read' : 'classified'} right, after each epoch.`},
			{term: 'epochs', text: `11 of 25 (or 11/25): epochs finished of planned (r1: in round 1; ■ done, also in the legend).${plans === '' ? '' : ` ${plans}.`}`},
			{term: 'warm-up', text: `the first epochs, on the labeled ${many} only; contenders that train them alike (same start and batches, augmented or not) draw one line; "warming up" in place of a gap.`},
			{term: 'gap', text: "points ahead of the best supervised had reached by that epoch (its dips, a point or two of noise, never inflate it); legend: each line's latest accuracy and gap. One race is one seed (one random start): sweep --seeds 3 gives mean ± sd."},
			...(marks.size === 0 ? [] : [{term: [...marks.keys()].join(' '), text: `marks under the focused contender's line: ${[...marks].map(([char, meaning]) => `${char} ${meaning}`).join('; ')}.`}]),
			...(kinds.has('offline') && kinds.has('online') ? [{term: 'offline/online', text: 'offline: the pool labeled in rounds, then retraining; online: each batch as trained.'}] : []),
			{term: 'backend', text: 'how the arithmetic runs: wasm (WebAssembly), node or cpu; same training.'},
		],
	};
	const labels: HelpSection = {
		title: 'Pseudo-labels: the right panel and the tiles',
		entries: [
			{term: 'pseudo-label', text: `a model's own guess at the label of a pool ${one}.`},
			...(rules === '' ? [] : [{term: 'used', text: `a pseudo-label the model trains on; each method decides which: ${rules}.`}]),
			...(unlabeledBatch === undefined ? [] : [{term: 'drawn', text: `online epochs draw the unlabeled ${many} in batches of ${unlabeledBatch}: each once, a few twice.`}]),
			{term: 'right', text: `share of the used pseudo-labels that are correct (precision)${real ? '; here "no truth": nothing to check them against' : ''}.`},
			{
				term: 'hidden truth',
				text: lacksTruth(info)
					? `${possessive(info?.name ?? 'this data')} pool has no labels: nothing to check pseudo-labels against, so "no truth" stands where right, WRONG and fixed would.`
					: `${info?.name ?? 'MNIST'} is fully labeled: pseudo-labels are checked against a truth the model never sees (in real use nobody knows this number).`,
			},
			// Real data has no truth for the pool: no "really" column, no fixed or WRONG to explain.
			...(real
				? []
				: [
						{term: 'really', text: digits ? `the true ${word} most often behind a label's wrong ones ("9 … ←4 310": 310 fours).` : `the true ${word} most often behind a label's wrong ones ("${given} … ←${truly} 31": 31 ${many} of ${truly} labeled ${given}).`},
						{term: 'fixed, surer', text: 'what became of earlier wrong pseudo-labels when labeled again: fixed (now right), still wrong, surer (still wrong and more confident than before), dropped (not used).'},
					]),
			{
				term: 'the danger',
				text: real
					? 'a confident wrong label is learned as if it were true and the model grows surer of it (confirmation bias); here nobody can tell which labels are wrong: no truth.'
					: `a confident wrong label is learned as if it were true and the model grows surer of it (confirmation bias): the WRONG ${samples} and "surer".`,
			},
			{
				term: 'tiles',
				text: real
					? `pool ${samples} picked on purpose, not at random: used and rejected, in turn. ✓${given} 99%: used as ${as(given)}, 99% sure; ✗ not used. No truth: nothing says ok or WRONG.`
					: `pool ${samples} picked on purpose, not at random: used and right, used and WRONG, rejected, in turn. ✓${given} 99% WRONG(${truly}): used as ${as(given)}, 99% sure, truly ${as(truly)}; ✗ not used, wrong(${other}) or ok had it been.`,
			},
			{term: 'augmentation', text: augmentationText(contenders.map(contender => ({name: contender.name, kind: methodInfo[contender.method].kind, config: contender.config})), info)},
			...(methodsShown.some(method => consistencyMethods.has(method))
				? [
						{term: 'FixMatch', text: 'guesses on a gently augmented copy (weak view; right less often than a plain one) and, if ≥ τ sure, learns that label on a heavily augmented copy (strong view).'},
						{term: 'τ', text: `${tauText.join('; ')}.`},
					]
				: []),
			...(has('lee2013') ? [{term: 'α', text: "Lee 2013's weight of its guesses in the loss (the panel: now, of its final value)."}] : []),
		],
	};
	// The loader's notes whole: the notes line under the data line shortens them, or says "+N more: press ?".
	const notes = dataset === undefined ? [] : [...(dataset.notes ?? []), ...[state?.race === undefined ? undefined : labeledNote(dataset, state.race.labeled)].filter(note => note !== undefined)];
	const data: HelpSection = {title: `The data: ${dataset?.name ?? ''}`, entries: notes.map(text => ({term: 'note', text: `${text}.`}))};
	return [watching, chart, labels, ...(notes.length === 0 ? [] : [data])];
}

const termWidth = 16;

export interface HelpLine {
	term: string;
	text: string;
	bold?: boolean;
}

function entryLines(entry: HelpEntry, width: number): HelpLine[] {
	const indent = entry.term === undefined ? 0 : termWidth;
	return wrapText(entry.text, width - indent).map((text, index) => ({
		term: index === 0 && entry.term !== undefined ? entry.term.padEnd(termWidth) : ' '.repeat(indent),
		text,
	}));
}

/** The keys, on every page: all of them, presets past 9 included; `info`: the x key in the data's words (rows on a table). */
function keyLines(width: number, pages: number, page: number, presets?: PresetPosition, info?: DatasetInfo): HelpLine[] {
	const turn = pages > 1 ? (page < pages - 1 ? `? next page (${page + 1}/${pages}), Esc close` : `? or Esc close (${page + 1}/${pages})`) : '? or Esc close';
	// The header's own n/N, so the example is the screen's (a fixed one matched no screen).
	const position = presets ? `${presets.index + 1}/${presets.count}` : 'n/N';
	return entryLines(
		{
			term: 'keys',
			text: `Tab focus ▸ · ←/→ preset (${position} in the header: which of all; 1-9 jump) · space pause · r restart · s save · z zoom y-axis · x epochs/${sampleWord(info, 'many')} · ${turn} · q quit`,
		},
		width,
	);
}

/**
 * The help as pages of at most `height` lines of `width`: sections in order, an entry never split across pages, a
 * section title (marked "continued") at the top of a page it continues on, the keys at the bottom of every page. One
 * page when it all fits; with room to spare, a blank line between sections.
 */
export function helpPages(width: number, height: number, state?: RaceState, presets?: PresetPosition): HelpLine[][] {
	const sections = helpSections(state);
	const info = state?.dataset?.info;
	const build = (pageCount: number, spacing: boolean): HelpLine[][] => {
		const pages: HelpLine[][] = [];
		let page: HelpLine[] = [];
		const room = () => height - keyLines(width, pageCount, pages.length, presets, info).length - (spacing ? 1 : 0);
		for (const section of sections) {
			let titled = false;
			for (const entry of section.entries) {
				const lines = entryLines(entry, width);
				const titleLines = titled ? 0 : 1 + (spacing && page.length > 0 ? 1 : 0);
				if (page.length > 0 && page.length + titleLines + lines.length > room()) {
					pages.push(page);
					page = [];
					titled = false;
				}

				if (!titled) {
					if (spacing && page.length > 0) page.push({term: '', text: ''});
					const continued = page.length === 0 && pages.length > 0 && section.entries[0] !== entry;
					page.push({term: '', text: continued ? `${section.title} (continued)` : section.title, bold: true});
					titled = true;
				}

				page.push(...lines);
			}
		}

		pages.push(page);
		return pages.map((lines, index) => [...lines, ...(spacing ? [{term: '', text: ''}] : []), ...keyLines(width, pages.length, index, presets, info)]);
	};

	// One page with blank lines between sections when it fits; else as few pages as the height allows (the page count
	// changes the keys' wording, so it is settled by trying).
	const spaced = build(1, true);
	if (spaced.length === 1 && spaced[0]!.length <= height) return spaced;
	let pages = build(1, false);
	for (let tries = 0; tries < 3; tries++) {
		const again = build(pages.length, false);
		if (again.length === pages.length) return again;
		pages = again;
	}

	return pages;
}

export function HelpOverlay({width, height, state, page = 0, presets}: HelpOverlayProps) {
	const pages = helpPages(width, height, state, presets);
	const lines = pages[Math.min(page, pages.length - 1)] ?? [];
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			{lines.slice(0, height).map(({term, text, bold}, index) => (
				<Text key={index} wrap="truncate-end" bold={bold}>
					<Text bold={term.trim() !== ''}>{term}</Text>
					{text === '' && term === '' ? ' ' : text}
				</Text>
			))}
		</Box>
	);
}
