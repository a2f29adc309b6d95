// Tests that `?` speaks of the data on screen: its samples (rows, images), its classes by name, the augmentation this
// race really has (off on own data unless asked), and, on real data, that there is no truth where it talks of right
// and wrong. MNIST's help keeps its digits.
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {resolveRace} from '../../source/config/contenders.js';
import type {DatasetInfo} from '../../source/core/dataset-info.js';
import type {RaceEvent} from '../../source/race/race-events.js';
import {createRaceState, reduceRace, type RaceState} from '../../source/race/race-state.js';
import {HelpOverlay} from '../../source/ui/panels/help-overlay.js';
import {emptyRaceEvents, raceStateFrom, startEvent} from '../fixtures/race-events.js';
import {plainLines} from './render-sized.js';

const table: DatasetInfo = {name: 'table', kind: 'table', height: 1, width: 4, channels: 1, classNames: ['cat', 'dog', 'fox'], mode: 'simulation', featureNames: ['a', 'b', 'c', 'd']};
const shapes: DatasetInfo = {name: 'real', kind: 'image', height: 32, width: 32, channels: 3, classNames: ['blue_stripes', 'green_square', 'red_circle'], mode: 'real'};

/** FlexMatch and Lee 2013 against supervised on `info`, labeled augmentation as `augmentLabeled` says (own data: off). */
function raceOn(info: DatasetInfo, augmentLabeled: boolean): RaceState {
	const plan = resolveRace({augmentLabeled}, [
		{id: 'supervised', name: 'supervised', method: 'supervised', patch: {}},
		{id: 'lee', name: 'Lee 2013', method: 'lee2013', patch: {}},
		{id: 'flex', name: 'FlexMatch', method: 'flexmatch', patch: {}},
	]);
	const start = startEvent(plan, 'methods') as Extract<RaceEvent, {type: 'start'}>;
	return reduceRace(createRaceState(), {...start, dataset: {name: info.name, train: 400, test: 120, labeled: 48, unlabeled: 310, info}});
}

const helpText = (state: RaceState) => plainLines(render(<HelpOverlay width={100} height={300} state={state} />).lastFrame() ?? '').join(' ').replaceAll(/\s+/g, ' ');

describe('? on own data', () => {
	it("says each method's rule in rows on a table (the methods write 'every image' for MNIST)", () => {
		const plan = resolveRace({}, [
			{id: 'supervised', name: 'supervised', method: 'supervised', patch: {}},
			{id: 'teacher', name: 'Mean Teacher', method: 'mean-teacher', patch: {}},
		]);
		const start = startEvent(plan, 'methods') as Extract<RaceEvent, {type: 'start'}>;
		const state = reduceRace(createRaceState(), {...start, dataset: {name: 'table', train: 400, test: 120, labeled: 48, unlabeled: 310, info: table}});
		const text = helpText(state);
		expect(text).toMatch(/Mean Teacher: every row, teacher EMA/);
		expect(text).not.toMatch(/\bimages?\b/);
	});

	it("lists the data's notes whole, which the notes line shortens or leaves to '+N more: press ?'", () => {
		const plain = raceOn(table, false);
		const notes = ['label column: kind (column 7)', 'no test split in the data: 120 labeled samples (20 %, stratified, seed 42) held out for testing'];
		const text = helpText({...plain, dataset: {...plain.dataset!, notes}});
		expect(text).toContain('The data: table');
		expect(text).toContain('note label column: kind (column 7).');
		expect(text).toContain('note no test split in the data: 120 labeled samples (20 %, stratified, seed 42) held out for testing.');
		// Real data: --labeled's note too. No notes (MNIST): no section.
		const real = raceOn(shapes, false);
		expect(helpText(real)).toContain('real mode: all 48 labeled samples are used');
		expect(helpText(plain)).not.toContain('The data:');
	});

	it("speaks of a table's rows and classes, and says augmentation is off", () => {
		const text = helpText(raceOn(table, false));
		expect(text).toContain("learn to tell table's 3 classes (cat, dog, fox) apart");
		expect(text).toContain('from the same 48 labeled rows');
		expect(text).toContain('share of the 120 test rows classified right');
		expect(text).toContain('FixMatch with a threshold per class');
		expect(text).toContain('✓cat 99% WRONG(dog): used as cat, 99% sure, truly dog; ✗ not used, wrong(fox) or ok had it been');
		expect(text).toContain("augmentation off for the labeled rows in this race (the presets' is tuned for MNIST digits; --augment-labeled turns it on). The online methods' own changed views of pool rows stay: they are the method.");
		// The keys line's x key counts rows too, as the chart does on a table ("by rows trained on").
		expect(text).toContain('x epochs/rows');
		expect(text).not.toMatch(/\bimages?\b/);
		// Online draws in rows.
		expect(text).toContain('online epochs draw the unlabeled rows in batches of');
		// MNIST is named only as where the presets' augmentation was tuned.
		const own = text.replace('tuned for MNIST digits', '');
		for (const mnistWord of [/\bdigits?\b/, /\bimages?\b/, /shifts, turns/, /✓7/, /fours/]) expect(own).not.toMatch(mnistWord);
	});

	it('names what augments a table when asked: noise on the rows, not shifts and turns', () => {
		const text = helpText(raceOn(table, true));
		expect(text).toMatch(/augmentation Gaussian noise on each feature \(σ 0\.1 standard deviations\), on every contender's labeled rows/);
		expect(text).not.toMatch(/shifts|turns|warps/);
	});

	it('says there is no truth on real data where it talks of right and wrong', () => {
		const text = helpText(raceOn(shapes, false));
		expect(text).toContain('from the same 48 labeled images');
		expect(text).toContain('correct (precision); here "no truth": nothing to check them against');
		expect(text).toContain('✓blue_stripes 99%: used as blue_stripes, 99% sure; ✗ not used. No truth: nothing says ok or WRONG.');
		expect(text).not.toContain('WRONG(');
		expect(text).not.toMatch(/\breally\b/);
		expect(text).toContain('nobody can tell which labels are wrong: no truth');
	});

	it("keeps MNIST's digits, with the augmentation its contenders have", () => {
		const text = helpText(raceStateFrom(emptyRaceEvents()));
		expect(text).toContain('learn to read digits');
		expect(text).toContain('✓7 99% WRONG(2): used as a 7, 99% sure, truly a 2; ✗ not used, wrong(3) or ok had it been');
		expect(text).toContain('310 fours');
		expect(text).toContain('x epochs/images');
		// The tutorial augments only the pool images self-training retrains on.
		expect(text).toContain('augmentation random shifts, turns and zoom, on the pool images self-training pseudo-labels: the model learns the shape, not the pixels.');
	});
});
