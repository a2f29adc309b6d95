/** Whether a race has nothing left running: the keys that act on a running race (space) do nothing then. */
import {isTerminal} from '../race/contender-lifecycle.js';
import type {RaceState} from '../race/race-state.js';

/** Ended (the race's done event), or every contender done, failed or cancelled; false before the race starts. */
export function raceIsOver(state: Pick<RaceState, 'finished' | 'contenders'>): boolean {
	return state.finished || (state.contenders.length > 0 && state.contenders.every(contender => isTerminal(contender.life.status)));
}
