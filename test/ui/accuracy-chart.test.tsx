// Tests for the accuracy panel: latest value of each contender, the best gap to supervised, and a crashed contender's error.
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import type {RaceEvent} from '../../source/race/race-events.js';
import {latestAccuracy, reduceRace, type RaceState} from '../../source/race/race-state.js';
import {formatPercent, formatPoints} from '../../source/text/format.js';
import {AccuracyChart, accuracyGap} from '../../source/ui/panels/accuracy-chart.js';
import {at} from '../fixtures/at.js';
import {
	contenderOf,
	crashedRaceEvents,
	emptyRaceEvents,
	finishedRaceEvents,
	fourContenderEvents,
	midRaceEvents,
	raceStateFrom,
} from '../fixtures/race-events.js';
import {columnsOf, plainLines} from './render-sized.js';

function renderChart(state: RaceState, width = 62, height = 16) {
	const {lastFrame} = render(<AccuracyChart state={state} width={width} height={height} color={false} />);
	return plainLines(lastFrame() ?? '');
}

describe('AccuracyChart', () => {
	it('has a caption, empty axes and the legend before the first epoch', () => {
		const lines = renderChart(raceStateFrom(emptyRaceEvents()));
		expect(lines[0]).toContain('Test accuracy per epoch');
		expect(lines[1]).toMatch(/^100% ┤$/);
		const text = lines.join('\n');
		expect(text).toContain('0% ┤');
		expect(text).toMatch(/── supervised\s+━━ self-training/);
		expect(text).not.toContain('pts');
	});

	it('shows each run’s latest accuracy and the gap at the last epoch both finished', () => {
		const state = raceStateFrom(midRaceEvents());
		const supervised = contenderOf(state, 'supervised');
		const semi = contenderOf(state, 'semi');
		const text = renderChart(state, 72).join('\n');
		expect(text).toContain(`supervised ${formatPercent(latestAccuracy(supervised))}`);
		expect(text).toContain(`self-training ${formatPercent(latestAccuracy(semi))}`);
		const gap = accuracyGap(state)!;
		expect(gap.contender.id).toBe('semi');
		expect(gap.epoch).toBe(semi.epochs.length);
		// Against the best supervised had reached by that epoch.
		const best = Math.max(...supervised.epochs.slice(0, gap.epoch).map(point => point.testAccuracy));
		expect(gap.points).toBeCloseTo(at(semi.epochs, gap.epoch - 1, 'semi epoch').testAccuracy - best);
		expect(text).toMatch(new RegExp(`self-training ${formatPoints(gap.points).replace('+', '\\+')} at ep(och)? ${gap.epoch} vs sup`));
		expect(text).toMatch(/━/);
	});

	it('measures the leading contender against supervised when several race', () => {
		const state = raceStateFrom(fourContenderEvents());
		const gap = accuracyGap(state)!;
		expect(gap.contender.id).toBe('t80');
		const supervised = contenderOf(state, 'supervised');
		for (const id of ['t50', 't95']) {
			expect(latestAccuracy(contenderOf(state, id))! - latestAccuracy(supervised)!).toBeLessThan(gap.points);
		}

		const text = renderChart(state, 80, 20).join('\n');
		expect(text).toContain(`pseudo 0.80 ${formatPoints(gap.points)}`);
		// A crashed contender no longer leads: the gap names the best one still in the race.
		const crashed = reduceRace(state, {type: 'error', run: 't80', message: 'boom'});
		expect(accuracyGap(crashed)?.contender.id).not.toBe('t80');
	});

	it('shows "warming up", never a negative gap, while a contender has used no pseudo-label', async () => {
		let state = raceStateFrom(emptyRaceEvents());
		state = reduceRace(state, {type: 'epoch', run: 'supervised', epoch: 1, phase: 'training', round: 0, testAccuracy: 0.85, loss: 1, samplesPerSec: 1, trainSize: 1000, seconds: 1});
		state = reduceRace(state, {type: 'epoch', run: 'semi', epoch: 1, phase: 'warm-up', round: 0, testAccuracy: 0.82, loss: 1, samplesPerSec: 1, trainSize: 1000, seconds: 1});
		const text = renderChart(state).join('\n');
		expect(text).toContain('self-training 82.0% warming up');
		expect(text).not.toContain('−');
		// Labeled the pool after its last warm-up epoch, training on the labels now: the warm-up is over.
		const labeled = reduceRace(state, {type: 'pseudo-labels', run: 'semi', round: 1, pool: 100, accepted: 50, acceptanceRate: 0.5, precision: 0.9, perClassAccepted: [], perClassCorrect: [], threshold: 0.8, samples: [], predictPerSec: 1, augmentPerSec: 1});
		expect(renderChart(labeled).join('\n')).toContain('self-training 82.0% warm-up done');
		// Shorter forms (80×24): no "warm-up" either, the accuracy alone.
		const {legendEntries} = await import('../../source/ui/contender-lines.js');
		for (const form of ['warm-up', 'bare'] as const) expect(legendEntries(labeled, Number.POSITIVE_INFINITY, form).map(entry => entry.text)).toContain('self-training 82.0%');
		// Past its warm-up the same deficit is a gap, with its meaning.
		state = reduceRace(state, {type: 'epoch', run: 'supervised', epoch: 2, phase: 'training', round: 0, testAccuracy: 0.86, loss: 1, samplesPerSec: 1, trainSize: 1000, seconds: 1});
		state = reduceRace(state, {type: 'epoch', run: 'semi', epoch: 2, phase: 'retraining', round: 1, testAccuracy: 0.83, loss: 1, samplesPerSec: 1, trainSize: 1000, seconds: 1});
		expect(renderChart(state, 100).join('\n')).toContain("self-training −3.0 pts at epoch 2 vs supervised's best so far");
	});

	it('shows the final gap when the race is over', () => {
		const state = raceStateFrom(finishedRaceEvents());
		const text = renderChart(state, 72).join('\n');
		const gap = accuracyGap(state)!;
		expect(gap.epoch).toBe(30);
		expect(text).toContain(`self-training ${formatPoints(gap.points)}`);
		expect(text).toMatch(/at ep(och)? 30 vs sup/);
		// One seed: the end of the race says so and how to check the gap.
		expect(text).toContain(`one seed: sweep --preset ${state.preset} --seeds 3 tells a real gap from luck`);
		expect(renderChart(raceStateFrom(midRaceEvents()), 72).join('\n')).not.toContain('one seed');
	});

	it("marks a crashed run and prints its error", () => {
		const state = raceStateFrom(crashedRaceEvents());
		const text = renderChart(state, 62, 16).join('\n');
		expect(text).toContain('self-training ✗ crashed');
		// The message wraps onto a second, indented line.
		expect(text.replaceAll(/\n\s+/g, ' ')).toContain('✗ self-training crashed: RangeError: Array buffer allocation failed');
		expect(text).toContain(`supervised ${formatPercent(latestAccuracy(contenderOf(state, 'supervised')))}`);
	});

	it('fits its width and height', () => {
		const fourCrashed: RaceEvent[] = [...fourContenderEvents(), {type: 'error', run: 't50', message: 'RangeError: out of memory'}];
		for (const events of [emptyRaceEvents(), midRaceEvents(), finishedRaceEvents(), crashedRaceEvents(), fourContenderEvents(), fourCrashed]) {
			for (const [width, height] of [
				[46, 10],
				[62, 16],
				[100, 30],
			] as const) {
				const lines = renderChart(raceStateFrom(events), width, height);
				expect(lines.length).toBeLessThanOrEqual(height);
				expect(Math.max(...lines.map(line => columnsOf(line)))).toBeLessThanOrEqual(width);
			}
		}
	});
});
