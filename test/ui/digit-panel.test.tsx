// Tests for the digit panel of the focused contender: which samples show, their captions, and the art placed where it
// belongs.
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import type {DigitSample} from '../../source/protocol/messages.js';
import type {ContenderState} from '../../source/race/race-state.js';
import {renderDigit, type DigitArtSize} from '../../source/text/digit-art.js';
import {DigitPanel, digitCaption, digitRowHeight, digitsPerRow, visibleSamples} from '../../source/ui/panels/digit-panel.js';
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
