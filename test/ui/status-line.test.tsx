// Tests for the status line, the help overlay and the too-small message.
import {render} from 'ink-testing-library';
import type {ReactElement} from 'react';
import {describe, expect, it} from 'vitest';
import {defaultRunConfig} from '../../source/config/run-config.js';
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
		expect(line).toContain('←/→ preset  1-9 jump  space pause  r restart  s save  ? help  q quit');
		expect(line).not.toContain('PAUSED');
	});

	it('marks the pause and offers to resume', () => {
		const [line] = frame(<StatusLine width={80} paused />);
		expect(line).toMatch(/^ PAUSED /);
		expect(line).toContain('space resume');
	});

	it('shows a notice whole and shortens the keys, which stay visible', () => {
		const notice = 'saved runs/2026-11-25T05-12-00-tutorial/summary.md';
		const [line] = frame(<StatusLine width={80} paused={false} notice={notice} />);
		expect(line).toContain(notice);
		expect(line).toMatch(/q$/);
		expect(keyHints(false).some(hints => line.endsWith(hints))).toBe(true);
		for (const width of [80, 100]) {
			for (const paused of [false, true]) {
				const lines = frame(<StatusLine width={width} paused={paused} notice={`${notice} and a very long reason after it`} />);
				expect(lines).toHaveLength(1);
				expect(columnsOf(lines[0])).toBeLessThanOrEqual(width);
				expect(lines[0]).toMatch(/ q( quit)?$/);
			}
		}
	});
});

describe('HelpOverlay', () => {
	it('explains the pipeline and its numbers in plain words', () => {
		const text = frame(<HelpOverlay width={80} height={22} config={defaultRunConfig} />)
			.join(' ')
			.replaceAll(/\s+/g, ' ');
		for (const words of ['supervised', 'warm-up', 'labeling', 'retraining', 'acceptance', 'precision', 'confirmation bias', 'learned as if it were true']) {
			expect(text).toContain(words);
		}

		expect(text).toContain('more than 80% sure');
		expect(text).toContain(`${defaultRunConfig.warmupEpochs} epochs`);
		expect(text).toContain('the other training images come without labels');
	});

	it('fits 80×22 whole, down to its closing hint', () => {
		expect(helpLines(80, 22, defaultRunConfig).length).toBeLessThanOrEqual(22);
		const lines = frame(<HelpOverlay width={80} height={22} config={defaultRunConfig} />);
		expect(lines.join(' ')).toContain('Press ? to close');
		expect(Math.max(...lines.map(line => columnsOf(line)))).toBeLessThanOrEqual(80);
		const cut = frame(<HelpOverlay width={80} height={5} />);
		expect(cut.length).toBeLessThanOrEqual(5);
		expect(cut.at(-1)).toContain('Press ? to close');
	});
});

describe('TooSmall', () => {
	it('names the needed and the current size', () => {
		expect(frame(<TooSmall width={70} height={20} />).join('')).toBe('terminal too small: need 80×24 (now 70×20)');
	});
});
