// Tests for the header: preset, dataset, backend, cores, elapsed time and each contender's phase and speed.
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {reduceRace} from '../../source/race/race-state.js';
import {formatCount, formatPercent} from '../../source/text/format.js';
import {Header, headerHeight} from '../../source/ui/panels/header.js';
import {
	contenderOf,
	crashedRaceEvents,
	emptyRaceEvents,
	finishedRaceEvents,
	fourContenderEvents,
	midRaceEvents,
	raceStateFrom,
	warmUpEvents,
} from '../fixtures/race-events.js';
import {columnsOf, plainLines} from './render-sized.js';
import {shortNames, statusNameWidths} from '../../source/ui/contender-lines.js';

function renderHeader(events: ReturnType<typeof emptyRaceEvents>, width = 100, state = raceStateFrom(events), focusIndex?: number) {
	const {lastFrame} = render(
		<Header
			state={state}
			width={width}
			elapsedSeconds={83}
			presetName="tutorial"
			presetIndex={2}
			presetCount={6}
			focusIndex={focusIndex}
		/>,
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
		expect(text).toContain('2 contenders on 2 cores');
		expect(text).toContain('supervised: starting');
		expect(text).toContain('self-training: starting');
	});

	it('says on how many cores a contender trains (helper threads joined it) and stops saying so when they end', () => {
		const events = midRaceEvents();
		const helped = [...events, {type: 'helper', run: 'semi', active: true, threads: 2} as const];
		expect(renderHeader(helped).join('\n')).toContain('self-training on 2 cores');
		const wider = [...helped, {type: 'helper', run: 'semi', active: true, threads: 4} as const];
		expect(renderHeader(wider).join('\n')).toContain('self-training on 4 cores');
		const ended = [...wider, {type: 'helper', run: 'semi', active: false, threads: 1} as const];
		const text = renderHeader(ended).join('\n');
		expect(text).not.toContain('self-training on 2 cores');
		expect(text).toContain('2 contenders on 2 cores');
	});

	it("shows each contender's phase, epoch and current samples/s mid-race", () => {
		const state = raceStateFrom(midRaceEvents());
		const text = renderHeader(midRaceEvents(), 120, state).join('\n');
		const supervised = contenderOf(state, 'supervised');
		const semi = contenderOf(state, 'semi');
		// Epochs finished (the chart's last point), not the one training now.
		expect(supervised.currentEpoch).toBe(supervised.epochs.length + 1);
		expect(text).toContain(`supervised: training, ${supervised.epochs.length} of ${supervised.plannedEpochs} epochs`);
		expect(text).toContain(`self-training: round 1 of 1, ${semi.epochs.length} of ${semi.plannedEpochs} epochs`);
		// Speeds say what they count.
		expect(text).toContain(`${formatCount(supervised.samplesPerSec)} images/s`);
		expect(text).toContain(`${formatCount(semi.samplesPerSec)} images/s`);
		expect(renderHeader(warmUpEvents()).join('\n')).toContain('self-training: warm-up');
		// Paused, nobody trains: the phase and epochs stay, the speeds go; resumed, they come back.
		const paused = reduceRace(state, {type: 'control', action: 'pause'});
		const pausedText = renderHeader([], 120, paused).join('\n');
		expect(pausedText).toContain(`self-training: round 1 of 1, ${semi.epochs.length} of ${semi.plannedEpochs} epochs`);
		expect(pausedText).not.toMatch(/images\/s/);
		expect(renderHeader([], 120, reduceRace(paused, {type: 'control', action: 'resume'})).join('\n')).toContain(`${formatCount(semi.samplesPerSec)} images/s`);
	});

	it('shows a labeling round in progress', () => {
		const state = reduceRace(raceStateFrom(midRaceEvents()), {type: 'phase', run: 'semi', phase: 'labeling', round: 2});
		const text = renderHeader([], 100, state).join('\n');
		const semi = contenderOf(state, 'semi');
		// Labeling trains nothing, so the contender's status ends at its epoch, with no samples/s after it.
		expect(text).toMatch(new RegExp(`self-training: round 2, labeling, ${semi.epochs.length} of ${semi.plannedEpochs} epochs( {2}|$)`, 'm'));
		// The same state while retraining does show the speed: the assertion above is about the phase.
		const retraining = renderHeader([], 120, reduceRace(state, {type: 'phase', run: 'semi', phase: 'retraining', round: 2})).join('\n');
		expect(retraining).toContain(`self-training: round 2, ${semi.epochs.length} of ${semi.plannedEpochs} epochs · ${formatCount(semi.samplesPerSec)} images/s`);
	});

	it('shows final accuracies when done and a crashed contender', () => {
		const finished = raceStateFrom(finishedRaceEvents());
		const text = renderHeader([], 100, finished).join('\n');
		expect(text).toContain(`supervised: done ${formatPercent(contenderOf(finished, 'supervised').finalAccuracy)}`);
		expect(text).toContain(`self-training: done ${formatPercent(contenderOf(finished, 'semi').finalAccuracy)}`);
		expect(text).toContain('finished 1:23');
		expect(renderHeader(crashedRaceEvents()).join('\n')).toContain('self-training: ✗ crashed');
	});

	it('says how many contenders share how many cores and marks the focused one with ▸', () => {
		const state = raceStateFrom(fourContenderEvents());
		for (const width of [80, 100]) {
			for (const focusIndex of [0, 1, 3]) {
				const lines = renderHeader([], width, state, focusIndex);
				const text = lines.join('\n');
				expect(text, `${width} columns`).toContain('4 contenders on 2 cores');
				expect(text.match(/▸/g), `${width} columns, focus ${focusIndex}`).toHaveLength(1);
				const marked = text.slice(text.indexOf('▸') + 1);
				// The focused contender's name, or its short form (pseudo 0.50 → pse…0.50).
				const focused = state.contenders[focusIndex]!;
				const short = statusNameWidths.map(maxName => shortNames(state.contenders, maxName)[focusIndex]!);
				expect(short.some(name => marked.startsWith(name)), marked).toBe(true);
				expect(focused.name.startsWith(marked.slice(0, 3)), marked).toBe(true);
				expect(lines.length).toBeLessThanOrEqual(headerHeight(width));
				expect(Math.max(...lines.map(line => columnsOf(line)))).toBeLessThanOrEqual(width);
			}
		}

		// With one contender there is nothing to pick between: no marker.
		const alone = {...state, contenders: state.contenders.slice(0, 1)};
		expect(renderHeader([], 100, alone).join('\n')).not.toContain('▸');
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
			expect(text).toContain('self-training:');
		}

		expect(headerHeight(80)).toBe(3);
		expect(headerHeight(160)).toBe(2);
		// A short terminal gives the dataset-sizes line to the chart.
		expect(headerHeight(80, 24)).toBe(2);
		expect(headerHeight(100, 30)).toBe(3);
	});
});
