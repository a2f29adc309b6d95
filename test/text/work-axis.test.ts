// The work-done x-axis: a contender's accuracy placed by the images it trained on, not by its epoch number.
import {describe, expect, it} from 'vitest';
import type {EpochPoint} from '../../source/race/race-state.js';
import {workAxis} from '../../source/text/work-axis.js';

const points = (sizes: number[], accuracy: (epoch: number) => number): EpochPoint[] =>
	sizes.map((trainSize, index) => ({epoch: index + 1, testAccuracy: accuracy(index + 1), loss: 1, samplesPerSec: 1, phase: 'training', round: 0, elapsed: 0, trainSize}));

describe('workAxis', () => {
	it('puts 10 supervised epochs of 1,000 images far left of 10 online epochs of 59,000', () => {
		const supervised = {epochs: points(Array.from({length: 10}, () => 1000), epoch => 0.8 + epoch / 100), plannedEpochs: 10};
		const online = {epochs: points([1000, ...Array.from({length: 9}, () => 59_000)], epoch => 0.7 + epoch / 100), plannedEpochs: 10};
		const axis = workAxis([supervised, online], 100)!;
		// The scale is the larger plan: the online contender's 1,000 + 9 × 59,000 images.
		const total = 1000 + 9 * 59_000;
		expect(axis.perBucket).toBeCloseTo(total / 100);
		// Supervised's 10,000 images fill 10,000 / 5,320 → 2 buckets; the online line spans all 100.
		expect(axis.values[0]!.length).toBe(Math.ceil(10_000 / axis.perBucket));
		expect(axis.values[1]!.length).toBe(100);
		expect(axis.values[0]!.at(-1)).toBeCloseTo(0.9);
		expect(axis.values[1]!.at(-1)).toBeCloseTo(0.8);
		// Half-way through the images the online contender has finished its 5th epoch (1,000 + 4 × 59,000 < 266,000).
		expect(axis.values[1]![49]).toBeCloseTo(0.75);
		expect(axis.label(100)).toBe('532k');
	});

	it('keeps room for the planned epochs not run yet, so lines grow to the right', () => {
		const halfway = {epochs: points([1000, 1000], () => 0.9), plannedEpochs: 4};
		const axis = workAxis([halfway], 10)!;
		expect(axis.perBucket).toBe(400);
		expect(axis.values[0]).toHaveLength(5);
	});

	it('has no scale before any epoch has ended', () => {
		expect(workAxis([{epochs: [], plannedEpochs: 30}], 50)).toBeUndefined();
	});
});

describe('workAxis during a warm-up', () => {
	it('plans the epochs after the warm-up at the pool size, so the axis already spans the online epochs', () => {
		const online = {epochs: points([1000, 1000], () => 0.9), plannedEpochs: 5, method: 'flexmatch', config: {warmupEpochs: 2}};
		const supervised = {epochs: points([1000, 1000], () => 0.9), plannedEpochs: 5, method: 'supervised', config: {warmupEpochs: 2}};
		// 2 × 1,000 done + 3 × 59,000 to come; supervised's 5,000 do not set the scale.
		expect(workAxis([supervised, online], 10, 59_000)!.perBucket).toBe((2000 + 3 * 59_000) / 10);
		expect(workAxis([supervised], 10, 59_000)!.perBucket).toBe(500);
	});
});
