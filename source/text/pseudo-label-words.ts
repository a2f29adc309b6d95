/**
 * The pseudo-label panel's sentences, pure text sized to a width: the heading over the per-class bars, the threshold
 * caption and what thresholds gate, what became of earlier wrong labels, why online draws exceed the pool, and Lee's
 * α of its final value. The panel (ui/panels/pseudo-label-panel.tsx) lays them out.
 */
import type {DatasetInfo} from '../core/dataset-info.js';
import type {ContenderState, RoundStats} from '../race/race-state.js';
import {classWord, sampleWord} from './class-words.js';
import {formatCount, formatPercent, formatShortCount} from './format.js';
import {lineEvents} from './line-events.js';
import {firstThatFits, wrapText} from './wrap.js';

/**
 * "used (bar: most 6.6k)": the per-class bars are scaled to the most-used class, so the heading says what a full bar
 * is, padded to the bar and count columns. With none used the bars are empty and have no scale to state.
 */
export function usedHeading(used: string, max: number, columns: number): string {
	const variants = max > 0 ? [`${used} (bar: most ${formatShortCount(max)})`, `${used} (█ ${formatShortCount(max)})`, used] : [used];
	return (variants.find(variant => variant.length <= columns) ?? used).padEnd(columns);
}

/**
 * "threshold per digit now 1% ▁ – 6% █, rising to 95%": the range the sparks below span, in the unit of the
 * confidences, and, while the method's own bar (FlexMatch's τ) is above them all, where they rise to. FreeMatch's bar
 * is its top class threshold itself, so it has no "rising to".
 */
export function thresholdCaption(thresholds: number[], info: DatasetInfo | undefined, target: number | undefined, width: number): string {
	const low = formatPercent(Math.min(...thresholds), 0);
	const high = formatPercent(Math.max(...thresholds), 0);
	const word = classWord(info);
	const rising = target === undefined ? '' : `, rising to ${formatPercent(target, 0)}`;
	const toward = target === undefined ? '' : ` → ${formatPercent(target, 0)}`;
	return firstThatFits(
		[
			`threshold per ${word} now ${low} ▁ – ${high} █${rising}`,
			// "→ 95%" was read as "is now 95%": the ceiling says what it is where room allows.
			...(target === undefined ? [] : [`threshold per ${word} ${low}▁–${high}█ (max ${formatPercent(target, 0)})`, `threshold per ${word} ${low}–${high} (max ${formatPercent(target, 0)})`]),
			`threshold per ${word} ${low}▁–${high}█${toward}`,
			`threshold per ${word} ${low}–${high}${toward}`,
			`threshold ${low}–${high}${toward}`,
		],
		width,
	);
}

/**
 * What the thresholds gate, said where their numbers show: while they are low (FlexMatch and FreeMatch start so by
 * design, and stay so while the model is unsure — on some data to the last epoch, where "at first" misled) nearly
 * every guess passes; later a guess below its class's threshold is not used.
 */
export function thresholdMeaning(thresholds: number[], acceptanceRate: number, width: number, word: 'digit' | 'class' = 'digit'): string[] {
	const low = Math.max(...thresholds) < 0.5;
	const text = low
		? `Low while the model is unsure, by design: nearly every guess passes (${formatPercent(acceptanceRate, 0)} used). They rise as it grows sure.`
		: `A guess below its ${word}'s threshold is not used.`;
	const lines = wrapText(text, width);
	return lines.length <= 2 ? lines : wrapText(low ? `Low while unsure, by design: nearly all pass.` : 'Below threshold: not used.', width).slice(0, 2);
}

/**
 * What became of earlier wrong pseudo-labels, labeled again: "of round 1's 2.1k wrong: 1.2k fixed, 600 still wrong
 * (400 surer), 300 dropped" (offline); online, the wrong labels of images drawn again this epoch. Surer: still wrong,
 * and the model is more confident of it than before (confirmation bias). Up to three lines.
 */
export function carriedOverLines(round: RoundStats, width: number, when: string): string[] {
	const carried = round.carriedOver;
	if (carried === undefined || carried.wrongBefore === 0) return [];
	const n = formatShortCount;
	const surer = carried.moreConfident === undefined ? '' : ` (${n(carried.moreConfident)} surer)`;
	// "dropped" only when some were: Lee 2013 uses every guess, so it never drops one.
	const dropped = carried.dropped === 0 ? '' : `, ${n(carried.dropped)} dropped`;
	const counts = `${n(carried.fixed)} fixed, ${n(carried.stillWrong)} still wrong${surer}${dropped}`;
	// Online, `when` names the epoch the wrong labels were made in ("epoch 12"): the counts are about those images,
	// drawn again now, not about this epoch's wrong labels (a reader took "still wrong" for all of them).
	const wordings = round.kind === 'online'
		? [`of ${when}'s ${n(carried.wrongBefore)} wrong labels, drawn again: ${counts}`, `${when}'s ${n(carried.wrongBefore)} wrong, drawn again: ${counts}`]
		: [`of ${when}'s ${n(carried.wrongBefore)} wrong: ${counts}`, `${n(carried.wrongBefore)} wrong before: ${counts}`];
	// Two lines for the longer wording, else the shorter one on up to three: every count keeps its word.
	for (const [wording, lines] of [[wordings[0]!, 2], [wordings[1]!, 3]] as const) {
		const wrapped = wrapText(wording, width);
		if (wrapped.length <= lines) return wrapped;
	}

	const surerShort = carried.moreConfident === undefined ? '' : `, ${n(carried.moreConfident)} surer`;
	return [firstThatFits([`${n(carried.wrongBefore)} wrong before: ${n(carried.fixed)} fixed, ${n(carried.stillWrong)} kept${surerShort}`, `${n(carried.fixed)}/${n(carried.wrongBefore)} wrong fixed${surerShort}`], width)];
}

/**
 * Why an online epoch's draws exceed the pool, in the data's words: "58,864 unlabeled images drawn once, 136 twice"
 * (batches draw the pool in passes and an epoch's last batch runs on into the next pass, so a few are drawn twice).
 * `info` gives the word: images, or a table's rows.
 */
export function drawsText(draws: number, poolSize: number | undefined, width: number, info?: DatasetInfo): string | undefined {
	if (poolSize === undefined || poolSize <= 0) return undefined;
	const many = sampleWord(info, 'many');
	const extra = draws - poolSize;
	if (extra < 0) return firstThatFits([`${formatCount(draws)} of the ${formatCount(poolSize)} unlabeled ${many} drawn`, `${formatCount(draws)} of ${formatCount(poolSize)} ${many} drawn`, `drawn: ${formatShortCount(draws)} of ${formatShortCount(poolSize)}`], width);
	if (extra === 0) return firstThatFits([`each of the ${formatCount(poolSize)} unlabeled ${many} drawn once`, `each unlabeled ${sampleWord(info)} drawn once`, `each ${sampleWord(info)} drawn once`], width);
	// More than a second pass (a tiny pool): counts of draws, not of samples drawn once and twice.
	if (extra > poolSize) return firstThatFits([`${formatCount(draws)} draws of the ${formatCount(poolSize)} unlabeled ${many}`, `${formatCount(draws)} draws of ${formatCount(poolSize)} ${many}`, `${formatShortCount(draws)} draws of ${formatShortCount(poolSize)}`], width);
	const once = poolSize - extra;
	return firstThatFits(
		[
			`${formatCount(once)} unlabeled ${many} drawn once, ${formatCount(extra)} twice`,
			`${formatCount(once)} ${many} drawn once, ${formatCount(extra)} twice`,
			// Under the head's "… drawn": the exact count before the verb.
			`${formatCount(once)} ${many} once, ${formatCount(extra)} twice`,
			`${formatShortCount(once)} ${many} once, ${formatCount(extra)} twice`,
			`${formatCount(extra)} ${many} drawn twice`,
		],
		width,
	);
}

/**
 * "α 1.00 of 3, full at epoch 19 (α)": Lee 2013's weight now, its final value and the epoch the chart's α mark sits
 * at, so the value never reads as "full" before the mark.
 */
export function alphaText(round: RoundStats, contender: ContenderState | undefined, width: number): string | undefined {
	if (round.alpha === undefined) return undefined;
	const final = contender?.config?.alphaFinal;
	const full = contender === undefined ? undefined : lineEvents(contender.method, contender.config).find(event => event.char === 'α')?.epoch;
	const now = round.alpha.toFixed(2);
	if (final === undefined || full === undefined) return `α ${now}`;
	const reached = round.alpha >= final - 1e-9;
	return firstThatFits(
		reached
			? [`α ${now}: full weight since epoch ${full} (α mark)`, `α ${now}: full since epoch ${full}`, `α ${now} (full)`]
			: [`α (weight of the guesses) ${now} of ${final}, full at epoch ${full} (α mark)`, `α ${now} of ${final}, full at epoch ${full} (α)`, `α ${now} of ${final}, full at ep ${full}`, `α ${now} of ${final}`],
		width,
	);
}

/**
 * One word for "a pseudo-label the model trains on", offline and online alike: "used" (an offline round keeps it for
 * its retraining epochs, an online step for that one step). The argument stays so every call names the record it is about.
 */
export function usedWord(_round: RoundStats | undefined): string {
	return 'used';
}
