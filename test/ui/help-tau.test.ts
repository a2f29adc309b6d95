// `?` says what τ is for the methods that race, each as it uses it: a FreeMatch race was told FixMatch's fixed 80 %.
import {describe, expect, it} from 'vitest';
import {resolveRace} from '../../source/config/contenders.js';
import type {Method} from '../../source/config/methods.js';
import {createRaceState, reduceRace} from '../../source/race/race-state.js';
import {helpSections} from '../../source/ui/panels/help-overlay.js';
import {startEvent} from '../fixtures/race-events.js';

function tauOf(methods: Method[]): string | undefined {
	const plan = resolveRace({}, [
		{id: 'supervised', name: 'supervised', method: 'supervised', patch: {}},
		...methods.map(method => ({id: method, name: method, method, patch: {threshold: 0.8}})),
	]);
	const state = reduceRace(createRaceState(), startEvent(plan, 'tau'));
	return helpSections(state).flatMap(section => section.entries).find(entry => entry.term === 'τ')?.text;
}

describe('the help\'s τ', () => {
	it('is each racing method\'s own, and FreeMatch\'s is no fixed confidence', () => {
		expect(tauOf(['freematch'])).toBe("FreeMatch's own: its average confidence so far, scaled per class (the panel's τ per class).");
		expect(tauOf(['fixmatch'])).toBe('the confidence FixMatch needs (80%).');
		expect(tauOf(['fixmatch', 'flexmatch', 'freematch'])).toMatch(/^the confidence FixMatch needs \(80%\); the top of FlexMatch's per-class thresholds \(80%\); FreeMatch's own/);
		expect(tauOf([])).toBeUndefined();
	});
});
