/**
 * Pure text for the contenders on screen: the chart legend (best first, with the gap to the supervised baseline) and
 * the header's one-line status of every contender, each shortened together until the whole line fits.
 */
import {baselineOf, latestAccuracy, type ContenderState, type RaceState} from '../race/race-state.js';
import {methodInfo} from '../config/methods.js';
import {contenderShortForms} from '../text/short-names.js';
import {gapToBaselineBest, type Gap} from '../core/gap.js';
import {formatCount, formatPercent, formatPoints, formatShortCount} from '../text/format.js';
import {epochsDone, phaseWords, progressText, warmingUpAt} from '../text/progress-words.js';
import {sampleWord} from '../text/class-words.js';

/**
 * Every contender's name within `maxName` columns: whole, else its own abbreviation ("supervis.", "self-train",
 * "Flex"), distinct from the others' (text/short-names.ts).
 */
export function shortNames(contenders: readonly Pick<ContenderState, 'name'>[], maxName: number): string[] {
	return contenderShortForms(contenders.map(contender => contender.name), maxName);
}

export interface LegendEntry {
	/** Position in the race: its colour and glyph. */
	index: number;
	text: string;
}

/**
 * The one gap (core/gap.ts): a contender's accuracy minus the best the supervised baseline had reached by the same
 * epoch (the later of the two contenders' common epochs), `warming` while the contender had not trained on a
 * pseudo-label at that epoch yet.
 */
export function contenderGap(contender: ContenderState, baseline: ContenderState): (Gap & {warming: boolean}) | undefined {
	const gap = gapToBaselineBest(accuracies(contender), accuracies(baseline));
	return gap === undefined ? undefined : {...gap, warming: warmingUpAt(contender, gap.epoch)};
}

const accuracies = (contender: ContenderState) => contender.epochs.map(point => point.testAccuracy);

/**
 * One entry per contender: the methods by their gap to supervised, then the supervised contenders by accuracy;
 * not-yet-started and crashed ones last, in race order. A contender still warming up says so (`warming`: the words; 'bare': "warm-up" alone, its accuracy being the shared
 * warm-up line's). `gaps` false: accuracies only, without each one's gap to supervised.
 */
export function legendEntries(state: RaceState, maxName = Number.POSITIVE_INFINITY, warming: 'warming up' | 'warm-up' | 'bare' = 'warming up', gaps = true): LegendEntry[] {
	const baseline = baselineOf(state);
	const names = shortNames(state.contenders, maxName);
	// The methods first, by their gap to supervised (the caption's leader on top: ranked by latest accuracy, a finished
	// sup+aug ■94.4% stood above a running method the caption named the leader); then methods still warming up, and
	// the supervised contenders, each by accuracy; then those without an epoch, and the crashed.
	// Each contender's gap once (the legend is laid out in up to two dozen forms a frame).
	const gapsOf = state.contenders.map(contender => (baseline !== undefined && contender !== baseline && state.contenders.length > 1 ? contenderGap(contender, baseline) : undefined));
	const rank = (contender: ContenderState, index: number): [number, number] => {
		if (contender.life.status === 'failed') return [5, 0];
		const accuracy = latestAccuracy(contender);
		if (accuracy === undefined) return [4, 0];
		if (contender.method === 'supervised' || baseline === undefined || contender === baseline) return [3, -accuracy];
		const gap = gapsOf[index];
		return gap === undefined || gap.warming ? [2, -accuracy] : [1, -gap.points];
	};
	const ranks = state.contenders.map((contender, index) => rank(contender, index));
	return state.contenders
		.map((contender, index) => ({contender, index}))
		.sort((a, b) => ranks[a.index]![0] - ranks[b.index]![0] || ranks[a.index]![1] - ranks[b.index]![1] || a.index - b.index)
		.map(({contender, index}) => {
			const name = names[index]!;
			if (contender.life.status === 'failed') return {index, text: `${name} ✗ crashed`};
			const accuracy = latestAccuracy(contender);
			if (accuracy === undefined) return {index, text: name};
			const gap = gapsOf[index];
			// Its latest epoch was warm-up, but it has labeled the pool since and trains on those labels now (an offline
			// round between its labeling and its first retraining epoch): "warming up" beside the panel's round read wrong,
			// so it says the warm-up is done where there is room, and nothing of it where there is not.
			const labeled = contender.rounds.length > 0;
			// A warm-up has used no unlabeled image yet: a negative number there would read as "pseudo-labels hurt".
			if (gap?.warming === true && warming === 'bare' && !labeled) return {index, text: `${name} warm-up`};
			const warmingText = !labeled ? ` ${warming}` : warming === 'warming up' ? ' warm-up done' : '';
			const gapText = gap === undefined || !gaps ? '' : gap.warming ? warmingText : ` ${formatPoints(gap.points).replace(' pts', '')}`;
			// ■ as in the header: a finished contender's number is its final one, from a later epoch than a running one's.
			return {index, text: `${name} ${contender.phase === 'done' ? '■' : ''}${formatPercent(accuracy)}${gapText}`};
		});
}

/** layoutLegend's forms of the legend, most readable first (made once: the legend is laid out every frame). */
const legendAttempts = (() => {
	const warmings = ['warming up', 'warm-up', 'bare'] as const;
	const plain = (maxName: number, extraLine: number) => ({maxName, warming: 'warming up' as const, gaps: false, extraLine});
	return [
		...[Number.POSITIVE_INFINITY, 14, 12, 10].flatMap(maxName => warmings.map(warming => ({maxName, warming, gaps: true, extraLine: 0}))),
		// Names one can read before every line's gap: the accuracies still rank the lines, the caption says the leader's gap.
		...[Number.POSITIVE_INFINITY, 12, 10, 9, 8].map(maxName => plain(maxName, 0)),
		// A plot row is worth less than names one can read.
		...[Number.POSITIVE_INFINITY, 12, 10, 9, 8].map(maxName => plain(maxName, 1)),
		...[7, 6, 5, 4].map(maxName => plain(maxName, 1)),
	];
})();

/**
 * The legend laid out in at most `maxLines` lines of `width` columns, each entry as `glyph text`; names take their
 * abbreviations ("self-train") and "warming up" becomes "warm-up" (then "warm-up" without the shared warm-up
 * accuracy) until it fits. Names stay whole as long as they can: below 8 columns ("sup." beside "sup+aug" in a
 * five-contender race at 80×24) a line cannot be told from its name, so the gaps to supervised go first (the
 * accuracies still show them), then names shorten to 8, then the legend takes one line more than asked, and only
 * then do names get shorter. Every contender stays: when even the shortest form needs more lines, it takes them
 * (the chart gives up plot rows), since a line without its legend entry cannot be read.
 */
export function layoutLegend(state: RaceState, width: number, maxLines: number, glyphWidth = 2): LegendEntry[][] {
	let smallest: LegendEntry[][] | undefined;
	for (const {maxName, warming, gaps, extraLine} of legendAttempts) {
		const lines = packLines(legendEntries(state, maxName, warming, gaps), width, glyphWidth);
		if (lines.length <= maxLines + extraLine) return lines;
		smallest = lines;
	}

	return smallest ?? [];
}

function packLines(entries: LegendEntry[], width: number, glyphWidth: number): LegendEntry[][] {
	const lines: LegendEntry[][] = [];
	let used = 0;
	for (const entry of entries) {
		const size = glyphWidth + 1 + entry.text.length;
		const line = lines.at(-1);
		if (line && used + 2 + size <= width) {
			line.push(entry);
			used += 2 + size;
		} else {
			lines.push([entry]);
			used = size;
		}
	}

	return lines;
}

/**
 * What a contender is doing, at detail `level` (0 most detailed), as its (possibly shortened) name and the rest;
 * `samples` names what its speed counts ("images", a table's "rows").
 */
export function statusParts(contender: ContenderState, level: number, name: string, samples = 'images'): {name: string; rest: string} {
	const text = statusWords(contender, level, name, samples);
	return {name, rest: text.slice(name.length)};
}

function statusWords(contender: ContenderState, level: number, name: string, samples: string): string {
	const {phase} = contender;
	// "done" is a word (or ■), never ✓: the tiles' ✓ means a pseudo-label was used.
	if (phase === 'done') {
		return level <= 3 ? `${name}: done ${formatPercent(contender.finalAccuracy)}` : `${name} ■${formatPercent(contender.finalAccuracy)}`;
	}

	if (phase === 'error') return `${name}: ✗ crashed`;
	if (phase === 'starting') return level <= 3 ? `${name}: starting` : `${name} …`;
	const kind = methodInfo[contender.method].kind;
	// Finished epochs, the number the chart, panel and tiles show (never the one still training).
	const done = epochsDone(contender);
	const epoch = done > 0 ? `${done}/${contender.plannedEpochs}` : '';
	const training = phase === 'warm-up' || phase === 'training' || phase === 'retraining';
	// A paused contender trains nothing: its last speed beside PAUSED read as training going on.
	const speed = training && contender.life.status !== 'paused' && contender.samplesPerSec > 0 ? contender.samplesPerSec : undefined;
	const progress = `${name}: ${progressText(contender, kind)}`;
	switch (level) {
		// The speed says what it counts where there is room ("1,234 images/s"; "1,234/s" was read as anything a second).
		case 0: {
			return [progress, speed && `${formatCount(speed)} ${samples}/s`].filter(Boolean).join(' · ');
		}

		case 1: {
			return [progress, speed && `${formatShortCount(speed)} ${samples}/s`].filter(Boolean).join(' · ');
		}

		case 2: {
			return [progress, speed && `${formatShortCount(speed)}/s`].filter(Boolean).join(' · ');
		}

		case 3: {
			return progress;
		}

		case 4: {
			return [`${name}: ${phaseWords(contender, kind, true)}`, epoch].filter(Boolean).join(' ');
		}

		case 5: {
			return [`${name} ${phaseWords(contender, kind, true)}`, epoch].filter(Boolean).join(' ');
		}

		case 6: {
			// Before names are cut: the phase a contender spends its race in ("online", "train") goes, since its
			// method says it; a warm-up or a labeling round stays, being the news.
			const word = phaseWords(contender, kind, true);
			const main = phase === 'training';
			return [name, main ? '' : word, epoch].filter(Boolean).join(' ');
		}

		default: {
			// The last resort: finished epochs without the plan (the panel and ? say it), a labeling round as "label",
			// and no phase for a baseline, which only ever trains.
			// The phase a method spends its race in ("online") goes as at level 6: its name says it.
			const shortest = phase === 'labeling' ? 'label' : kind === 'baseline' || phase === 'training' ? '' : phaseWords(contender, kind, true);
			return [name, shortest, done > 0 ? String(done) : ''].filter(Boolean).join(' ');
		}
	}
}

/** The name widths statusLine tries, widest first (its names are each contender's shortNames at one of them). */
export const statusNameWidths = [24, 12, 10, 9, 8, 7, 6, 5, 4, 3];

/** Every contender's status on one line of `width`, shortened together so none looks more important. */
export function statusLine(state: RaceState, width: number, separator = '  '): Array<{name: string; rest: string}> {
	// Whole names and every word first, then without the phase a method always trains in; then without the plan
	// ("12/30": the panel and ? say it) before names are shortened, since a name one cannot read costs more; then
	// names abbreviated to 9 ("supervis.", "self-tr."), with the plan again if it fits, before shorter ones, where
	// they stop being easy to tell apart ("superv.", "Flex", "self").
	const tries: Array<[number, number]> = [
		...[24, 12].flatMap(maxName => [0, 1, 2, 3, 4, 5, 6].map(level => [maxName, level] as [number, number])),
		...[24, 12, 10].map(maxName => [maxName, 7] as [number, number]),
		...[9].flatMap(maxName => [4, 5, 6, 7].map(level => [maxName, level] as [number, number])),
		...[8].flatMap(maxName => [4, 5, 6].map(level => [maxName, level] as [number, number])),
		...statusNameWidths.filter(maxName => maxName <= 8).map(maxName => [maxName, 7] as [number, number]),
	];
	const samples = sampleWord(state.dataset?.info, 'many');
	for (const [maxName, level] of tries) {
		const names = shortNames(state.contenders, maxName);
		const parts = state.contenders.map((contender, index) => statusParts(contender, level, names[index]!, samples));
		const length = parts.reduce((sum, part) => sum + part.name.length + part.rest.length, 0) + separator.length * Math.max(0, parts.length - 1) + 1;
		if (length <= width) return parts;
	}

	const names = shortNames(state.contenders, 3);
	return state.contenders.map((contender, index) => statusParts(contender, 7, names[index]!, samples));
}
