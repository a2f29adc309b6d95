// Tests the line the dashboard leaves in the terminal when it quits: the headless `done` line for the race on screen,
// `stopped` with each unfinished contender marked when it was quit mid-way, nothing when no race had started.
import {describe, expect, it} from 'vitest';
import {plainLine} from '../../source/headless/plain-lines.js';
import type {RaceEvent} from '../../source/race/race-events.js';
import {createRaceState, reduceRace} from '../../source/race/race-state.js';
import {resultLine} from '../../source/headless/result-line.js';
import {finishedRaceEvents, midRaceEvents, raceStateFrom, semiAccuracy, supervisedAccuracy} from '../fixtures/race-events.js';

describe('resultLine', () => {
	it("is the headless race's own done line for a finished race", () => {
		const events = finishedRaceEvents();
		const state = raceStateFrom(events);
		const line = resultLine(state);
		expect(line).toBe(plainLine(events.at(-1)!, state));
		expect(line).toMatch(/^done {3}semi \d+\.\d\d% \([+−]\d+\.\d\d pts vs supervised's best\), supervised \d+\.\d\d% in 1m 15s\n {7}one seed: sweep --preset tutorial --seeds 3/);
	});

	it('says stopped for a race quit mid-way, with the accuracies so far and which contenders were cancelled', () => {
		const mid = raceStateFrom(midRaceEvents());
		const stopped = reduceRace(mid, {type: 'control', action: 'cancel'} as RaceEvent);
		const started = stopped.startedAt!;
		const line = resultLine(stopped, started + 42_000)!;
		const last = (id: string) => stopped.contenders.find(contender => contender.id === id)!.epochs.at(-1)!;
		expect(last('semi').testAccuracy).toBe(semiAccuracy(last('semi').epoch));
		expect(line).toMatch(/^stopped semi /);
		expect(line).toContain(`supervised ${(supervisedAccuracy(last('supervised').epoch) * 100).toFixed(2)}% cancelled`);
		expect(line).toMatch(/semi \d+\.\d\d% \([^)]*\) cancelled/);
		expect(line).toContain('in 42.0s');
	});

	it('says which epoch a gap is at when the baseline stopped epochs before this accuracy', () => {
		const mid = raceStateFrom(midRaceEvents());
		const semi = mid.contenders.find(contender => contender.id === 'semi')!;
		const supervised = mid.contenders.find(contender => contender.id === 'supervised')!;
		// supervised stopped two epochs before semi's last: the gap is measured where both curves are.
		const behind = {...mid, contenders: mid.contenders.map(contender => (contender === supervised ? {...supervised, epochs: supervised.epochs.slice(0, semi.epochs.length - 2)} : contender))};
		const line = resultLine(reduceRace(behind, {type: 'control', action: 'cancel'} as RaceEvent))!;
		expect(line).toMatch(new RegExp(`semi \\d+\\.\\d\\d% \\([+−±]\\d+\\.\\d\\d pts at epoch ${semi.epochs.length - 2} vs supervised's best\\)`));
		// Curves of one length: no epoch said.
		expect(resultLine(raceStateFrom(finishedRaceEvents()))).not.toContain(' at epoch ');
	});

	it('is nothing when no race ran (a preset that cannot run here, a quit before the start)', () => {
		expect(resultLine(createRaceState('p1'))).toBeUndefined();
	});
});
