// Who computes which rows of a team step (engine/team-plan.ts): nextRowBalance moves rows, a block of 4 at a time
// (one at a time in a small batch), from the member that has been finishing last to the one finishing first, and
// settles where they finish together.
import {describe, expect, it} from 'vitest';
import {evenRowBalance, nextRowBalance, rowQuantum, rowStartsOf, type RowBalance} from '../../source/engine/team-plan.js';

/**
 * `steps` steps of a simulated team whose member i takes perRow[i]·rows + fixed[i] ms (times `noise` drawn per step):
 * the balance after them.
 */
function simulate(n: number, perRow: number[], fixed: number[], steps: number, noise: (step: number, member: number) => number = () => 1): RowBalance {
	let balance = evenRowBalance(n, perRow.length);
	for (let step = 0; step < steps; step++) {
		const rows = balance.counts.map((count, i) => count * perRow[i]! * noise(step, i));
		balance = nextRowBalance(balance, rows, fixed.map((value, i) => value * noise(step, i)));
	}

	return balance;
}

const finishes = (balance: RowBalance, perRow: number[], fixed: number[]) => balance.counts.map((count, i) => count * perRow[i]! + fixed[i]!);

describe('a team step\'s rows', () => {
	it('start even, and stay even between equal members', () => {
		expect(evenRowBalance(32, 2).counts).toEqual([16, 16]);
		expect(rowStartsOf(evenRowBalance(57, 3).counts)).toEqual([0, 19, 38]);
		expect(simulate(128, [0.1, 0.1], [5, 5], 300).counts).toEqual([64, 64]);
	});

	it('move to the member that finishes first until both finish within the time of the rows one move takes', () => {
		// A lead 20 % slower per row (a busier core); a helper with more work of its own (the last layer); a third
		// member slower per row. Each move is 4 rows here, so they end within 2 × 4 rows' time of each other.
		for (const [perRow, fixed] of [[[0.12, 0.1], [5, 5]], [[0.1, 0.1], [5, 7]], [[0.1, 0.1, 0.15], [2, 2, 2]]] as const) {
			const balance = simulate(128, [...perRow], [...fixed], 400);
			const times = finishes(balance, [...perRow], [...fixed]);
			const bound = 2 * 4 * Math.max(...perRow);
			expect(Math.max(...times) - Math.min(...times)).toBeLessThanOrEqual(bound + 1e-9);
			expect(balance.counts.reduce((a, b) => a + b, 0)).toBe(128);
			// Not vacuous: the even split left them further apart.
			const even = finishes(evenRowBalance(128, perRow.length), [...perRow], [...fixed]);
			expect(Math.max(...even) - Math.min(...even)).toBeGreaterThan(bound);
		}
	});

	it('move blocks of 4 rows, so shares that start on multiples of 4 stay there; one row at a time in a small batch', () => {
		expect(rowQuantum(32, 2)).toBe(4);
		expect(rowQuantum(128, 4)).toBe(4);
		expect(rowQuantum(15, 2)).toBe(1);
		expect(rowQuantum(24, 4)).toBe(1);
		// A helper that finishes 1 ms after the lead in a batch of 32: it gives 4 rows (16/16 → 20/12), never 1–3.
		const seen = new Set<number>();
		let balance = evenRowBalance(32, 2);
		for (let step = 0; step < 200; step++) {
			balance = nextRowBalance(balance, balance.counts.map(count => count * 0.05), [1, 2]);
			seen.add(balance.counts[0]!);
		}

		expect([...seen].every(count => count % 4 === 0)).toBe(true);
		expect(balance.counts).toEqual([24, 8]);
		// A batch of 12 between two members: one row at a time.
		balance = evenRowBalance(12, 2);
		for (let step = 0; step < 200; step++) balance = nextRowBalance(balance, balance.counts.map(count => count * 0.05), [1, 1.3]);
		expect(balance.counts).toEqual([8, 4]);
	});

	it('hold still through noisy steps, and keep every member at least an eighth of an even share', () => {
		// Each step's times swing by up to half, as on a shared VM: the rows stay near even between equal members.
		const swing = (step: number, member: number) => 1 + 0.5 * Math.sin(step * 7.3 + member * 2.1);
		const noisy = simulate(128, [0.1, 0.1], [5, 5], 400, swing);
		expect(Math.abs(noisy.counts[0]! - 64)).toBeLessThanOrEqual(12);
		// A member thirty times slower (it would finish with the other at 4 rows): it keeps 8 of its 64, n in all.
		const slow = simulate(128, [3, 0.1], [5, 5], 400);
		expect(slow.counts).toEqual([8, 120]);
	});

	it('ignore a step whose times are not measurements', () => {
		const balance = evenRowBalance(32, 2);
		expect(nextRowBalance(balance, [Number.NaN, 1], [1, 1])).toBe(balance);
		expect(nextRowBalance(balance, [1, 1], [-1, 1])).toBe(balance);
	});
});
