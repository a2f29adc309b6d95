// Confirmation bias over time: the wrong pseudo-labels used, record after record, or "no truth" on real data.
import {describe, expect, it} from 'vitest';
import type {RoundStats} from '../../source/race/race-state.js';
import {wrongTrendText, wrongUsed} from '../../source/text/wrong-trend.js';

const round = (index: number, accepted: number, precision: number) =>
	({round: index, kind: 'online', pool: 59_000, accepted, acceptanceRate: accepted / 59_000, precision, perClassAccepted: [], perClassCorrect: [], threshold: 0.95, samples: []}) as unknown as RoundStats;

describe('wrongTrendText', () => {
	it('counts the wrong among the used per record and strings them oldest first', () => {
		expect(wrongUsed({accepted: 40_000, precision: 0.9})).toBe(4000);
		const rounds = [round(1, 40_000, 0.9), round(2, 50_000, 0.94), round(3, 52_000, 0.95)];
		expect(wrongTrendText(rounds, item => `e${item.round + 10}`, 80, false)).toBe('wrong used: e11 4.0k → e12 3.0k → e13 2.6k');
	});

	it('splits the latest count into the wrong labels kept from before, so it reads beside the carried-over counts', () => {
		const last = {...round(3, 52_000, 0.95), carriedOver: {wrongBefore: 3000, fixed: 1400, stillWrong: 1500, moreConfident: 700, dropped: 100}};
		const rounds = [round(1, 40_000, 0.9), round(2, 50_000, 0.94), last];
		expect(wrongTrendText(rounds, item => `e${item.round + 10}`, 80, false)).toBe('wrong used: e11 4.0k → e12 3.0k → e13 2.6k (1.5k kept)');
		// Narrow: the split goes before the records do.
		expect(wrongTrendText(rounds, item => `e${item.round + 10}`, 37, false)).toBe('wrong: e11 4.0k → e12 3.0k → e13 2.6k');
	});

	it('counts none wrong when none were used (precision NaN), never "NaNM"', () => {
		expect(wrongUsed({accepted: 0, precision: Number.NaN})).toBe(0);
		const rounds = [round(24, 0, Number.NaN), round(25, 0, Number.NaN)];
		expect(wrongTrendText(rounds, item => `e${item.round}`, 80, false)).toBe('wrong used: e24 0 → e25 0');
	});

	it('shortens to the latest records when narrow, and says "no truth" on real data', () => {
		const rounds = Array.from({length: 8}, (_, index) => round(index + 1, 10_000, 0.9 + index / 100));
		const narrow = wrongTrendText(rounds, item => `r${item.round}`, 40, false)!;
		expect(narrow.length).toBeLessThanOrEqual(40);
		expect(narrow).toMatch(/r8 300$/);
		expect(narrow).not.toContain('r1 ');
		expect(wrongTrendText(rounds, item => `r${item.round}`, 60, true)).toBe('wrong used, fixed or surer over time: no truth (real data)');
		expect(wrongTrendText(rounds.slice(0, 1), item => `r${item.round}`, 60, false)).toBeUndefined();
	});
});
