// Tests that the panels show the data's K classes by name (not MNIST's ten digits): the per-class table, with many
// classes only the rows that matter and a count of the hidden ones, sample captions and art in the data's shape.
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import type {DatasetInfo} from '../../source/core/dataset-info.js';
import type {DigitSample} from '../../source/protocol/messages.js';
import type {RaceEvent} from '../../source/race/race-events.js';
import {App} from '../../source/ui/app.js';
import {DigitPanel, digitRowHeight, digitsPerRow} from '../../source/ui/panels/digit-panel.js';
import {PseudoLabelPanel} from '../../source/ui/panels/pseudo-label-panel.js';
import {contenderOf, raceStateFrom, startEvent, tutorialPlan} from '../fixtures/race-events.js';
import {cleanupSized, plainLines, renderSized} from './render-sized.js';

afterEach(cleanupSized);

const animals: DatasetInfo = {name: 'pets', kind: 'image', height: 16, width: 16, channels: 3, classNames: ['cat', 'dog', 'ship', 'frog'], mode: 'simulation'};

/** A 16×16 RGB sample: a white square in the top-left quarter on black. */
function square(pseudoLabel: number, trueLabel: number, confidence: number): DigitSample {
	const pixels = Array.from({length: 16 * 16 * 3}, (_, i) => (Math.floor(i / 3 / 16) < 8 && Math.floor(i / 3) % 16 < 8 ? 255 : 0));
	return {pixels, pseudoLabel, trueLabel, confidence, accepted: confidence > 0.8};
}

/** The tutorial's race on `info`, after one labeling round of the `semi` contender with these per-class counts. */
function raceOn(info: DatasetInfo, perClassAccepted: number[], perClassCorrect: number[], samples: DigitSample[] = []) {
	const start = startEvent(tutorialPlan) as Extract<RaceEvent, {type: 'start'}>;
	const accepted = perClassAccepted.reduce((a, b) => a + b, 0);
	const round: RaceEvent = {
		type: 'pseudo-labels',
		run: 'semi',
		round: 1,
		pool: 2000,
		accepted,
		acceptanceRate: accepted / 2000,
		precision: perClassCorrect.reduce((a, b) => a + b, 0) / accepted,
		perClassAccepted,
		perClassCorrect,
		perClassTopConfusion: perClassAccepted.map((_, label) => (label === 0 ? [1, 12] : null)),
		threshold: 0.8,
		samples,
		predictPerSec: 1,
		augmentPerSec: 1,
	};
	return raceStateFrom([{...start, dataset: {name: info.name, train: 2400, test: 400, labeled: 400, unlabeled: 2000, info}}, round]);
}

describe('the pseudo-label panel on a dataset of 4 named classes', () => {
	it('has one row per class, named, with its count and share right, and never says digit', () => {
		const state = raceOn(animals, [500, 300, 120, 80], [450, 290, 60, 80]);
		const {lastFrame} = render(<PseudoLabelPanel state={state} contender={contenderOf(state, 'semi')} width={40} height={16} />);
		const lines = plainLines(lastFrame() ?? '');
		const rows = ['cat', 'dog', 'ship', 'frog'].map(name => lines.find(line => line.startsWith(`${name} `)));
		expect(rows.every(row => row !== undefined), lines.join('\n')).toBe(true);
		expect(rows[0]).toMatch(/500\s+90%/);
		expect(rows[2]).toMatch(/120\s+50%/);
		// The true class behind cat's wrong labels, by name.
		expect(rows[0]).toContain('←dog 12');
		expect(lines.join('\n')).not.toMatch(/digit/i);
		// Nothing but the four classes: no fifth row of an imagined class 4.
		expect(lines.some(line => /^4 /.test(line))).toBe(false);
	});
});

describe('the pseudo-label panel\'s "really" column', () => {
	it('keeps a space before it and the class name whole where the bars keep room', () => {
		const shapes: DatasetInfo = {...animals, name: 'shapes', classNames: ['triangle', 'circle', 'square', 'hexagon']};
		const state = raceOn(shapes, [2300, 524, 120, 80], [2001, 503, 60, 80]);
		const {lastFrame} = render(<PseudoLabelPanel state={state} contender={contenderOf(state, 'semi')} width={40} height={16} />);
		const row = plainLines(lastFrame() ?? '').find(line => line.startsWith('triangle '));
		// 2,001 of 2,300 right; 12 of the wrong ones are really circles: "87% ←circle 12", not "87%←ci… 12".
		expect(row).toMatch(/87% +←circle 12$/);
	});

	it('cuts a name no shorter than tells it from the other classes: "←baro…", not "←ba…" beside barbera', () => {
		const wines: DatasetInfo = {...animals, name: 'wine', classNames: ['barbera', 'barolo', 'grignolino', 'nebbiolo']};
		const state = raceOn(wines, [2300, 524, 120, 80], [2001, 503, 60, 80]);
		const lines = plainLines(render(<PseudoLabelPanel state={state} contender={contenderOf(state, 'semi')} width={36} height={16} />).lastFrame() ?? '');
		const row = lines.find(line => line.startsWith('barbera '));
		expect(row).toMatch(/87% +←baro… 12$/);
		expect(Math.max(...lines.map(line => line.length))).toBeLessThanOrEqual(36);
	});

	it('tells rows and "really" entries apart where names differ only at their end', () => {
		const vintages: DatasetInfo = {...animals, name: 'nebbiolo', classNames: ['nebbiolo_langhe_2019', 'nebbiolo_langhe_2020', 'nebbiolo_langhe_2021', 'nebbiolo_langhe_2022']};
		const state = raceOn(vintages, [2300, 524, 120, 80], [2001, 503, 60, 80]);
		const lines = plainLines(render(<PseudoLabelPanel state={state} contender={contenderOf(state, 'semi')} width={40} height={16} />).lastFrame() ?? '');
		for (const year of ['2019', '2020', '2021', '2022']) expect(lines.some(line => line.startsWith(`nebbi…${year} `)), lines.join('\n')).toBe(true);
		expect(lines.find(line => line.startsWith('nebbi…2019 '))).toMatch(/←ne\S*…2020 12$/);
	});
});

describe('the pseudo-label panel with many classes', () => {
	it('shows the rows that matter when 30 classes do not fit, and says how many are hidden', () => {
		const names = Array.from({length: 30}, (_, index) => `c${index}`);
		const info: DatasetInfo = {...animals, name: 'many', classNames: names};
		// c7 is used most, c12 least often right (10 %), c29 hardly used.
		const used = names.map((_, index) => (index === 7 ? 900 : index === 29 ? 1 : 40 + index));
		const correct = used.map((count, index) => (index === 12 ? Math.round(count * 0.1) : count));
		const state = raceOn(info, used, correct);
		const {lastFrame} = render(<PseudoLabelPanel state={state} contender={contenderOf(state, 'semi')} width={40} height={20} />);
		const lines = plainLines(lastFrame() ?? '');
		const shown = lines.filter(line => /^c\d+ /.test(line)).map(line => line.split(' ')[0]);
		expect(shown.length).toBe(9);
		expect(shown).toContain('c7');
		expect(shown).toContain('c12');
		expect(shown).not.toContain('c29');
		expect(lines.join('\n')).toContain('… 21 more classes');
	});
});

describe('the per-class sparks on own data', () => {
	const shapes: DatasetInfo = {name: 'rgb', kind: 'image', height: 32, width: 32, channels: 3, classNames: ['blue_stripes', 'green_square', 'red_circle'], mode: 'real'};
	const table: DatasetInfo = {name: 'table', kind: 'table', height: 1, width: 4, channels: 1, classNames: ['cat', 'dog', 'fox'], mode: 'simulation', featureNames: ['a', 'b', 'c', 'd']};
	/** The panel's lines, its contender's last round given per-class thresholds. */
	function panel(info: DatasetInfo, used: number[], width: number, height: number, thresholds?: number[]) {
		const state = raceOn(info, used, used);
		const withThresholds = thresholds === undefined ? state : {...state, contenders: state.contenders.map(contender => ({...contender, rounds: contender.rounds.map(round => ({...round, classThresholds: thresholds}))}))};
		return plainLines(render(<PseudoLabelPanel state={withThresholds} contender={contenderOf(withThresholds, 'semi')} width={width} height={height} />).lastFrame() ?? '');
	}

	it('name each threshold bar by its class (FlexMatch at 80×24: a 32×11 panel)', () => {
		const lines = panel(shapes, [300, 20, 10], 32, 11, [0.95, 0.64, 0.64]);
		const caption = lines.findIndex(line => line.startsWith('threshold per class'));
		expect(caption, lines.join('\n')).toBeGreaterThanOrEqual(0);
		expect(lines[caption + 1]).toMatch(/^blue_s\S*█ green_\S*▁ red_ci\S*▁$/);
		const tabled = panel(table, [237, 0, 40], 32, 11, [0.5, 0.9, 0.7]);
		expect(tabled).toContain('cat▁ dog█ fox▅');
	});

	it('name each bar of pseudo-labels used per class (a panel with no room for the list)', () => {
		const lines = panel(table, [237, 120, 0], 32, 6);
		const caption = lines.findIndex(line => line.startsWith('used per class'));
		expect(caption, lines.join('\n')).toBeGreaterThanOrEqual(0);
		expect(lines[caption + 1]).toBe('cat█ dog▅ fox');
		// Many classes: bars alone, and a legend line says which is which when there is a line for it.
		const many: DatasetInfo = {...table, classNames: Array.from({length: 20}, (_, index) => `class_${index}`)};
		const crowded = panel(many, many.classNames.map((_, index) => 10 + index), 32, 7);
		expect(crowded).toContain('class_0 … class_19');
	});

	it("keep MNIST's digits before their bars", () => {
		const mnist: DatasetInfo = {name: 'MNIST', kind: 'image', height: 28, width: 28, channels: 1, classNames: Array.from({length: 10}, (_, digit) => String(digit)), mode: 'simulation'};
		const lines = panel(mnist, [10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 32, 6);
		expect(lines).toContain('0▁ 1▂ 2▃ 3▄ 4▄ 5▅ 6▆ 7▇ 8█ 9█');
	});
});

describe('the sample panel on 16×16 RGB images', () => {
	it('captions samples with class names and draws them as shaded tiles at the tile size', () => {
		const state = raceOn(animals, [5, 3, 1, 1], [5, 2, 1, 1], [square(0, 0, 0.97), square(2, 1, 0.95), square(3, 3, 0.5)]);
		const {lastFrame} = renderSized(
			<DigitPanel contender={contenderOf(state, 'semi')} width={100} height={16} size="full" info={state.dataset?.info} />,
			{columns: 100, rows: 40},
		);
		const text = plainLines(lastFrame()).join('\n');
		expect(text).toContain('✓cat 97% ok');
		expect(text).toContain('✓ship 95% WRONG(dog)');
		expect(text).toContain('✗frog 50% ok');
		// The white quarter fills the top-left 14 columns × 7 lines of each 28 × 14 tile.
		const art = plainLines(lastFrame()).slice(1, 15);
		expect(art[0]!.slice(0, 14)).toBe('█'.repeat(14));
		expect(art[0]!.slice(14, 28).trim()).toBe('');
		expect(art[8]!.slice(0, 28).trim()).toBe('');
	});
});

describe('sample captions with longer class names', () => {
	/** Compact tiles of `names` at `width` columns: each caption of the row in turn, and the row as drawn. */
	function captions(names: string[], width: number, samples: DigitSample[]) {
		const info: DatasetInfo = {...animals, name: 'own', classNames: names};
		const state = raceOn(info, names.map(() => 2), names.map(() => 1), samples);
		const lines = plainLines(
			renderSized(<DigitPanel contender={contenderOf(state, 'semi')} width={width} height={1 + digitRowHeight('compact')} size="compact" info={info} />, {columns: width, rows: 20}).lastFrame(),
		);
		const row = lines.at(-1)!;
		return {row, lines, shown: digitsPerRow(width, 'compact', info), found: row.match(/[✓✗]\S+ \d+% (?:ok|WRONG\(\S+\)|wrong\(\S+\))(?= |$)/gu) ?? []};
	}

	it('keep the mark, the confidence and the verdict, and a space between tiles', () => {
		// Three letters a name, as at 100×30 with Lee 2013 (every guess used) focused: each caption whole.
		const pets = ['cat', 'dog', 'fox', 'owl'];
		const petSamples = [square(0, 2, 0.98), square(1, 1, 0.97), square(2, 0, 0.99), square(3, 1, 0.9), square(0, 0, 0.85), square(1, 3, 0.92)];
		const three = captions(pets, 100, petSamples);
		expect(three.row).toContain('✓cat 98% WRONG(fox)');
		expect(three.found).toHaveLength(Math.min(three.shown, petSamples.length));
		// Long names: shortened inside, the verdict kept, at 80 and 100 columns.
		const shapes = ['green_square', 'red_circle', 'blue_triangle', 'yellow_star'];
		const shapeSamples = [square(0, 0, 0.96), square(1, 0, 0.97), square(2, 2, 0.91), square(3, 1, 0.99), square(0, 3, 0.6), square(1, 1, 0.82)];
		for (const width of [80, 100]) {
			const long = captions(shapes, width, shapeSamples);
			expect(long.shown, `${width}`).toBeGreaterThanOrEqual(4);
			expect(long.found, long.row).toHaveLength(Math.min(long.shown, shapeSamples.length));
			expect(long.row).toMatch(/✓green_squ?a?… 96% ok/);
			expect(Math.max(...long.lines.map(line => [...line].length))).toBeLessThanOrEqual(width);
		}
	});
});

describe('the whole dashboard on a dataset of 4 classes', () => {
	it('names the dataset\'s shape and classes in the header and speaks of samples', () => {
		const state = raceOn(animals, [500, 300, 120, 80], [450, 290, 60, 80], [square(0, 0, 0.97)]);
		const {lastFrame} = renderSized(
			<App state={state} width={100} height={30} elapsedSeconds={5} presetName="tutorial" presetIndex={0} presetCount={1} focusIndex={1} paused={false} helpVisible={false} />,
			{columns: 100, rows: 30},
		);
		const text = plainLines(lastFrame()).join('\n');
		expect(text).toContain('pets (16×16 RGB, 4 classes)');
		expect(text).toMatch(/frog .*80 +100%/);
		expect(text).toContain('✓cat 97% ok');
	});
});
