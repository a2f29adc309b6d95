import {describe, expect, it} from 'vitest';
import {tileColors, usesColor} from '../../source/cli/color.js';

const terminal = (colors: boolean) => ({isTTY: true, hasColors: () => colors});

describe('usesColor: one decision for the dashboard and the printing commands', () => {
	it('colours a terminal that can show colour', () => {
		expect(usesColor(terminal(true), {})).toBe(true);
	});

	it('never with FORCE_COLOR=0 (what NO_COLOR becomes), on a pipe, or on a terminal without colours', () => {
		expect(usesColor(terminal(true), {FORCE_COLOR: '0'})).toBe(false);
		expect(usesColor({isTTY: false}, {})).toBe(false);
		expect(usesColor({}, {FORCE_COLOR: '1'})).toBe(false);
		expect(usesColor(terminal(false), {})).toBe(false);
	});
});

describe('tileColors: the colours a sample tile may use', () => {
	/** A terminal that shows `depth` colours, answering hasColors(count) as Node's tty streams do. */
	const showing = (depth: number) => ({isTTY: true, hasColors: (count = 16) => count <= depth});

	it('24-bit where the terminal has it, else 256, else none (16 colours cannot show a pixel)', () => {
		expect(tileColors(showing(2 ** 24), {})).toBe('truecolor');
		expect(tileColors(showing(256), {})).toBe('ansi256');
		expect(tileColors(showing(16), {})).toBe('none');
	});

	it('none wherever usesColor says no: FORCE_COLOR=0 (NO_COLOR), a pipe', () => {
		expect(tileColors(showing(2 ** 24), {FORCE_COLOR: '0'})).toBe('none');
		expect(tileColors({isTTY: false}, {})).toBe('none');
	});

	it('asks a real tty stream with the environment it is given (COLORTERM=truecolor, TERM)', async () => {
		const {WriteStream} = await import('node:tty');
		const stream = {isTTY: true, hasColors: (count?: number, env?: object) => WriteStream.prototype.hasColors.call({getColorDepth: WriteStream.prototype.getColorDepth} as never, count as never, env as never)};
		expect(tileColors(stream, {TERM: 'xterm-256color', COLORTERM: 'truecolor'})).toBe('truecolor');
		// Inside tmux Node alone says 256 whatever COLORTERM says; tmux passes 24-bit colour on (or brings it down).
		const inTmux = {TERM: 'xterm-256color', COLORTERM: 'truecolor', TMUX: '/tmp/tmux-0/default,1,0'};
		expect(tileColors(stream, inTmux)).toBe('truecolor');
		expect(tileColors(stream, {TERM: 'xterm', COLORTERM: '24bit'})).toBe('truecolor');
		expect(tileColors(stream, {TERM: 'xterm-256color'})).toBe('ansi256');
		expect(tileColors(stream, {TERM: 'xterm'})).toBe('none');
	});
});
