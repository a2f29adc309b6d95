import {describe, expect, it} from 'vitest';
import {fittedLabeled, fittedShare, labeledFits} from '../../source/core/fit-labeled.js';
import {classQuotas} from '../../source/core/split.js';

describe('fittedLabeled', () => {
	it('keeps a count that fits', () => {
		expect(fittedLabeled([6000, 6000, 6000], 1000)).toEqual({labeled: 1000});
		expect(fittedLabeled([300, 300, 120], 719)).toEqual({labeled: 719});
	});

	it('more than the training set can spare → a tenth of it', () => {
		// The README's CSV case: the tutorial's 1,000 on 720 training rows.
		expect(fittedLabeled([240, 240, 240], 1000)).toEqual({labeled: 72, reason: 'too-many'});
		// All of them is too many too: the pool keeps one.
		expect(fittedLabeled([240, 240, 240], 720)).toEqual({labeled: 72, reason: 'too-many'});
		expect(fittedShare).toBe(0.1);
	});

	it('a tenth that leaves a small class out is raised until every class gets one', () => {
		expect(labeledFits([500, 480, 20], 100)).toBe(true);
		const sizesRare = [700, 297, 3];
		const fitted = fittedLabeled(sizesRare, 5000)!;
		// A tenth is 100: the rare class's share 0.3 loses the one left over to 29.7, so the count walks up.
		expect(classQuotas(sizesRare, 100)[2]).toBe(0);
		expect(fitted.reason).toBe('too-many');
		expect(fitted.labeled).toBeGreaterThan(100);
		expect(classQuotas(sizesRare, fitted.labeled).every(quota => quota > 0)).toBe(true);
		expect(classQuotas(sizesRare, fitted.labeled - 1).some(quota => quota === 0)).toBe(true);
	});

	it('fewer than the classes, or a class left without a label → the fewest that give every class one', () => {
		const hundred = Array.from({length: 100}, () => 50);
		expect(fittedLabeled(hundred, 40)).toEqual({labeled: 100, reason: 'too-few'});
		// 30 × 4 / 204 rounds to 0 for the last class; 31 is the first count that gives it one.
		expect(fittedLabeled([100, 100, 4], 30)).toEqual({labeled: 31, reason: 'too-few'});
	});

	it('undefined when no count fits: a class without training samples, or too few samples to keep a pool', () => {
		expect(fittedLabeled([100, 0, 100], 50)).toBeUndefined();
		expect(fittedLabeled([1, 1], 1000)).toBeUndefined();
		expect(fittedLabeled([], 10)).toBeUndefined();
		expect(fittedLabeled([2, 1], 1000)).toEqual({labeled: 2, reason: 'too-many'});
	});
});
