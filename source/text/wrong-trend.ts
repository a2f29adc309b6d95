/**
 * Confirmation bias over time, in one line: how many of the pseudo-labels a contender used were wrong, record after
 * record ("wrong used: r1 3.4k → r2 2.9k → r3 2.7k"), so a count that does not fall shows mistakes being kept.
 * Real data has no truth to count against, and says so.
 */
import type {RoundStats} from '../race/race-state.js';
import {formatShortCount} from './format.js';
import {firstThatFits} from './wrap.js';

/** The wrong pseudo-labels among those used in one record (precision is the share of the used that are right). */
export function wrongUsed(round: Pick<RoundStats, 'accepted' | 'precision'>): number {
	// None used, none wrong: the precision of nothing is NaN (0 of 0), and the product would print as "NaNM".
	if (round.accepted === 0) return 0;
	return Math.round(round.accepted * (1 - round.precision));
}

/** Undefined with fewer than two records (one count is no trend); `name` labels a record ("r2", "e12"). */
export function wrongTrendText(rounds: readonly RoundStats[], name: (round: RoundStats) => string, width: number, real: boolean): string | undefined {
	if (rounds.length < 2) return undefined;
	// Real data: nothing to count wrong labels against, so neither their number nor what became of them (fixed, still
	// wrong, surer) can be shown.
	if (real) return firstThatFits(['wrong used, fixed or surer over time: no truth (real data)', 'wrong used over time: no truth', 'wrong used: no truth'], width);
	// The latest count split into the wrong labels kept from before (still wrong, drawn again) and new ones, so it
	// reads beside the carried-over line: "e13 4.3k (2.6k kept)".
	const last = rounds.at(-1)!;
	const kept = last.carriedOver === undefined ? undefined : Math.min(last.carriedOver.stillWrong, wrongUsed(last));
	const keptText = kept === undefined ? '' : ` (${formatShortCount(kept)} kept)`;
	const variants: string[] = [];
	for (const shown of [6, 4, 3, 2]) {
		const tail = rounds.slice(-shown);
		const steps = tail.map(round => `${name(round)} ${formatShortCount(wrongUsed(round))}`).join(' → ');
		variants.push(`wrong used: ${steps}${keptText}`, `wrong: ${steps}${keptText}`, `wrong: ${steps}`);
	}

	return firstThatFits(variants, width);
}
