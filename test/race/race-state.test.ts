import {describe, expect, it} from 'vitest';
import type {RaceEvent} from '../../source/race/race-events.js';
import {buildSummary} from '../../source/summary/build-summary.js';
import {contenderOf, fourContenderEvents, raceStateFrom} from '../fixtures/race-events.js';

const environment = {backend: 'wasm', node: 'v20.0.0', cpu: {model: 'test', cores: 2}};

/** The threshold race at epoch 8, with t50 finished and t95 crashed before the orchestrator's `control` events. */
function stoppedRace(...controls: RaceEvent[]): RaceEvent[] {
	return [
		...fourContenderEvents(8),
		{type: 'run-done', run: 't50', testAccuracy: 0.91, wallSeconds: 30, samplesTrained: 9000},
		{type: 'error', run: 't95', message: 'out of memory'},
		...controls,
	];
}

const statuses = (events: RaceEvent[]) => Object.fromEntries(raceStateFrom(events).contenders.map(contender => [contender.id, contender.life.status]));

describe('race state: the lifecycle the orchestrator applies, the reducer applies too', () => {
	it('pause and resume reach every contender still running; ended ones keep their status', () => {
		const paused = stoppedRace({type: 'control', action: 'pause'});
		expect(statuses(paused)).toEqual({supervised: 'paused', t50: 'done', t80: 'paused', t95: 'failed'});
		expect(statuses([...paused, {type: 'control', action: 'resume'}])).toEqual({supervised: 'training', t50: 'done', t80: 'training', t95: 'failed'});
	});

	it('a stop cancels the contenders still running (paused ones too) and keeps done and failed', () => {
		expect(statuses(stoppedRace({type: 'control', action: 'cancel'}))).toEqual({supervised: 'cancelled', t50: 'done', t80: 'cancelled', t95: 'failed'});
		const pausedThenStopped = stoppedRace({type: 'control', action: 'pause'}, {type: 'control', action: 'cancel'});
		expect(statuses(pausedThenStopped)).toEqual({supervised: 'cancelled', t50: 'done', t80: 'cancelled', t95: 'failed'});
	});

	it('a late worker event after the stop changes nothing', () => {
		const state = raceStateFrom(stoppedRace({type: 'control', action: 'cancel'}, {type: 'run-done', run: 't80', testAccuracy: 0.5, wallSeconds: 1, samplesTrained: 1}));
		expect(contenderOf(state, 't80').life.status).toBe('cancelled');
	});

	it('the partial summary of a stopped race says cancelled, done and failed', () => {
		const state = raceStateFrom(stoppedRace({type: 'control', action: 'cancel'}));
		const summary = buildSummary(state, {partial: true, presetName: 'thresholds', environment, now: new Date(state.startedAt! + 60_000)});
		expect(summary.contenders.map(contender => [contender.id, contender.status])).toEqual([
			['supervised', 'cancelled'],
			['t50', 'done'],
			['t80', 'cancelled'],
			['t95', 'failed'],
		]);
	});
});
