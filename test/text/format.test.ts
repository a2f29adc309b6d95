// Tests for number, gap and duration formats and for wrapping.
import {describe, expect, it} from 'vitest';
import {
	formatCount,
	formatDate,
	formatDuration,
	formatGap,
	formatPercent,
	formatPoints,
	formatRate,
	formatShortCount,
} from '../../source/text/format.js';
import {firstThatFits, truncate, wrapText} from '../../source/text/wrap.js';

describe('possessive', () => {
	it('adds an apostrophe alone to a name ending in s', async () => {
		const {possessive} = await import('../../source/text/format.js');
		expect(possessive('quick')).toBe("quick's");
		expect(possessive('methods')).toBe("methods'");
	});
});

describe('formats', () => {
	it('formats percentages, point gaps, counts and durations', () => {
		expect(formatPercent(0.948)).toBe('94.8%');
		expect(formatPercent(Number.NaN)).toBe('–');
		expect(formatPercent(undefined)).toBe('–');
		expect(formatPoints(0.036)).toBe('+3.6 pts');
		expect(formatPoints(-0.004)).toBe('−0.4 pts');
		expect(formatPoints(0.0001)).toBe('±0.0 pts');
		expect(formatCount(59_000)).toBe('59,000');
		expect(formatShortCount(950)).toBe('950');
		expect(formatShortCount(4410)).toBe('4.4k');
		expect(formatShortCount(59_000)).toBe('59k');
		expect(formatDuration(83)).toBe('1:23');
		expect(formatDuration(3725)).toBe('1:02:05');
	});

	it('lets callers choose precision and style, and prints anything missing as a dash', () => {
		expect(formatPercent(0.93125, 2)).toBe('93.13%');
		expect(formatPercent(null, 2)).toBe('–');
		expect(formatShortCount(Number.NaN)).toBe('–');
		expect(formatShortCount(undefined)).toBe('–');
		expect(formatGap(0.9312, 0.8884, 2)).toBe('+4.28 pts');
		expect(formatGap(0.88, 0.9, 2)).toBe('−2.00 pts');
		expect(formatGap(0.9, null)).toBe('–');
		expect(formatCount(null)).toBe('–');
		expect(formatRate(12_345.6)).toBe('12,346/s');
		expect(formatDuration(8.25, 'words')).toBe('8.3s');
		expect(formatDuration(133.4, 'words')).toBe('2m 13s');
		expect(formatDuration(3725, 'words')).toBe('1h 02m');
		expect(formatDuration(null, 'words')).toBe('–');
		expect(formatDate('not a date')).toBe('not a date');
		expect(formatDate(new Date(2026, 10, 24, 14, 3).toISOString())).toBe('2026-11-24 14:03');
	});
});

describe('wrapping', () => {
	it('wraps at spaces within the width and keeps every word', () => {
		const text = 'the model labels every unlabeled image itself and keeps the confident ones';
		const lines = wrapText(text, 20, '  ');
		for (const line of lines) {
			expect(line.length).toBeLessThanOrEqual(20);
		}

		expect(lines.slice(1).every(line => line.startsWith('  '))).toBe(true);
		expect(lines.join(' ').split(/\s+/).join(' ')).toBe(text);
	});

	it('truncates with an ellipsis and picks the first variant that fits', () => {
		expect(truncate('abcdef', 4)).toBe('abc…');
		expect(truncate('abc', 4)).toBe('abc');
		expect(firstThatFits(['a long one', 'short'], 6)).toBe('short');
		expect(firstThatFits(['a long one', 'still long'], 6)).toBe('still…');
	});
});
