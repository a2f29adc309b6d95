// The one progress vocabulary: header, pseudo-label panel, tiles and chart caption name the same moment the same way.
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {resolveRace} from '../../source/config/contenders.js';
import type {RaceEvent} from '../../source/race/race-events.js';
import {createRaceState, reduceRace, type RaceState} from '../../source/race/race-state.js';
import {AccuracyChart} from '../../source/ui/panels/accuracy-chart.js';
import {DigitPanel} from '../../source/ui/panels/digit-panel.js';
import {Header} from '../../source/ui/panels/header.js';
import {PseudoLabelPanel} from '../../source/ui/panels/pseudo-label-panel.js';
import {startEvent} from '../fixtures/race-events.js';
import {plainLines} from './render-sized.js';

const warmup = 10;
const online = 2;

/** Supervised and FlexMatch, both at chart epoch warm-up + 2: FlexMatch in its second online epoch. */
function raceAt(): RaceState {
	const plan = resolveRace({}, [
		{id: 'supervised', name: 'supervised', method: 'supervised', patch: {}},
		{id: 'flex', name: 'FlexMatch', method: 'flexmatch', patch: {warmupEpochs: warmup, onlineEpochs: 15}},
	]);
	const events: RaceEvent[] = [startEvent(plan, 'vocabulary')];
	const epochEvent = (run: string, epoch: number, phase: 'warm-up' | 'training', round: number, testAccuracy: number): RaceEvent => ({
		type: 'epoch', run, epoch, phase, round, testAccuracy, loss: 1, samplesPerSec: 1000, trainSize: 1000, seconds: 1,
	});
	for (let epoch = 1; epoch <= warmup + online; epoch++) {
		events.push(epochEvent('supervised', epoch, 'training', 0, 0.85 + epoch / 1000));
		const onlineRound = epoch - warmup;
		if (onlineRound >= 1) events.push({type: 'phase', run: 'flex', phase: 'training', round: onlineRound});
		else if (epoch === 1) events.push({type: 'phase', run: 'flex', phase: 'warm-up', round: 0});
		events.push(epochEvent('flex', epoch, onlineRound >= 1 ? 'training' : 'warm-up', Math.max(0, onlineRound), 0.84 + epoch / 500));
		if (onlineRound >= 1) {
			events.push({
				type: 'pseudo-labels', run: 'flex', kind: 'online', round: onlineRound, pool: 59_136, accepted: 20_000, acceptanceRate: 0.338,
				precision: 0.97, perClassAccepted: Array.from({length: 10}, () => 2000), perClassCorrect: Array.from({length: 10}, () => 1940),
				threshold: 0.95, classThresholds: [0.01, 0.02, 0.05, 0.03, 0.02, 0.04, 0.01, 0.02, 0.03, 0.05],
				samples: [{pixels: Array.from({length: 784}, () => 0), pseudoLabel: 3, confidence: 0.97, trueLabel: 3, accepted: true}],
				predictPerSec: 1, augmentPerSec: 1,
			});
		}
	}

	return events.reduce((state, event) => reduceRace(state, event), createRaceState());
}

const frame = (tree: React.ReactElement) => plainLines(render(tree).lastFrame() ?? '').join('\n');

describe('one progress vocabulary', () => {
	it('names the same chart epoch, with its plan, in header, panel, tiles and chart caption', () => {
		const state = raceAt();
		const flex = state.contenders[1]!;
		const epoch = warmup + online;
		const planned = flex.plannedEpochs;
		expect(planned).toBe(warmup + 15);
		const header = frame(<Header state={state} width={140} elapsedSeconds={60} presetName="vocabulary" presetIndex={0} presetCount={1} focusIndex={1} />);
		const panel = frame(<PseudoLabelPanel state={state} contender={flex} width={60} height={24} />);
		const tiles = frame(<DigitPanel contender={flex} named width={100} height={8} size="compact" />);
		const chart = frame(<AccuracyChart state={state} width={100} height={16} color={false} />);
		expect(header).toContain(`FlexMatch: online, epoch ${epoch} of ${planned}`);
		expect(panel).toContain(`epoch ${epoch} of ${planned}: 59,136 draws, 20,000 used`);
		expect(tiles).toContain(`Epoch ${epoch} of ${planned}`);
		expect(chart).toContain(`vs supervised at epoch ${epoch}`);
		// The online method's own count (its 2nd online epoch) is not shown as "epoch 2" anywhere.
		for (const text of [header, panel, tiles, chart]) expect(text).not.toMatch(/\bepoch 2\b/i);
	});

	it('says why contenders plan different epoch counts: in the panel caption and in ?', async () => {
		const {HelpOverlay} = await import('../../source/ui/panels/help-overlay.js');
		const state = raceAt();
		const flex = state.contenders[1]!;
		const panel = frame(<PseudoLabelPanel state={state} contender={flex} width={100} height={24} />);
		expect(panel).toContain(`Pseudo-labels · FlexMatch (per-digit thresholds) · ${warmup + 15} epochs: ${warmup} warm-up + 15 online`);
		const help = frame(<HelpOverlay width={100} height={60} state={state} />).replaceAll(/\s+/g, ' ');
		expect(help).toContain(`supervised ${warmup + 15} (as long as the longest), FlexMatch ${warmup + 15} (${warmup} warm-up + 15 online)`);
		// Too narrow for the plan: the caption keeps the contender's name.
		const narrow = frame(<PseudoLabelPanel state={state} contender={flex} width={40} height={24} />);
		expect(narrow).toContain('Pseudo-labels · FlexMatch');
		expect(narrow).not.toContain('warm-up +');
	});

	it('shows thresholds in the unit of the confidences: FlexMatch 0.01–0.05 reads 1%–5%', () => {
		const state = raceAt();
		const panel = frame(<PseudoLabelPanel state={state} contender={state.contenders[1]} width={60} height={24} />);
		expect(panel).toContain('threshold per digit 1%–5%');
		expect(panel).not.toContain('0.01');
	});

	it('shows "warming up" in the header-side legend during the warm-up, never a negative gap', () => {
		const state = raceAt();
		// Rewind to epoch 5: FlexMatch (84.99 %) is behind supervised (85.5 %) but has used no pseudo-label yet.
		const early = {...state, contenders: state.contenders.map(contender => ({...contender, epochs: contender.epochs.slice(0, 5)}))};
		const chart = frame(<AccuracyChart state={early} width={100} height={16} color={false} />);
		expect(chart).toContain('FlexMatch 85.0% warming up');
		expect(chart).not.toMatch(/−\d/);
	});
});

describe('chart note', () => {
	it('names the lines another one hides, grouped by the line on top, and says how y is scaled', async () => {
		const {chartNote} = await import('../../source/ui/panels/accuracy-chart.js');
		const state = raceAt();
		const same = {...state, contenders: state.contenders.map(contender => ({...contender, epochs: state.contenders[0]!.epochs}))};
		const chart = frame(<AccuracyChart state={same} width={100} height={16} color={false} focusIndex={0} />);
		expect(chart).toContain('lines coincide: FlexMatch under supervised');
		expect(chartNote(state, [], false)[0]).toContain('zoomed');
		expect(chartNote(state, [], true)[0]).toContain('full range');
		expect(chartNote(state, [{index: 1, drawn: 10, covered: 2, under: 0}], false)[0]).not.toContain('coincide');
	});
});

describe('the work-done x-axis (x)', () => {
	it('says it counts images, in the caption, the axis name, its ticks and the note', async () => {
		const state = raceAt();
		const byEpoch = frame(<AccuracyChart state={state} width={100} height={16} color={false} />);
		const byImages = frame(<AccuracyChart state={state} width={100} height={16} color={false} byImages />);
		expect(byEpoch).toMatch(/^epoch /m);
		expect(byEpoch).toContain('x: epochs (x: images)');
		expect(byImages).toContain('Test accuracy by images trained on (x: epochs)');
		expect(byImages).toMatch(/^imgs .*\d+k/m);
		const {chartNote} = await import('../../source/ui/panels/accuracy-chart.js');
		expect(chartNote(state, [], false, true)[0]).toContain('x: images (x: epochs)');
		expect(byImages).not.toMatch(/^epoch /m);
	});

	it('places an online epoch of 59,000 images 59 times as far right as a supervised epoch of 1,000', () => {
		const state = raceAt();
		const sized = {...state, contenders: state.contenders.map(contender => ({...contender, epochs: contender.epochs.map(point => ({...point, trainSize: point.phase === 'training' && contender.id === 'flex' ? 59_000 : 1000}))}))};
		// The rightmost plot column holding a glyph of supervised (─) and of FlexMatch (━); the x-axis row is left out.
		const rightmost = (text: string, glyph: string) => Math.max(...text.split('\n').filter(line => /[┤│]/.test(line) && !line.includes('└')).map(line => line.lastIndexOf(glyph)));
		const byEpoch = frame(<AccuracyChart state={sized} width={100} height={16} color={false} />);
		const byImages = frame(<AccuracyChart state={sized} width={100} height={16} color={false} byImages />);
		// By epoch both are at epoch 12 of 25: the same column.
		expect(Math.abs(rightmost(byEpoch, '━') - rightmost(byEpoch, '─'))).toBeLessThanOrEqual(1);
		// By images supervised's 12,000 sit at the left edge, FlexMatch's 128,000 of its planned 895,000 about 1/7 across.
		expect(rightmost(byImages, '─')).toBeLessThan(10);
		expect(rightmost(byImages, '━')).toBeGreaterThan(rightmost(byImages, '─') + 8);
		expect(rightmost(byImages, '━')).toBeLessThan(rightmost(byEpoch, '━') - 20);
	});
});

describe('event marks on the x-axis', () => {
	it("marks the focused contender's events under the plot and names them in the note", async () => {
		const {lineEvents} = await import('../../source/text/line-events.js');
		const state = raceAt();
		const flex = state.contenders[1]!;
		expect(lineEvents(flex.method, flex.config)).toEqual([{epoch: warmup + 1, char: '▲', word: 'online starts'}]);
		const lee = lineEvents('lee2013', {...flex.config!, rampEnd: 0.4, onlineEpochs: 15});
		expect(lee.map(event => [event.char, event.epoch])).toEqual([['▲', warmup + 1], ['α', warmup + 6]]);
		const chart = frame(<AccuracyChart state={state} width={100} height={16} color={false} focusIndex={1} />).split('\n');
		const axis = chart.find(line => line.includes('└'))!;
		// Epoch 11 of 25 on 94 plot columns: column round(10 × 93 / 24) = 39 after the 6-column prefix.
		expect(axis.indexOf('▲')).toBe(6 + Math.round((10 * 93) / 24));
		expect(chart.join('\n')).toContain('FlexMatch: ▲ online starts');
		// The supervised baseline has no events: no mark.
		const baseline = frame(<AccuracyChart state={state} width={100} height={16} color={false} focusIndex={0} />);
		expect(baseline).not.toMatch(/[▲◆]/);
	});

	it('marks each labeling round of an offline method at its first retraining epoch', async () => {
		const {lineEvents} = await import('../../source/text/line-events.js');
		const plan = resolveRace({}, [{id: 'semi', name: 'self-training', method: 'pseudo-label', patch: {warmupEpochs: 5, rounds: 3, epochsPerRound: 4}}]);
		expect(lineEvents('pseudo-label', plan.contenders[0]!.config).map(event => event.epoch)).toEqual([6, 10, 14]);
	});
});

describe('confirmation bias over time', () => {
	it("shows the focused contender's wrong pseudo-labels used, per chart epoch, in the panel", () => {
		const state = raceAt();
		// Each online record used 20,000 at 97 % right: 600 wrong, at chart epochs 11 and 12.
		const panel = frame(<PseudoLabelPanel state={state} contender={state.contenders[1]} width={60} height={24} />);
		expect(panel).toContain('wrong used: e11 600 → e12 600');
	});
});
