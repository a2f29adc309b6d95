import {describe, expect, it} from 'vitest';
import {usesColor} from '../../source/cli/color.js';

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
