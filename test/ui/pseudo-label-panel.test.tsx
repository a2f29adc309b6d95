// Tests for the pseudo-label panel: waiting for warm-up, a round's numbers and bars, rounds in progress and past rounds.
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import type {RaceEvent} from '../../source/race/race-events.js';
import {createRaceState, reduceRace, type RaceState} from '../../source/race/race-state.js';
import {formatCount, formatPercent} from '../../source/text/format.js';
import {PseudoLabelPanel} from '../../source/ui/panels/pseudo-label-panel.js';
import {
	crashedRaceEvents,
	emptyRaceEvents,
	midRaceEvents,
	raceStateFrom,
	warmUpEvents,
} from '../fixtures/race-events.js';
import {columnsOf, plainLines} from './render-sized.js';

function renderPanel(state: RaceState, width = 36, height = 16) {
	const {lastFrame} = render(<PseudoLabelPanel state={state} width={width} height={height} />);
	return plainLines(lastFrame() ?? '');
}

/** The mid-race state plus a second round with other numbers. */
function twoRoundState(): RaceState {
	const state = raceStateFrom(midRaceEvents());
	const first = state.rounds[0];
	const second: RaceEvent = {
		type: 'pseudo-labels',
		run: 'semi',
		...first,
		round: 2,
		accepted: 50_150,
		acceptanceRate: 50_150 / 59_000,
		precision: 0.962,
		predictPerSec: 1,
		augmentPerSec: 1,
	};
	return reduceRace({...state, config: {...state.config!, rounds: 3}}, second);
}

describe('PseudoLabelPanel', () => {
	it('says labeling starts after warm-up before the first round', () => {
		for (const events of [emptyRaceEvents(), warmUpEvents()]) {
			const text = renderPanel(raceStateFrom(events)).join(' ');
			expect(text).toContain('Labeling starts after warm-up (epoch 15 of 30)');
			expect(text).toContain('labels the 59,000 unlabeled images itself');
			expect(text).toContain('more than 80%');
		}

		const beforeStart = renderPanel(createRaceState()).join(' ');
		expect(beforeStart).toContain('Labeling starts after warm-up.');
		expect(beforeStart).toContain('labels the unlabeled images itself');
	});

	it("shows the round's pool, accepted count, acceptance rate and precision", () => {
		const state = raceStateFrom(midRaceEvents());
		const round = state.rounds[0];
		const lines = renderPanel(state);
		const text = lines.join('\n');
		expect(lines[0]).toContain('Pseudo-labels');
		expect(text).toContain(`round 1: ${formatCount(round.accepted)} of ${formatCount(round.pool)} accepted`);
		expect(renderPanel(state, 44).join('\n')).toContain(
			`round 1 of 1: ${formatCount(round.accepted)} of ${formatCount(round.pool)} accepted`,
		);
		expect(text).toMatch(new RegExp(`accepted +[█▏▎▍▌▋▊▉·]+ +${formatPercent(round.acceptanceRate).replace('.', '\\.')}`));
		expect(text).toMatch(new RegExp(`precision [█▏▎▍▌▋▊▉·]+ +${formatPercent(round.precision).replace('.', '\\.')}`));
	});

	it('lists accepted count and share right per digit when tall, one spark line when short', () => {
		const state = raceStateFrom(midRaceEvents());
		const round = state.rounds[0];
		const tall = renderPanel(state, 36, 16);
		for (let digit = 0; digit < 10; digit++) {
			const line = tall.find(candidate => candidate.startsWith(`${digit} `));
			expect(line, `digit ${digit}`).toBeDefined();
			expect(line).toContain(formatPercent(round.perClassCorrect[digit] / round.perClassAccepted[digit], 0));
		}

		// The class with most accepted labels has the longest bar.
		const barLength = (line: string) => (line.match(/█/g) ?? []).length;
		const most = round.perClassAccepted.indexOf(Math.max(...round.perClassAccepted));
		const fewest = round.perClassAccepted.indexOf(Math.min(...round.perClassAccepted));
		expect(barLength(tall.find(line => line.startsWith(`${most} `))!)).toBeGreaterThan(
			barLength(tall.find(line => line.startsWith(`${fewest} `))!),
		);

		const short = renderPanel(state, 32, 8);
		expect(short.join('\n')).toMatch(/0[▁▂▃▄▅▆▇█] 1[▁▂▃▄▅▆▇█] 2/);
		expect(short.length).toBeLessThanOrEqual(8);
	});

	it('shows a labeling round in progress above the last finished one, and past rounds', () => {
		const labeling = reduceRace(twoRoundState(), {type: 'phase', run: 'semi', phase: 'labeling', round: 3});
		const text = renderPanel(labeling, 44, 20).join('\n');
		expect(text).toContain('round 3: labeling the pool…');
		expect(text).toContain('round 2 of 3: 50,150 of 59,000 accepted');
		expect(text).toContain(`round 1: ${formatPercent(labeling.rounds[0].acceptanceRate)} accepted`);
	});

	it('explains a crash before the first round', () => {
		const state = reduceRace(raceStateFrom(warmUpEvents()), {type: 'error', run: 'semi', message: 'boom'});
		expect(renderPanel(state).join(' ')).toContain('crashed before its first labeling round');
		// A crash after round 1 still shows what that round did.
		expect(renderPanel(raceStateFrom(crashedRaceEvents())).join('\n')).toContain('precision');
	});

	it('fits its width and height', () => {
		for (const state of [raceStateFrom(emptyRaceEvents()), raceStateFrom(midRaceEvents()), twoRoundState()]) {
			for (const [width, height] of [
				[32, 10],
				[36, 16],
				[44, 30],
			]) {
				const lines = renderPanel(state, width, height);
				expect(lines.length).toBeLessThanOrEqual(height);
				expect(Math.max(...lines.map(line => columnsOf(line)))).toBeLessThanOrEqual(width);
			}
		}
	});
});
