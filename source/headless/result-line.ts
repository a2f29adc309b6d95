/**
 * What the dashboard leaves in the terminal when it quits (cli/run-dashboard.tsx). It runs in the alternate screen, so quitting took every
 * number with it; the race on screen is said once more, after the screen is left, in the headless `done` line's own
 * words (plainLine): each contender's accuracy and gap, the time. A race quit mid-way says `stopped` where a finished
 * one says `done`, each contender that was still training marked `cancelled`, its accuracy
 * the last epoch's.
 */
import {isTerminal} from '../race/contender-lifecycle.js';
import type {RaceEvent} from '../race/race-events.js';
import type {RaceState} from '../race/race-state.js';
import {plainLine} from './plain-lines.js';

/** The race's result as the `done` event the orchestrator sends at its end (a stopped race's: as far as it got). */
function doneEvent(state: RaceState, now: number): Extract<RaceEvent, {type: 'done'}> {
	// Quitting stops whatever still ran (the race's cancel says so in the state; a contender it missed is said the same).
	const results = Object.fromEntries(
		state.contenders.map(contender => [
			contender.id,
			{testAccuracy: contender.finalAccuracy ?? contender.epochs.at(-1)?.testAccuracy ?? Number.NaN, status: isTerminal(contender.life.status) ? contender.life.status : 'cancelled' as const},
		]),
	);
	const wallSeconds = state.finished && state.wallSeconds !== undefined ? state.wallSeconds : (now - (state.startedAt ?? now)) / 1000;
	return {type: 'done', results, wallSeconds};
}

/**
 * The line(s) to print for the race on screen when the dashboard quits, or undefined when no race had started (a
 * preset that cannot run here, a quit before the first worker began) or no contender finished an epoch.
 */
export function resultLine(state: RaceState, now: number = Date.now(), sweepFlags: readonly string[] = []): string | undefined {
	if (state.startedAt === undefined || state.contenders.every(contender => contender.finalAccuracy === undefined && contender.epochs.length === 0)) return undefined;
	const line = plainLine(doneEvent(state, now), state, sweepFlags);
	if (line === undefined || state.finished) return line;
	return line.replace(/^done {3}/, 'stopped ');
}
