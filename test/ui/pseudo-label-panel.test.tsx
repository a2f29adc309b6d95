// Tests for the pseudo-label panel of the focused contender: waiting for warm-up, a round's numbers and bars, rounds in
// progress and past rounds.
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import type {RaceEvent} from '../../source/race/race-events.js';
import {createContenderState, createRaceState, reduceRace, type RaceState} from '../../source/race/race-state.js';
import {formatCount, formatPercent, formatShortCount} from '../../source/text/format.js';
import {PseudoLabelPanel} from '../../source/ui/panels/pseudo-label-panel.js';
import {at} from '../fixtures/at.js';
import {
	contenderOf,
	crashedRaceEvents,
	emptyRaceEvents,
	fourContenderEvents,
	midRaceEvents,
	raceStateFrom,
	warmUpEvents,
} from '../fixtures/race-events.js';
import {columnsOf, plainLines} from './render-sized.js';

/** The panel with the contender `focus` (by id; the tutorial's pseudo-labeling contender unless told) focused. */
function renderPanel(state: RaceState, width = 36, height = 16, focus = 'semi') {
	const contender = state.contenders.find(candidate => candidate.id === focus);
	const {lastFrame} = render(<PseudoLabelPanel state={state} contender={contender} width={width} height={height} />);
	return plainLines(lastFrame() ?? '');
}

/** The mid-race state plus a second round with other numbers, the semi contender planning 3 rounds. */
function twoRoundState(): RaceState {
	const mid = raceStateFrom(midRaceEvents());
	const state = {
		...mid,
		contenders: mid.contenders.map(contender =>
			contender.id === 'semi' ? {...contender, config: {...contender.config!, rounds: 3}} : contender,
		),
	};
	const first = at(contenderOf(state, 'semi').rounds, 0, 'semi round');
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
	return reduceRace(state, second);
}

describe('PseudoLabelPanel', () => {
	it('says labeling starts after warm-up before the first round', () => {
		for (const events of [emptyRaceEvents(), warmUpEvents()]) {
			const text = renderPanel(raceStateFrom(events)).join(' ');
			expect(text).toContain('After 15 warm-up epochs the model labels the 59,000 unlabeled images itself');
			expect(text).toContain('Retraining on them starts at epoch 16.');
			expect(text).toContain('more than 80%');
		}

		// A contender known only by its method, no dataset yet: the same words without numbers.
		const bare = {...createRaceState(), contenders: [createContenderState('semi', 'pseudo-label', 'pseudo-label')]};
		const beforeStart = renderPanel(bare).join(' ');
		expect(beforeStart).toContain('After the warm-up the model labels the unlabeled images itself');
		expect(renderPanel(createRaceState()).join(' ')).toContain('Waiting for the race to start');
	});

	it('says the supervised baseline has no pseudo-labels and how to move the focus', () => {
		const text = renderPanel(raceStateFrom(midRaceEvents()), 36, 16, 'supervised').join(' ');
		expect(text).toContain('no pseudo-labels to show');
		expect(text).toContain('Tab');
		expect(text).not.toContain('accepted');
	});

	it("shows the focused contender's round, named in the caption", () => {
		const state = raceStateFrom(fourContenderEvents());
		for (const id of ['t50', 't80', 't95']) {
			const contender = contenderOf(state, id);
			const round = at(contender.rounds, 0, `${id} round`);
			const text = renderPanel(state, 44, 16, id).join('\n');
			expect(text).toContain(`Pseudo-labels · ${contender.name}`);
			expect(text).toContain(`> ${formatPercent(contender.config!.threshold, 0)} sure`);
			expect(text).toContain(formatPercent(round.acceptanceRate));
			for (const other of ['t50', 't80', 't95'].filter(candidate => candidate !== id)) {
				expect(text).not.toContain(contenderOf(state, other).name);
			}
		}
	});

	it("shows the round's pool, accepted count, acceptance rate and precision", () => {
		const state = raceStateFrom(midRaceEvents());
		const round = at(contenderOf(state, 'semi').rounds, 0, 'semi round');
		const lines = renderPanel(state);
		const text = lines.join('\n');
		expect(lines[0]).toContain('Pseudo-labels');
		// At 36 columns "round 1 of 1: …" still fits: every screen names the round with its plan.
		expect(text).toContain(`round 1 of 1: ${formatCount(round.accepted)} of ${formatCount(round.pool)} used`);
		expect(renderPanel(state, 44).join('\n')).toContain(
			`round 1 of 1: ${formatCount(round.accepted)} of ${formatCount(round.pool)} used`,
		);
		expect(text).toMatch(new RegExp(`used +[█▏▎▍▌▋▊▉·]+ +${formatPercent(round.acceptanceRate).replace('.', '\\.')}`));
		expect(text).toMatch(new RegExp(`right +[█▏▎▍▌▋▊▉·]+ +${formatPercent(round.precision).replace('.', '\\.')}`));
	});

	it('says why nothing was used when no guess reached the threshold', () => {
		const state = raceStateFrom(midRaceEvents());
		const semi = contenderOf(state, 'semi');
		const round = at(semi.rounds, 0, 'semi round');
		const none = {...semi, rounds: [{...round, accepted: 0, acceptanceRate: 0, precision: Number.NaN, threshold: 0.8}]};
		const noneState = {...state, contenders: state.contenders.map(contender => (contender.id === 'semi' ? none : contender))};
		expect(renderPanel(noneState, 60).join('\n')).toContain('no guess was 80% sure: a lower --threshold would use some');
		expect(renderPanel(state, 60).join('\n')).not.toContain('sure: ');
	});

	it('shows a method\'s own live numbers on one line (Mean Teacher: teacher against student accuracy)', () => {
		const mid = raceStateFrom(midRaceEvents());
		const first = at(contenderOf(mid, 'semi').rounds, 0, 'semi round');
		const withSignals: RaceEvent = {
			type: 'pseudo-labels',
			run: 'semi',
			...first,
			round: 2,
			signals: [{name: 'teacher', value: 0.9123, percent: true}, {name: 'student', value: 0.9081, percent: true}, {name: 'consistency weight', value: 0.52}],
			predictPerSec: 1,
			augmentPerSec: 1,
		};
		const text = renderPanel(reduceRace(mid, withSignals), 60, 16).join('\n');
		expect(text).toContain('teacher 91.2% · student 90.8% · consistency weight 0.52');
		expect(renderPanel(mid, 60, 16).join('\n')).not.toContain('teacher');
	});

	it('lists accepted count and share right per digit when tall, one spark line when short', () => {
		const state = raceStateFrom(midRaceEvents());
		const round = at(contenderOf(state, 'semi').rounds, 0, 'semi round');
		const tall = renderPanel(state, 36, 16);
		for (let digit = 0; digit < 10; digit++) {
			const line = tall.find(candidate => candidate.startsWith(`${digit} `));
			expect(line, `digit ${digit}`).toBeDefined();
			expect(line).toContain(formatPercent(at(round.perClassCorrect, digit, 'class') / at(round.perClassAccepted, digit, 'class'), 0));
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
		expect(text).toContain('round 3 of 3: labeling the pool…');
		expect(text).toContain('round 2 of 3: 50,150 of 59,000 used');
		expect(text).toContain(`round 1 of 3: ${formatPercent(at(contenderOf(labeling, 'semi').rounds, 0, 'semi round').acceptanceRate)} used`);
	});

	it('explains a crash before the first round', () => {
		const state = reduceRace(raceStateFrom(warmUpEvents()), {type: 'error', run: 'semi', message: 'boom'});
		expect(renderPanel(state).join(' ')).toContain('self-training crashed before it labeled any image');
		// A crash after round 1 still shows what that round did.
		expect(renderPanel(raceStateFrom(crashedRaceEvents())).join('\n')).toMatch(/right +[█▏▎▍▌▋▊▉·]+/);
	});

	it('fits its width and height', () => {
		const four = raceStateFrom(fourContenderEvents());
		const cases: Array<[RaceState, string]> = [
			[raceStateFrom(emptyRaceEvents()), 'semi'],
			[raceStateFrom(midRaceEvents()), 'semi'],
			[raceStateFrom(midRaceEvents()), 'supervised'],
			[twoRoundState(), 'semi'],
			...four.contenders.map((contender): [RaceState, string] => [four, contender.id]),
		];
		for (const [state, focus] of cases) {
			for (const [width, height] of [
				[32, 8],
				[32, 10],
				[36, 16],
				[44, 30],
			] as const) {
				const lines = renderPanel(state, width, height, focus);
				expect(lines.length, `${focus} ${width}×${height}`).toBeLessThanOrEqual(height);
				expect(Math.max(...lines.map(line => columnsOf(line))), `${focus} ${width}×${height}`).toBeLessThanOrEqual(width);
			}
		}
	});

	it('shows which true digit hides behind each label\'s wrong ones, and what re-labeling fixed', () => {
		const state = twoRoundState();
		const second = contenderOf(state, 'semi').rounds[1]!;
		const confusion: Array<[number, number] | null> = Array.from({length: 10}, () => null);
		confusion[9] = [4, 310];
		const updated = reduceRace(state, {
			type: 'pseudo-labels',
			run: 'semi',
			...second,
			round: 3,
			perClassTopConfusion: confusion,
			carriedOver: {wrongBefore: 2100, fixed: 1200, stillWrong: 600, moreConfident: 400, dropped: 300},
			predictPerSec: 1,
			augmentPerSec: 1,
		});
		const text = renderPanel(updated, 44, 22).join('\n');
		expect(text).toMatch(/^9 .*←4 310$/m);
		expect(renderPanel(updated, 60, 22).join(' ')).toContain("of round 2's 2.1k wrong: 1.2k fixed, 600 still wrong (400 surer), 300 dropped");
		expect(text.replaceAll('\n', ' ')).toContain("of round 2's 2.1k wrong: 1.2k fixed, 600 still wrong (400 surer), 300 dropped");
		// Narrow panels drop the column rather than overflow.
		for (const line of renderPanel(updated, 32, 22)) expect(columnsOf(line)).toBeLessThanOrEqual(32);
	});
});
