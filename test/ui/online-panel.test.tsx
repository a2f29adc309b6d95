// The pseudo-label panel for online methods: "used" instead of "accepted", Lee's α, FlexMatch's per-class thresholds.
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {resolveRace} from '../../source/config/contenders.js';
import type {RaceEvent} from '../../source/race/race-events.js';
import {createRaceState, reduceRace, type RaceState} from '../../source/race/race-state.js';
import {PseudoLabelPanel} from '../../source/ui/panels/pseudo-label-panel.js';
import {startEvent} from '../fixtures/race-events.js';
import {columnsOf, plainLines} from './render-sized.js';

function onlineState(): RaceState {
	const plan = resolveRace({}, [
		{id: 'supervised', name: 'supervised', method: 'supervised', patch: {}},
		{id: 'flex', name: 'FlexMatch', method: 'flexmatch', patch: {}},
		{id: 'lee', name: 'Lee 2013', method: 'lee2013', patch: {}},
	]);
	const start = startEvent(plan, 'online');
	const epoch = (run: string, extra: Partial<Extract<RaceEvent, {type: 'pseudo-labels'}>>): RaceEvent => ({
		type: 'pseudo-labels',
		run,
		kind: 'online',
		round: 7,
		pool: 59_136,
		accepted: 55_100,
		acceptanceRate: 0.932,
		precision: 0.971,
		perClassAccepted: [5800, 6500, 5400, 5600, 5300, 4900, 5500, 5800, 5200, 5100],
		perClassCorrect: [5750, 6450, 5200, 5400, 5150, 4700, 5400, 5600, 4900, 4850],
		threshold: 0.95,
		samples: [],
		predictPerSec: 1,
		augmentPerSec: 1,
		...extra,
	});
	return [start, epoch('flex', {classThresholds: [0.91, 0.93, 0.82, 0.85, 0.8, 0.72, 0.9, 0.88, 0.7, 0.76]}), epoch('lee', {alpha: 2.25, threshold: 0})].reduce(
		(state, event) => reduceRace(state, event),
		createRaceState('online'),
	);
}

function panel(state: RaceState, id: string, width = 36): string[] {
	const {lastFrame} = render(<PseudoLabelPanel state={state} contender={state.contenders.find(contender => contender.id === id)} width={width} height={22} />);
	return plainLines(lastFrame() ?? '');
}

describe('PseudoLabelPanel for online methods', () => {
	it('before the online phase, says each method learns from the guesses its own rule takes', () => {
		const plan = resolveRace({}, [
			{id: 'lee', name: 'Lee 2013', method: 'lee2013', patch: {}},
			{id: 'fix', name: 'FixMatch', method: 'fixmatch', patch: {}},
		]);
		const state = reduceRace(createRaceState('online'), startEvent(plan, 'online'));
		// Lee 2013 trusts nothing more than anything else: every guess counts, weighted by α.
		expect(panel(state, 'lee', 100).join(' ')).toContain('learns from the guesses its rule takes (every guess, α → 3).');
		expect(panel(state, 'fix', 100).join(' ')).toContain('learns from the guesses its rule takes (≥ 95% sure).');
	});

	it('says "used" per epoch, and FlexMatch draws its per-class thresholds from lowest to highest', () => {
		const lines = panel(onlineState(), 'flex');
		const text = lines.join('\n');
		expect(panel(onlineState(), 'flex', 60)[0]).toContain('FlexMatch (per-class thresholds)');
		expect(panel(onlineState(), 'flex', 60).join('\n')).toContain('epoch 17 of 40: 55,100 used of 59,136 drawn');
		expect(text).toContain('epoch 17: 55k used of 59k drawn');
		expect(text).toContain('58,864 images drawn once, 136 twice');
		expect(text).toMatch(/^used +█/m);
		expect(text).toMatch(/threshold per digit 70%▁–93%█ → 95%|threshold per digit now 70% ▁ – 93% █/);
		// High thresholds: the panel says what they gate.
		expect(text.replaceAll('\n', ' ')).toContain("A guess below its digit's threshold is not used.");
		// Digit 8 has the lowest threshold (▁), digit 1 the highest (█).
		expect(text).toMatch(/8▁/);
		expect(text).toMatch(/1█/);
		for (const width of [32, 36, 44]) {
			for (const line of panel(onlineState(), 'flex', width)) expect(columnsOf(line)).toBeLessThanOrEqual(width);
		}
	});

	it('Lee 2013 shows its α and that it uses every guess (no threshold), in its registry rule text', () => {
		const lines = panel(onlineState(), 'lee');
		expect(panel(onlineState(), 'lee', 60)[0]).toContain('Lee 2013 (every guess, α → 3)');
		expect(lines.join('\n')).toMatch(/epoch 17: .* used/);
		// α now, of its final value, and where the chart's α mark sits (its ramp's end), so 2.25 never reads as full.
		const {config} = onlineState().contenders.find(contender => contender.id === 'lee')!;
		const full = config!.warmupEpochs + Math.round(config!.rampEnd * config!.onlineEpochs);
		expect(lines.join('\n')).toContain(`α 2.25 of 3, full at epoch ${full} (α)`);
		expect(lines.join('\n')).not.toContain('threshold per digit');
	});

	// FixMatch on a small table: no guess passes 95 %, so none is used and the precision of nothing is NaN.
	it('a method that used no pseudo-labels shows 0 wrong and no scale, never NaN', () => {
		const plan = resolveRace({}, [
			{id: 'supervised', name: 'supervised', method: 'supervised', patch: {}},
			{id: 'fix', name: 'FixMatch', method: 'fixmatch', patch: {}},
		]);
		const none = (round: number): RaceEvent => ({
			type: 'pseudo-labels',
			run: 'fix',
			kind: 'online',
			round,
			pool: 120,
			accepted: 0,
			acceptanceRate: 0,
			precision: Number.NaN,
			perClassAccepted: [0, 0, 0],
			perClassCorrect: [0, 0, 0],
			threshold: 0.95,
			samples: [],
			predictPerSec: 1,
			augmentPerSec: 1,
		});
		const state = [startEvent(plan, 'online'), none(14), none(15)].reduce((current, event) => reduceRace(current, event), createRaceState('online'));
		for (const [width, height] of [[36, 22], [44, 30], [36, 12]] as const) {
			const {lastFrame} = render(<PseudoLabelPanel state={state} contender={state.contenders.find(contender => contender.id === 'fix')} width={width} height={height} />);
			const text = plainLines(lastFrame() ?? '').join('\n');
			expect(text).not.toContain('NaN');
			// An empty bar chart claims no scale ("█ 1", "█ = 0").
			expect(text).not.toMatch(/█ =? ?\d|most \d/);
			if (height === 22) {
				expect(text).toMatch(/wrong(?: used)?: e\d+ 0 → e\d+ 0/);
				expect(text).toMatch(/^label used +right/m);
				expect(text).toMatch(/: none used$/m);
			}
		}
	});
});
