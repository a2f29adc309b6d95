// Tests for the digit panel of the focused contender: which samples show, their captions, and the art placed where it
// belongs.
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {numberedClasses, type DatasetInfo} from '../../source/core/dataset-info.js';
import {quantize} from '../../source/data/formats/quantize.js';
import type {DigitSample} from '../../source/protocol/messages.js';
import type {ContenderState} from '../../source/race/race-state.js';
import {renderDigit, type DigitArtSize} from '../../source/text/digit-art.js';
import {DigitPanel, digitCaption, digitRowHeight, digitsPerRow, pickedKinds, visibleSamples} from '../../source/ui/panels/digit-panel.js';
import {at} from '../fixtures/at.js';
import {contenderOf, emptyRaceEvents, fourContenderEvents, midRaceEvents, raceStateFrom} from '../fixtures/race-events.js';
import {cleanupSized, columnsOf, plainLines, renderSized} from './render-sized.js';

afterEach(cleanupSized);

const state = raceStateFrom(midRaceEvents());
const semi = contenderOf(state, 'semi');
const samples = at(semi.rounds, 0, 'semi round').samples;

function isWrongAccepted(sample: DigitSample) {
	return sample.accepted && sample.pseudoLabel !== sample.trueLabel;
}

function renderPanel(
	contender: ContenderState | undefined,
	width: number,
	size: DigitArtSize,
	height = 1 + digitRowHeight(size),
	named = false,
) {
	// Full-size rows are wider than ink-testing-library's 100 columns.
	const {lastFrame} = renderSized(<DigitPanel contender={contender} named={named} width={width} height={height} size={size} />, {
		columns: width,
		rows: 60,
	});
	return plainLines(lastFrame());
}

describe('visibleSamples', () => {
	it('mixes right, confidently wrong and rejected samples into a short row', () => {
		const shown = visibleSamples(samples, 3);
		expect(shown).toHaveLength(3);
		expect(shown.some(sample => sample.accepted && sample.pseudoLabel === sample.trueLabel)).toBe(true);
		expect(shown.some(sample => isWrongAccepted(sample))).toBe(true);
		expect(shown.some(sample => !sample.accepted)).toBe(true);
		expect(visibleSamples(samples, 100)).toHaveLength(samples.length);
		expect(new Set(visibleSamples(samples, 100))).toEqual(new Set(samples));
	});
});

describe('pickedKinds: the caption names only the kinds of tiles there are', () => {
	const base = {pixels: [], trueLabel: 7};
	const right = {...base, pseudoLabel: 7, confidence: 0.9, accepted: true};
	const wrong = {...base, pseudoLabel: 3, confidence: 0.9, accepted: true};
	const rejected = {...base, pseudoLabel: 1, confidence: 0.4, accepted: false};
	it('all three in turn, or says none were rejected when a method used every guess it shows', () => {
		expect(pickedKinds([right, wrong, rejected]).short).toBe('right, WRONG and rejected in turn');
		expect(pickedKinds([right, wrong, rejected]).long).toBe('used and right, used and WRONG and rejected, in turn');
		// FlexMatch early uses 100 % of the pool: the tiles go right, WRONG, right, WRONG, so no "rejected" in the caption.
		expect(pickedKinds([right, wrong, right, wrong]).short).toBe('right and WRONG in turn (none rejected)');
		expect(pickedKinds([right, right]).short).toBe('right (none rejected)');
		expect(pickedKinds([right, rejected]).short).toBe('right and rejected in turn');
	});
});

describe('digitCaption', () => {
	it('gives label, confidence, accepted or not, and right or WRONG with the truth', () => {
		const base = {pixels: [], trueLabel: 7};
		expect(digitCaption({...base, pseudoLabel: 7, confidence: 0.942, accepted: true})).toBe('✓7 94% ok');
		expect(digitCaption({...base, pseudoLabel: 3, confidence: 0.9999, accepted: true})).toBe('✓3 99% WRONG(7)');
		expect(digitCaption({...base, pseudoLabel: 1, confidence: 0.62, accepted: false})).toBe('✗1 62% wrong(7)');
		expect(digitCaption({...base, pseudoLabel: 7, confidence: 0.55, accepted: false})).toBe('✗7 55% ok');
		for (const sample of samples) {
			expect(digitCaption(sample).length).toBeLessThanOrEqual(15);
		}
	});
});

describe('DigitPanel', () => {
	it('shows at least 4 compact digits at 80 columns, more at 100', () => {
		expect(digitsPerRow(80, 'compact')).toBeGreaterThanOrEqual(4);
		expect(digitsPerRow(100, 'compact')).toBeGreaterThan(digitsPerRow(80, 'compact'));
		const lines = renderPanel(semi, 80, 'compact');
		const captions = lines.at(-1)!.match(/[✓✗]\d \d+% (ok|WRONG\(\d\)|wrong\(\d\))/g) ?? [];
		expect(captions).toHaveLength(digitsPerRow(80, 'compact'));
		expect(lines[0]).toContain('Round 1');
		expect(lines.length).toBeLessThanOrEqual(1 + digitRowHeight('compact'));
		expect(Math.max(...lines.map(line => columnsOf(line)))).toBeLessThanOrEqual(80);
	});

	it('widens tiles where class names shortened alike would read the same: three still fit 80 columns', () => {
		const names = (classNames: string[]): DatasetInfo => ({name: 'wine', kind: 'image', height: 28, width: 28, channels: 1, classNames, mode: 'simulation'});
		const alike = names(['barbera', 'barolo', 'grignolino', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9']);
		const apart = names(['cabernet', 'merlot', 'grignolino', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9']);
		expect(digitsPerRow(80, 'compact', apart)).toBe(4);
		expect(digitsPerRow(80, 'compact', alike)).toBe(3);
		const round = at(semi.rounds, 0, 'semi round');
		const wrong = {...at(round.samples, 0, 'sample'), trueLabel: 1, pseudoLabel: 0, confidence: 0.98, accepted: true};
		const contender = {...semi, rounds: [{...round, samples: [wrong]}]};
		const frame = renderSized(<DigitPanel contender={contender} width={80} height={1 + digitRowHeight('compact')} size="compact" info={alike} />, {columns: 80, rows: 20}).lastFrame();
		expect(plainLines(frame).at(-1)).toContain('✓barb… 98% WRONG(baro…)');
		expect(digitCaption(wrong, apart, 19)).toBe('✓ca… 98% WRONG(me…)');
	});

	it('draws each shown digit under its caption position, at both sizes', () => {
		for (const [size, width] of [
			['compact', 80],
			['full', 122],
		] as const) {
			const lines = renderPanel(semi, width, size);
			const shown = visibleSamples(samples, digitsPerRow(width, size));
			const art = shown.map(sample => renderDigit(sample.pixels, {size}));
			const columns = at(at(art, 0, 'drawn digit'), 0, 'art line').length;
			const slot = columns + 2;
			for (const [index, digitLines] of art.entries()) {
				for (const [row, artLine] of digitLines.entries()) {
					const frameLine = [...(lines[1 + row] ?? '')];
					const drawn = frameLine.slice(index * slot, index * slot + columns).join('').padEnd(columns);
					expect(drawn, `${size} digit ${index} row ${row}`).toBe(artLine);
				}
			}

			expect(lines.at(-1)).toContain(digitCaption(at(shown, 0, 'shown sample')));
		}
	});

	it('invites the user to wait for the first round and to press ?', () => {
		const waiting = contenderOf(raceStateFrom(emptyRaceEvents()), 'semi');
		const text = renderPanel(waiting, 80, 'compact').join(' ');
		expect(text).toContain('once the model starts labeling');
		expect(text).toContain('Press ?');
		const {lastFrame} = render(<DigitPanel contender={waiting} width={80} height={3} size="compact" />);
		expect(plainLines(lastFrame() ?? '').length).toBeLessThanOrEqual(3);
	});

	it('says the supervised baseline never labels the pool, and how to move the focus', () => {
		const text = renderPanel(contenderOf(state, 'supervised'), 80, 'compact').join(' ');
		expect(text).toContain('supervised never labels the pool');
		expect(text).toContain('Tab');
		expect(text).not.toMatch(/[✓✗]\d \d+%/);
	});

	it("names the focused contender when several race and shows that contender's own samples", () => {
		const four = raceStateFrom(fourContenderEvents());
		const frames = ['t50', 't95'].map(id => {
			const contender = contenderOf(four, id);
			const lines = renderPanel(contender, 80, 'compact', undefined, true);
			expect(lines[0]).toMatch(new RegExp(`^${contender.name} · Round 1`));
			// Every shown caption agrees with this contender's threshold.
			for (const sample of visibleSamples(at(contender.rounds, 0, `${id} round`).samples, digitsPerRow(80, 'compact'))) {
				expect(sample.accepted).toBe(sample.confidence > contender.config!.threshold);
			}

			return lines.join('\n');
		});
		expect(frames[0]).not.toBe(frames[1]);
		// Unnamed (a one-contender race), the caption starts with the round.
		expect(renderPanel(semi, 80, 'compact')[0]).toMatch(/^Round 1/);
	});
});

describe('DigitPanel on other data: colour tiles and table rows', () => {
	/** The mid-race round with its samples' pixels replaced, so the panel draws data of another kind. */
	function withPixels(pixels: (label: number) => number[]): ContenderState {
		const round = at(semi.rounds, 0, 'semi round');
		return {...semi, rounds: [{...round, samples: round.samples.map(sample => ({...sample, pixels: pixels(sample.pseudoLabel)}))}]};
	}

	const rgb: DatasetInfo = {name: 'tiles', kind: 'image', height: 4, width: 4, channels: 3, classNames: numberedClasses(10), mode: 'simulation'};
	/** 4×4 RGB: red on top, blue below. */
	const redOverBlue = () => Array.from({length: 16}, (_, p) => (p < 8 ? [255, 0, 0] : [0, 0, 255])).flat();

	it('RGB tiles in 24-bit colour when the look says so, the same ▀ cells and captions as text', () => {
		const contender = withPixels(redOverBlue);
		const {lastFrame} = renderSized(<DigitPanel contender={contender} width={80} height={1 + digitRowHeight('compact')} size="compact" info={rgb} look={{colors: 'truecolor'}} />, {columns: 80, rows: 20});
		const frame = lastFrame();
		// Ink re-emits each colour as its own escape: red over red on the top line, blue over blue below.
		expect(frame).toContain('\u001B[38;2;255;0;0m\u001B[48;2;255;0;0m▀');
		expect(frame).toContain('\u001B[38;2;0;0;255m\u001B[48;2;0;0;255m▀');
		const lines = plainLines(frame);
		expect(lines[1]!.slice(0, 14)).toBe('▀'.repeat(14));
		expect(lines.at(-1)).toMatch(/[✓✗]\d \d+% /);
		// Plain look: the luminance shades, no colour escape of the art's own.
		const plain = renderSized(<DigitPanel contender={contender} width={80} height={1 + digitRowHeight('compact')} size="compact" info={rgb} />, {columns: 80, rows: 20});
		expect(plain.lastFrame()).not.toContain('38;2;');
		expect(plainLines(plain.lastFrame())[1]!.slice(0, 14)).toMatch(/^[ ░▒▓█]{14}$/);
	});

	const table: DatasetInfo = {name: 'wine', kind: 'table', height: 1, width: 3, channels: 1, classNames: numberedClasses(10), mode: 'real', featureNames: ['alcohol', 'proline', 'hue']};
	/** Shown as hue, alcohol, proline; every class's mean row all zeros but class 7's, which is all +2 σ. */
	const profile = {features: [2, 0, 1], scores: [3, 2, 1], prototypes: Array.from({length: 10}, (_, c) => (c === 7 ? [2, 2, 2] : [0, 0, 0]))};

	it('table rows as bars over their class mean, a legend naming the columns, at 80 and 100 columns', () => {
		const contender = withPixels(label => [quantize(label === 7 ? 2 : -2), quantize(0), quantize(2)]);
		for (const width of [80, 100]) {
			const lines = plainLines(renderSized(<DigitPanel contender={contender} width={width} height={1 + digitRowHeight('compact')} size="compact" info={table} look={{profile}} />, {columns: width, rows: 20}).lastFrame());
			expect(lines[0]).toMatch(/^Round 1 of 1.* · cols: hue alcohol proline$/);
			expect(lines[0]).toContain('no truth');
			expect(Math.max(...lines.map(line => columnsOf(line)))).toBeLessThanOrEqual(width);
			// The first tile: hue at +2 σ fills its 4 columns on every bar line; its marks line and the faint mean below.
			const shown = visibleSamples(at(contender.rounds, 0, 'round').samples, digitsPerRow(width, 'compact'));
			const first = at(shown, 0, 'first sample');
			expect(lines.slice(1, 4).map(line => line.slice(0, 4))).toEqual(['████', '████', '████']);
			expect(lines[4]!.slice(0, 14)).toBe(first.pseudoLabel === 7 ? '         ▼    ' : ' ▲   ▼        ');
			expect(lines.at(-1)).toContain(`✓${first.pseudoLabel}`);
		}
	});

	it('without a profile a table still draws its columns in order (and names them)', () => {
		const contender = withPixels(() => [quantize(0), quantize(0), quantize(0)]);
		const lines = plainLines(renderSized(<DigitPanel contender={contender} width={80} height={1 + digitRowHeight('compact')} size="compact" info={table} />, {columns: 80, rows: 20}).lastFrame());
		expect(lines[0]).toMatch(/cols: alcohol proline hue$/);
		expect(lines[3]!.slice(0, 12)).toBe('█'.repeat(12));
	});
});
