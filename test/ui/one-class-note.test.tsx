// A contender whose model gives nearly every test sample one class: the chart says so first, in the data's words;
// the report of the saved race too.
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {resolveRace} from '../../source/config/contenders.js';
import type {RaceEvent} from '../../source/race/race-events.js';
import {createRaceState, reduceRace, type RaceState} from '../../source/race/race-state.js';
import {oneClassNote} from '../../source/ui/chart-notes.js';
import {AccuracyChart} from '../../source/ui/panels/accuracy-chart.js';
import {buildSummary} from '../../source/summary/build-summary.js';
import {renderMarkdown} from '../../source/summary/render-markdown.js';
import {runSummarySchema} from '../../source/summary/run-summary.js';
import {startEvent} from '../fixtures/race-events.js';
import {plainLines} from './render-sized.js';

const shapes = {name: 'shapes', kind: 'image' as const, height: 12, width: 12, channels: 3, classNames: ['circle', 'square', 'triangle'], mode: 'simulation' as const};

/** Supervised learns; Lee 2013 calls everything "square" from its third epoch (when `collapse`). */
function race(collapse: boolean): RaceState {
	const plan = resolveRace({}, [
		{id: 'supervised', name: 'supervised', method: 'supervised', patch: {}},
		{id: 'lee', name: 'Lee 2013', method: 'lee2013', patch: {}},
	]);
	const start = startEvent(plan, 'shapes');
	const events: RaceEvent[] = [start.type === 'start' ? {...start, dataset: {...start.dataset, info: shapes}} : start];
	for (let epoch = 1; epoch <= 4; epoch++) {
		for (const run of ['supervised', 'lee']) {
			const fell = collapse && run === 'lee' && epoch >= 3;
			events.push({
				type: 'epoch', run, epoch, phase: 'training', round: 0, testAccuracy: fell ? 1 / 3 : 0.6 + epoch / 100, loss: 1, samplesPerSec: 1000, trainSize: 1000, seconds: 1,
				...(fell ? {oneClass: {label: 1, share: 0.97}} : {}),
			});
		}
	}

	return events.reduce((state, event) => reduceRace(state, event), createRaceState());
}

describe('a contender that calls nearly every test sample one class', () => {
	it('is the chart\'s first note, with its share and the class\'s name; without one, no note', () => {
		const state = race(true);
		expect(oneClassNote(state)![0]).toBe('Lee 2013 calls 97% of test images "square": one class for nearly all');
		expect(oneClassNote(race(false))).toBeUndefined();
		// The narrowest forms still name the class.
		expect(oneClassNote(state)!.slice(-3)).toEqual(['one class: Lee 2013 "square"', 'one class ("square"): Lee 2013', 'one class: Lee 2013']);
		for (const width of [100, 80]) {
			const chart = plainLines(render(<AccuracyChart state={state} width={width} height={16} color={false} />).lastFrame() ?? '').join('\n');
			expect(chart).toMatch(/Lee 2013 calls 97%.*"square"|one class for nearly all: Lee 2013 \(97% "square"\)/);
		}
	});

	it('is a row of the saved report, and survives the summary file read back', () => {
		const summaryOf = (state: RaceState) => buildSummary(state, {partial: false, presetName: 'shapes', environment: {backend: 'wasm', node: '20', cpu: {model: 'x', cores: 2}}, now: new Date(0)});
		const row = '| Collapsed | Lee 2013 calls 97.0% of test images "square": one class for nearly all |';
		expect(renderMarkdown(summaryOf(race(true)))).toContain(row);
		const readBack = runSummarySchema.parse(JSON.parse(JSON.stringify(summaryOf(race(true)))));
		expect(renderMarkdown(readBack)).toContain(row);
		expect(renderMarkdown(summaryOf(race(false)))).not.toContain('Collapsed');
	});
});
