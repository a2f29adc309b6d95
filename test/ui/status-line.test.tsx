// Tests for the status line, the help overlay and the too-small message.
import {render} from 'ink-testing-library';
import type {ReactElement} from 'react';
import {describe, expect, it} from 'vitest';
import {at} from '../fixtures/at.js';
import {emptyRaceEvents, fixtureConfig, fourContenderEvents, raceStateFrom} from '../fixtures/race-events.js';
import {HelpOverlay, helpLines} from '../../source/ui/panels/help-overlay.js';
import {StatusLine, keyHints} from '../../source/ui/panels/status-line.js';
import {TooSmall} from '../../source/ui/panels/too-small.js';
import {columnsOf, plainLines} from './render-sized.js';

function frame(element: ReactElement): string[] {
	return plainLines(render(element).lastFrame() ?? '');
}

describe('StatusLine', () => {
	it('always shows the full key hints when there is room', () => {
		const [line] = frame(<StatusLine width={80} paused={false} />);
		expect(line).toContain('←/→ preset  1-9 jump  Tab focus  space pause  r restart  s save  ? help  q quit');
		expect(line).not.toContain('PAUSED');
	});

	it('marks the pause and offers to resume', () => {
		const [line] = frame(<StatusLine width={80} paused />);
		expect(line).toMatch(/^ PAUSED /);
		expect(line).toContain('space resume');
	});

	it('shows a notice whole and shortens the keys, which stay visible', () => {
		const notice = 'saved runs/2026-11-25T05-12-00-tutorial/summary.md';
		const line = at(frame(<StatusLine width={80} paused={false} notice={notice} />), 0, 'status line');
		expect(line).toContain(notice);
		expect(line).toMatch(/q$/);
		expect(keyHints(false).some(hints => line.endsWith(hints))).toBe(true);
		for (const width of [80, 100]) {
			for (const paused of [false, true]) {
				const lines = frame(<StatusLine width={width} paused={paused} notice={`${notice} and a very long reason after it`} />);
				expect(lines).toHaveLength(1);
				expect(columnsOf(lines[0]!)).toBeLessThanOrEqual(width);
				expect(lines[0]).toMatch(/ q( quit)?$/);
				expect(lines[0]).toContain('Tab');
			}
		}
	});
});

describe('HelpOverlay', () => {
	const tutorial = raceStateFrom(emptyRaceEvents());

	it('explains the pipeline and its numbers in plain words', () => {
		const text = frame(<HelpOverlay width={80} height={40} state={tutorial} />)
			.join(' ')
			.replaceAll(/\s+/g, ' ');
		for (const words of ['supervised', 'warm-up', 'labels the whole pool', 'retrains on them', 'used', 'precision', 'offline', 'online', 'augmentation', 'weak/strong view', 'α', 'backend', 'vs supervised at the same epoch', 'confirmation bias', 'learned as if it were true', 'Tab/Shift+Tab', 'z y range', 'x epochs/images', '1-9 first nine']) {
			expect(text).toContain(words);
		}

		expect(text).toContain(`more than ${Math.round(fixtureConfig.threshold * 100)}% sure`);
		expect(text).toContain('1,000 labeled images; 59,000 more come without labels');
		expect(text).toContain('(supervised, self-training)');
		const bare = frame(<HelpOverlay width={80} height={40} />).join(' ').replaceAll(/\s+/g, ' ');
		expect(bare).toContain('the other training images come without labels');
	});

	it("names every contender, the focus keys, and why the hidden truth exists", () => {
		const state = raceStateFrom(fourContenderEvents());
		const lines = frame(<HelpOverlay width={100} height={60} state={state} />);
		const text = lines.join(' ').replaceAll(/\s+/g, ' ');
		for (const contender of state.contenders) {
			expect(text).toContain(contender.name);
		}

		expect(text).toContain('Tab/Shift+Tab');
		expect(text).toContain('▸');
		expect(text).toContain('MNIST is fully labeled');
		expect(text).toMatch(/hidden truth\s+MNIST is fully labeled: pseudo-labels are checked/);
		expect(text).toContain('nobody knows this number');
	});

	// Everything, the hidden truth and confirmation bias included, must be readable on the smallest terminal.
	it('fits 80×22 whole (the smallest terminal)', () => {
		expect(helpLines(80, 22, tutorial).length).toBeLessThanOrEqual(22);
	});

	it('fits 80×22, cut if need be, down to its closing hint', () => {
		const lines = frame(<HelpOverlay width={80} height={22} state={tutorial} />);
		expect(lines.length).toBeLessThanOrEqual(22);
		expect(lines.join(' ')).toContain('Press ? to close');
		expect(Math.max(...lines.map(line => columnsOf(line)))).toBeLessThanOrEqual(80);
		const cut = frame(<HelpOverlay width={80} height={5} />);
		expect(cut.length).toBeLessThanOrEqual(5);
		expect(cut.at(-1)).toContain('Press ? to close');
		// Four contenders: it still fits and keeps the closing hint.
		const four = frame(<HelpOverlay width={80} height={22} state={raceStateFrom(fourContenderEvents())} />);
		expect(four.length).toBeLessThanOrEqual(22);
		expect(Math.max(...four.map(line => columnsOf(line)))).toBeLessThanOrEqual(80);
		expect(four.join('\n')).toContain('Press ? to close');
		expect(four.join(' ')).toContain('confirmation bias');
	});
});

describe('TooSmall', () => {
	it('names the needed and the current size', () => {
		expect(frame(<TooSmall width={70} height={20} />).join('')).toBe('terminal too small: need 80×24 (now 70×20)');
	});
});
