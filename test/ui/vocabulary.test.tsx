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
import {formatPoints} from '../../source/text/format.js';

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
				// The second online epoch also says what became of the first one's wrong labels, drawn again.
				...(onlineRound === 2 ? {carriedOver: {wrongBefore: 580, fixed: 300, stillWrong: 250, moreConfident: 120, dropped: 30}} : {}),
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

/** The race's dataset descriptor (MNIST's, from the start event). */
const datasetInfoOf = (state: RaceState) => ({name: 'MNIST', kind: 'image' as const, height: 28, width: 28, channels: 1, classNames: Array.from({length: 10}, (_, digit) => String(digit)), mode: 'simulation' as const, ...state.dataset?.info});

describe('one progress vocabulary', () => {
	it('names the same finished chart epoch, with its plan, in header, panel, tiles and chart caption', () => {
		// FlexMatch is already training its next epoch: the header must not run one ahead of the panel.
		const state = reduceRace(raceAt(), {type: 'progress', run: 'flex', epoch: warmup + online + 1, fraction: 0.4, samplesPerSec: 900});
		const flex = state.contenders[1]!;
		const epoch = warmup + online;
		const planned = flex.plannedEpochs;
		expect(planned).toBe(warmup + 15);
		const header = frame(<Header state={state} width={140} elapsedSeconds={60} presetName="vocabulary" presetIndex={0} presetCount={1} focusIndex={1} />);
		const narrowHeader = frame(<Header state={state} width={44} elapsedSeconds={60} presetName="vocabulary" presetIndex={0} presetCount={1} focusIndex={1} />);
		const panel = frame(<PseudoLabelPanel state={state} contender={flex} width={60} height={24} />);
		const tiles = frame(<DigitPanel contender={flex} named width={100} height={8} size="compact" />);
		const chart = frame(<AccuracyChart state={state} width={100} height={16} color={false} />);
		expect(header).toContain(`FlexMatch: online, ${epoch} of ${planned} epochs`);
		expect(narrowHeader).toMatch(new RegExp(`FlexMatch:? online ${epoch}/${planned}`));
		expect(panel).toContain(`epoch ${epoch} of ${planned}: 20,000 used of 59,136 drawn`);
		expect(tiles).toContain(`Epoch ${epoch} of ${planned}`);
		expect(chart).toContain(`at epoch ${epoch} vs supervised's best`);
		// Neither the epoch still training (13) nor the online method's own count (its 2nd online epoch) shows anywhere.
		for (const text of [header, narrowHeader, panel, tiles, chart]) {
			expect(text).not.toMatch(new RegExp(`\\b(epoch ${epoch + 1}|${epoch + 1}/${planned}|${epoch + 1} of ${planned})\\b`, 'i'));
			expect(text).not.toMatch(/\bepoch 2\b/i);
		}
	});

	it("fits an 80×24 terminal's panel (32×11): the least needed lines go, the caption and thresholds stay, nothing overlaps", () => {
		const state = raceAt();
		const lines = plainLines(render(<PseudoLabelPanel state={state} contender={state.contenders[1]} width={32} height={11} />).lastFrame() ?? '');
		expect(lines.length).toBeLessThanOrEqual(11);
		expect(lines[0]).toBe('Pseudo-labels · FlexMatch');
		const text = lines.join('\n');
		expect(text).toMatch(/^threshold per digit 1%▁?–5%█? → 95%$/m);
		expect(text).toMatch(/^Low while (the model is )?unsure, by design/m);
		expect(text).toMatch(/^right +█/m);
		// The line that explains draws goes first when there is no room (? says it); the head still says "drawn".
		expect(text).not.toContain('drawn once');
		expect(text).toContain('drawn');
	});

	it('says why the online count exceeds the pool: how many unlabeled images were drawn once and how many twice', () => {
		const state = raceAt();
		const panel = frame(<PseudoLabelPanel state={state} contender={state.contenders[1]} width={60} height={24} />);
		// 59,136 draws of a 59,000-image pool: 136 images twice, the other 58,864 once.
		expect(panel).toContain('58,864 unlabeled images drawn once, 136 twice');
		// The panel at 80×24 (32 columns) still says what was drawn, in the data's word.
		expect(frame(<PseudoLabelPanel state={state} contender={state.contenders[1]} width={32} height={24} />)).toContain('58,864 images once, 136 twice');
	});

	it('says why contenders plan different epoch counts: in the panel caption and in ?', async () => {
		const {HelpOverlay} = await import('../../source/ui/panels/help-overlay.js');
		const state = raceAt();
		const flex = state.contenders[1]!;
		const panel = frame(<PseudoLabelPanel state={state} contender={flex} width={100} height={24} />);
		expect(panel).toContain(`Pseudo-labels · FlexMatch (per-class thresholds) · ${warmup + 15} epochs: ${warmup} warm-up + 15 online`);
		const help = frame(<HelpOverlay width={100} height={60} state={state} />).replaceAll(/\s+/g, ' ');
		expect(help).toContain(`supervised ${warmup + 15} (as long as the longest), FlexMatch ${warmup + 15} (${warmup} warm-up + 15 online)`);
		// Too narrow for the plan: the caption keeps the contender's name.
		const narrow = frame(<PseudoLabelPanel state={state} contender={flex} width={40} height={24} />);
		expect(narrow).toContain('Pseudo-labels · FlexMatch');
		expect(narrow).not.toContain('warm-up +');
	});

	it('shows thresholds in the unit of the confidences, says they start low by design, and ? says it the same way', async () => {
		const state = raceAt();
		const panel = frame(<PseudoLabelPanel state={state} contender={state.contenders[1]} width={60} height={24} />);
		// FlexMatch's 0.01–0.05 read 1%–5%, with where they go (τ) and what they gate while they are low.
		expect(panel).toContain('threshold per digit now 1% ▁ – 5% █, rising to 95%');
		expect(panel.replaceAll('\n', ' ')).toContain('Low while the model is unsure, by design: nearly every guess passes (34% used).');
		expect(panel).not.toContain('0.01');
		const {HelpOverlay} = await import('../../source/ui/panels/help-overlay.js');
		const help = frame(<HelpOverlay width={100} height={200} state={state} />).replaceAll(/\s+/g, ' ');
		expect(help).toContain('FixMatch with a threshold per digit, low at first by design (a few %: nearly every guess passes)');
		// "used" is each method's rule, never one contender's threshold said for all.
		expect(help).toContain('used a pseudo-label the model trains on; each method decides which: FlexMatch: per-class thresholds.');
		expect(help).not.toMatch(/used.{0,40}more than 80% sure/);
		// Later, the thresholds high, the panel says what they gate.
		const later = {...state, contenders: state.contenders.map((contender, index) => index === 1 ? {...contender, rounds: contender.rounds.map(round => ({...round, classThresholds: round.classThresholds!.map(value => value * 18)}))} : contender)};
		const laterPanel = frame(<PseudoLabelPanel state={later} contender={later.contenders[1]} width={60} height={24} />);
		expect(laterPanel).toContain("A guess below its digit's threshold is not used.");
	});

	it('? says what a second, augmented supervised contender is, so its name never reads as a method', async () => {
		const {HelpOverlay} = await import('../../source/ui/panels/help-overlay.js');
		const plan = resolveRace({}, [
			{id: 'supervised', name: 'supervised', method: 'supervised', patch: {}},
			{id: 'sup-aug', name: 'sup+aug', method: 'supervised', patch: {augmentLabeled: true, augmentEveryEpoch: true}},
			{id: 'flex', name: 'FlexMatch', method: 'flexmatch', patch: {}},
		]);
		const state = reduceRace(createRaceState(), startEvent(plan, 'fair'));
		const help = frame(<HelpOverlay width={100} height={200} state={state} />).replaceAll(/\s+/g, ' ');
		expect(help).toContain("sup+aug supervised on augmented labeled images, as the methods train after their plain warm-up (part of their rise then is augmentation's): the lead over it at the same epoch is what the unlabeled images add.");
		// The plain supervised contender is not described as augmented.
		expect(help).not.toMatch(/supervised supervised, on augmented/);
	});

	it('shows "warming up" in the header-side legend during the warm-up, never a negative gap', () => {
		const state = raceAt();
		// Rewind to epoch 5: FlexMatch (84.99 %) is behind supervised (85.5 %) but has used no pseudo-label yet.
		// (Its online records come after epoch 10: none yet at epoch 5.)
		const early = {...state, contenders: state.contenders.map(contender => ({...contender, epochs: contender.epochs.slice(0, 5), rounds: []}))};
		const chart = frame(<AccuracyChart state={early} width={100} height={16} color={false} />);
		expect(chart).toContain('FlexMatch 85.0% warming up');
		expect(chart).not.toMatch(/−\d/);
	});
});

describe('the one gap', () => {
	it('measures against the best supervised had reached by that epoch, so a supervised dip never flatters', () => {
		const state = raceAt();
		// Supervised dips 2 points at the last epoch: against that epoch alone FlexMatch would gain 2 points.
		const dipped = {...state, contenders: state.contenders.map(contender => contender.id === 'supervised' ? {...contender, epochs: contender.epochs.map((point, index, all) => index === all.length - 1 ? {...point, testAccuracy: point.testAccuracy - 0.02} : point)} : contender)};
		const flex = dipped.contenders[1]!;
		const supervised = dipped.contenders[0]!;
		const best = Math.max(...supervised.epochs.map(point => point.testAccuracy));
		const expected = flex.epochs.at(-1)!.testAccuracy - best;
		expect(expected).toBeLessThan(flex.epochs.at(-1)!.testAccuracy - supervised.epochs.at(-1)!.testAccuracy - 0.015);
		const chart = frame(<AccuracyChart state={dipped} width={100} height={16} color={false} />);
		expect(chart).toContain(`FlexMatch ${formatPoints(expected)} at epoch ${warmup + online} vs supervised's best`);
		expect(chart).toContain(`FlexMatch 86.4% ${formatPoints(expected).replace(' pts', '')}`);
		// At 80 columns the chart is 46 wide: the caption shrinks before the gap loses its subject.
		const narrow = frame(<AccuracyChart state={dipped} width={46} height={12} color={false} />).split('\n')[0]!;
		expect(narrow).toMatch(/^Accuracy +FlexMatch [+−±]\d\.\d( pts)? at ep 12 vs sup\. best$/);
	});
});

describe('chart notes', () => {
	it('says in epochs where lines are one (the same warm-up), and names lines hidden beyond it', async () => {
		const {hiddenNote, sharedNote} = await import('../../source/ui/chart-notes.js');
		const state = raceAt();
		// The fixture's warm-ups differ: no shared stretch.
		expect(sharedNote(state)).toBeUndefined();
		// Identical for the first 10 epochs: one line, said in epochs.
		const shared = {...state, contenders: state.contenders.map((contender, index) => index === 1 ? {...contender, epochs: contender.epochs.map((point, at) => at < warmup ? {...point, testAccuracy: state.contenders[0]!.epochs[at]!.testAccuracy} : point)} : contender)};
		expect(sharedNote(shared)![0]).toBe(`epochs 1–${warmup}: one line for both (the same warm-up)`);
		const chart = frame(<AccuracyChart state={shared} width={100} height={18} color={false} focusIndex={1} />);
		expect(chart).toContain(`epochs 1–${warmup}: one line for both (the same warm-up)`);
		// Every epoch so far alike: "so far".
		const alike = {...state, contenders: state.contenders.map(contender => ({...contender, epochs: state.contenders[0]!.epochs.slice(0, 5)}))};
		expect(sharedNote(alike)![0]).toContain('one line so far');
		// Alike to the end (no pseudo-label ever used): not "so far" once the race is over.
		// It says what is seen (equal accuracies), not how they trained: lines can end equal having trained apart.
		expect(sharedNote({...alike, finished: true})![0]).toBe('one line to the end: both had the same accuracy every epoch');
		// Not all one line (a third contender apart): even the shortest wording names who.
		const third = {...state.contenders[1]!, id: 'other', name: 'other', epochs: state.contenders[1]!.epochs.slice(0, 5)};
		const some = {...alike, contenders: [...alike.contenders, third]};
		expect(sharedNote(some)!.at(-1)).toMatch(/^one line so far: \S+, \S+$/);
		// Hidden beyond that stretch: named with the line on top.
		expect(hiddenNote(state, [{index: 1, drawn: 10, covered: 8, under: 0}])?.[0]).toBe('hidden: FlexMatch under supervised');
		expect(hiddenNote(state, [{index: 1, drawn: 10, covered: 2, under: 0}])).toBeUndefined();
	});

	it('draws a leader over the lines it beats, the baseline over every shared stretch, and counts hiding after it', async () => {
		const {drawOrder, visibleFrom} = await import('../../source/ui/chart-notes.js');
		const plan = resolveRace({}, [
			{id: 'supervised', name: 'supervised', method: 'supervised', patch: {}},
			{id: 'lee', name: 'Lee 2013', method: 'lee2013', patch: {warmupEpochs: 4, onlineEpochs: 8}},
			{id: 'flex', name: 'FlexMatch', method: 'flexmatch', patch: {warmupEpochs: 4, onlineEpochs: 8}},
		]);
		const events: RaceEvent[] = [startEvent(plan, 'overlap')];
		// One warm-up for all; then Lee and FlexMatch a tenth of a point apart (one row), FlexMatch ahead.
		const curves: Record<string, number[]> = {supervised: [0.8, 0.85, 0.87, 0.88, 0.88, 0.885], lee: [0.8, 0.85, 0.87, 0.88, 0.92, 0.93], flex: [0.8, 0.85, 0.87, 0.88, 0.921, 0.931]};
		for (const [run, values] of Object.entries(curves)) {
			for (const [index, testAccuracy] of values.entries()) {
				events.push({type: 'epoch', run, epoch: index + 1, phase: run === 'supervised' ? 'training' : index < 4 ? 'warm-up' : 'training', round: Math.max(0, index - 3), testAccuracy, loss: 1, samplesPerSec: 1, trainSize: 1000, seconds: 1});
			}
		}

		const state = events.reduce((current, event) => reduceRace(current, event), createRaceState());
		expect(drawOrder(state)).toEqual([1, 2, 0]);
		expect(visibleFrom(state)).toEqual([5, 5, 5]);
		const chart = frame(<AccuracyChart state={state} width={100} height={18} color={false} focusIndex={0} />);
		expect(chart).toContain('epochs 1–4: one line for all 3 (the same warm-up)');
		expect(chart).toContain('hidden: Lee 2013 under FlexMatch');
		// Focused, Lee 2013 is drawn on top and hides FlexMatch; its marks still fit beside that note, in short words.
		const lee = frame(<AccuracyChart state={state} width={62} height={17} color={false} focusIndex={1} />);
		expect(lee).toContain('hidden: FlexMatch under Lee 2013 · ▲ uses pool, α full at 3');
	});

	it('packs the notes most needed first into the lines it has, shorter wordings before leaving one out', async () => {
		const {packNotes, scaleNote} = await import('../../source/ui/chart-notes.js');
		expect(packNotes([['aaaa aaaa', 'aaaa'], ['bbbb'], ['cccc cccc', 'cc']], 14, 1)).toEqual(['aaaa aaaa · cc']);
		expect(packNotes([['aaaa aaaa', 'aaaa'], ['bbbb'], ['cccc cccc', 'cc']], 14, 2)).toEqual(['aaaa aaaa', 'bbbb · cc']);
		expect(scaleNote(false, false)[0]).toContain('zoomed');

		expect(scaleNote(true, true)[0]).toContain('full range');
	});
});

describe('the work-done x-axis (x)', () => {
	it('says it counts images, in the caption, the axis name, its ticks and the note', async () => {
		const state = raceAt();
		const byEpoch = frame(<AccuracyChart state={state} width={100} height={16} color={false} />);
		const byImages = frame(<AccuracyChart state={state} width={100} height={16} color={false} byImages />);
		expect(byEpoch).toMatch(/^epoch /m);
		expect(byEpoch).toContain('x: epochs (x: images)');
		expect(byImages).toContain('Test accuracy by images trained on');
		expect(byImages).toMatch(/^imgs .*\d+k/m);
		const {scaleNote} = await import('../../source/ui/chart-notes.js');
		expect(scaleNote(false, true)[0]).toContain('x: images (x: epochs)');
		expect(byImages).not.toMatch(/^epoch /m);
	});

	it('counts rows on a table: the caption, the test set and the note', () => {
		const mnist = raceAt();
		const info = {name: 'wine', kind: 'table' as const, height: 1, width: 6, channels: 1, classNames: ['a', 'b', 'c'], mode: 'simulation' as const};
		const state = {...mnist, dataset: {...mnist.dataset!, info}};
		const byEpoch = frame(<AccuracyChart state={state} width={140} height={16} color={false} />);
		const byRows = frame(<AccuracyChart state={state} width={100} height={16} color={false} byImages />);
		expect(byEpoch).toMatch(/on \d[\d,]* test rows/);
		expect(byEpoch).toContain('x: epochs (x: rows)');
		expect(byRows).toContain('Test accuracy by rows trained on');
		expect(`${byEpoch}\n${byRows}`).not.toMatch(/images|imgs/);
		expect(byRows).toMatch(/^rows .*\d+k/m);
	});

	it('places an online epoch of 59,000 images 59 times as far right as a supervised epoch of 1,000', () => {
		const state = raceAt();
		const sized = {...state, contenders: state.contenders.map(contender => ({...contender, epochs: contender.epochs.map(point => ({...point, trainSize: point.phase === 'training' && contender.id === 'flex' ? 59_000 : 1000}))}))};
		// The rightmost plot column holding a glyph of supervised (─) and of FlexMatch (━); the x-axis row is left out.
		const rightmost = (text: string, glyph: string) => Math.max(...text.split('\n').filter(line => /[┤│]/.test(line) && !line.includes('└')).map(line => line.lastIndexOf(glyph)));
		const byEpoch = frame(<AccuracyChart state={sized} width={100} height={16} color={false} focusIndex={1} />);
		const byImages = frame(<AccuracyChart state={sized} width={100} height={16} color={false} byImages />);
		// By epoch both are at epoch 12 of 25: the same column (each seen whole when focused, so on top).
		const byEpochSupervised = frame(<AccuracyChart state={sized} width={100} height={16} color={false} focusIndex={0} />);
		expect(Math.abs(rightmost(byEpoch, '━') - rightmost(byEpochSupervised, '─'))).toBeLessThanOrEqual(1);
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
		expect(lineEvents(flex.method, flex.config)).toEqual([{epoch: warmup + 1, char: '▲', word: 'starts using the pool', short: 'uses pool'}]);
		const lee = lineEvents('lee2013', {...flex.config!, rampEnd: 0.4, onlineEpochs: 15});
		expect(lee.map(event => [event.char, event.epoch])).toEqual([['▲', warmup + 1], ['α', warmup + 6]]);
		// The mark is α; its words do not say α again ("α α reaches 3").
		expect(lee[1]!.word).toBe(`unlabeled weight reaches ${flex.config!.alphaFinal}`);
		const chart = frame(<AccuracyChart state={state} width={100} height={18} color={false} focusIndex={1} />).split('\n');
		const axis = chart.find(line => line.includes('└'))!;
		// Epoch 11 of 25 on 94 plot columns: column round(10 × 93 / 24) = 39 after the 6-column prefix.
		expect(axis.indexOf('▲')).toBe(6 + Math.round((10 * 93) / 24));
		expect(chart.join('\n')).toContain('FlexMatch: ▲ starts using the pool');
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
	it("shows the focused contender's wrong pseudo-labels used, per chart epoch, and what became of earlier ones", () => {
		const state = raceAt();
		// Each online record used 20,000 at 97 % right: 600 wrong, at chart epochs 11 and 12.
		const panel = frame(<PseudoLabelPanel state={state} contender={state.contenders[1]} width={60} height={24} />);
		// The latest count says how many of its wrong labels were kept from the epoch before (still wrong when drawn again).
		expect(panel).toContain('wrong used: e11 600 → e12 600 (250 kept)');
		// Of the images whose previous draw (epoch 11) was used with a wrong label: fixed, still wrong (surer), dropped.
		expect(panel.replaceAll('\n', ' ')).toContain("of epoch 11's 580 wrong labels, drawn again: 300 fixed, 250 still wrong (120 surer), 30 dropped");
		// The first online epoch has no epoch before it: the few drawn twice within it are not said as a last round's.
		const first = state.contenders[1]!;
		const firstRecord = {...first.rounds[0]!, carriedOver: {wrongBefore: 11, fixed: 4, stillWrong: 7, moreConfident: 2, dropped: 0}};
		const early = {...first, rounds: [firstRecord]};
		const earlyPanel = frame(<PseudoLabelPanel state={{...state, contenders: [state.contenders[0]!, early]}} contender={early} width={60} height={24} />);
		expect(earlyPanel).not.toMatch(/drawn again|last round/);
		// Real data: no truth to count wrong labels against, fixed or surer.
		const real = {...state, dataset: {...state.dataset!, info: {...datasetInfoOf(state), mode: 'real' as const}}};
		const realPanel = frame(<PseudoLabelPanel state={real} contender={real.contenders[1]} width={60} height={24} />);
		expect(realPanel).toContain('wrong used, fixed or surer over time: no truth (real data)');
	});

	it('says it for offline rounds too, naming the round the wrong labels came from', () => {
		const plan = resolveRace({}, [{id: 'supervised', name: 'supervised', method: 'supervised', patch: {}}, {id: 'semi', name: 'self-training', method: 'pseudo-label', patch: {warmupEpochs: 2, rounds: 2, epochsPerRound: 1}}]);
		const round = (number: number) => ({
			type: 'pseudo-labels' as const, run: 'semi', kind: 'round' as const, round: number, pool: 59_000, accepted: 50_000, acceptanceRate: 0.85, precision: 0.95,
			perClassAccepted: Array.from({length: 10}, () => 5000), perClassCorrect: Array.from({length: 10}, () => 4750), threshold: 0.8,
			...(number === 2 ? {carriedOver: {wrongBefore: 2500, fixed: 1200, stillWrong: 1000, moreConfident: 700, dropped: 300}} : {}),
			samples: [], predictPerSec: 1, augmentPerSec: 1,
		});
		const events: RaceEvent[] = [startEvent(plan, 'rounds'), round(1), round(2)];
		const state = events.reduce((current, event) => reduceRace(current, event), createRaceState());
		const panel = frame(<PseudoLabelPanel state={state} contender={state.contenders[1]} width={60} height={24} />);
		expect(panel.replaceAll('\n', ' ')).toContain("of round 1's 2.5k wrong: 1.2k fixed, 1.0k still wrong (700 surer), 300 dropped");
	});
});

describe('is the gap real?', () => {
	const evidence = {dir: '/runs/sweeps/vocabulary', seeds: [1, 2, 3], contenders: [{id: 'flex', mean: 0.034, sd: 0.003, n: 3, sameSign: 3}]};

	it("puts a sweep's mean ± sd and sign count for these settings beside the live gap", () => {
		const state = raceAt();
		const chart = frame(<AccuracyChart state={state} width={100} height={18} color={false} evidence={evidence} />);
		expect(chart).toContain('gap over 3 seeds (sweep): FlexMatch +3.4 ± 0.3 (3/3)');
		expect(chart).not.toContain('one seed');
	});

	it('says a race is one seed, and how to check it, once a race without a sweep ends', () => {
		const state = {...raceAt(), finished: true};
		const chart = frame(<AccuracyChart state={state} width={100} height={18} color={false} />);
		expect(chart).toContain('one seed: sweep --preset vocabulary --seeds 3');
		// Mid-race without a sweep: no verdict to qualify yet.
		expect(frame(<AccuracyChart state={raceAt()} width={100} height={18} color={false} />)).not.toContain('one seed');
	});
});
