// Tests for the header: preset, dataset, backend, elapsed time and each run's phase and speed.
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {reduceRace} from '../../source/race/race-state.js';
import {formatCount, formatPercent} from '../../source/text/format.js';
import {Header, headerHeight} from '../../source/ui/panels/header.js';
import {
	crashedRaceEvents,
	emptyRaceEvents,
	finishedRaceEvents,
	midRaceEvents,
	raceStateFrom,
	warmUpEvents,
} from '../fixtures/race-events.js';
import {columnsOf, plainLines} from './render-sized.js';

function renderHeader(events: ReturnType<typeof emptyRaceEvents>, width = 100, state = raceStateFrom(events)) {
	const {lastFrame} = render(
		<Header state={state} width={width} elapsedSeconds={83} presetName="tutorial" presetIndex={2} presetCount={6} />,
	);
	return plainLines(lastFrame() ?? '');
}

describe('Header', () => {
	it('names the product, preset, dataset sizes, backend and elapsed time', () => {
		const lines = renderHeader(emptyRaceEvents());
		const text = lines.join('\n');
		expect(lines[0]).toMatch(/^pseudolabel-tui/);
		expect(text).toContain('preset tutorial (3/6)');
		expect(text).toContain('backend wasm');
		expect(text).toContain('elapsed 1:23');
		expect(text).toContain('1,000 labeled');
		expect(text).toContain('59,000 unlabeled');
		expect(text).toContain('10,000 test');
		expect(text).toContain('supervised: starting');
		expect(text).toContain('pseudo-label: starting');
	});

	it("shows each run's phase and current samples/s mid-race", () => {
		const state = raceStateFrom(midRaceEvents());
		const text = renderHeader(midRaceEvents(), 100, state).join('\n');
		expect(text).toContain('supervised: training');
		expect(text).toContain('pseudo-label: retraining round 1');
		expect(text).toContain(formatCount(state.supervised.samplesPerSec));
		expect(text).toContain(formatCount(state.semi.samplesPerSec));
		expect(text).toContain('samples/s');
		expect(renderHeader(warmUpEvents()).join('\n')).toContain('pseudo-label: warm-up');
	});

	it('shows a labeling round in progress', () => {
		const state = reduceRace(raceStateFrom(midRaceEvents()), {type: 'phase', run: 'semi', phase: 'labeling', round: 2});
		const text = renderHeader([], 100, state).join('\n');
		expect(text).toContain('pseudo-label: labeling round 2');
		// Labeling trains nothing, so no samples/s for that run.
		expect(text).not.toContain(formatCount(state.semi.samplesPerSec));
	});

	it('shows final accuracies when done and a crashed run', () => {
		const finished = raceStateFrom(finishedRaceEvents());
		const text = renderHeader([], 100, finished).join('\n');
		expect(text).toContain(`supervised: done · ${formatPercent(finished.supervised.finalAccuracy)}`);
		expect(text).toContain(`pseudo-label: done · ${formatPercent(finished.semi.finalAccuracy)}`);
		expect(text).toContain('finished 1:23');
		expect(renderHeader(crashedRaceEvents()).join('\n')).toContain('pseudo-label: crashed');
	});

	it('fits its width and height at 80 columns and merges lines on wide terminals', () => {
		for (const events of [emptyRaceEvents(), midRaceEvents(), finishedRaceEvents(), crashedRaceEvents()]) {
			const lines = renderHeader(events, 80);
			expect(lines.length).toBeLessThanOrEqual(headerHeight(80));
			for (const line of lines) {
				expect(columnsOf(line)).toBeLessThanOrEqual(80);
			}

			const text = lines.join('\n');
			expect(text).toContain('supervised:');
			expect(text).toContain('pseudo-label:');
		}

		expect(headerHeight(80)).toBe(3);
		expect(headerHeight(160)).toBe(2);
	});
});
