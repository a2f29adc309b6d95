import {describe, expect, it} from 'vitest';
import {gapToBaselineBest} from '../../source/core/gap.js';

describe('gapToBaselineBest', () => {
	it('takes a contender at the last common epoch against the best the baseline had reached by then', () => {
		// Supervised dips at its last epoch: against its best (0.80), not its 0.78.
		expect(gapToBaselineBest([0.7, 0.79, 0.81], [0.7, 0.8, 0.78])).toEqual({points: 0.81 - 0.8, epoch: 3, baselineBest: 0.8, baselineBestEpoch: 2});
		// The baseline ran longer: epoch 2 against its best by epoch 2.
		expect(gapToBaselineBest([0.7, 0.75], [0.72, 0.7, 0.9])!.points).toBeCloseTo(0.75 - 0.72, 12);
		expect(gapToBaselineBest([], [0.7])).toBeUndefined();
	});

	it('is 0 for a line identical to the baseline\'s, dips and all: it trained as the baseline did', () => {
		expect(gapToBaselineBest([0.7, 0.8, 0.78], [0.7, 0.8, 0.78])).toEqual({points: 0, epoch: 3, baselineBest: 0.78, baselineBestEpoch: 3});
		// Identical to an epoch the baseline did not reach: the common epochs decide.
		expect(gapToBaselineBest([0.7, 0.8], [0.7, 0.8, 0.9])!.points).toBe(0);
		// One epoch apart is another line: the dip counts again.
		expect(gapToBaselineBest([0.7, 0.8, 0.781], [0.7, 0.8, 0.78])!.points).toBeCloseTo(0.781 - 0.8, 12);
	});
});
