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

	it('a tenth that would leave a small class out stays a tenth: the split gives that class its one label', () => {
		expect(labeledFits([500, 480, 20], 100)).toBe(true);
		const sizesRare = [700, 297, 3];
		// A tenth is 100: the rare class's share 0.3 rounds to 0, and labeledQuotas gives it one.
		expect(classQuotas(sizesRare, 100)[2]).toBe(0);
		expect(fittedLabeled(sizesRare, 5000)).toEqual({labeled: 100, reason: 'too-many'});
	});

	it('fewer than the classes → one per class; a count whose share rounds a class to 0 fits as it is', () => {
		const hundred = Array.from({length: 100}, () => 50);
		expect(fittedLabeled(hundred, 40)).toEqual({labeled: 100, reason: 'too-few'});
		expect(fittedLabeled([100, 100, 4], 30)).toEqual({labeled: 30});
	});

	it('undefined when no count fits: a class without training samples, or too few samples to keep a pool', () => {
		expect(fittedLabeled([100, 0, 100], 50)).toBeUndefined();
		expect(fittedLabeled([1, 1], 1000)).toBeUndefined();
		expect(fittedLabeled([], 10)).toBeUndefined();
		expect(fittedLabeled([2, 1], 1000)).toEqual({labeled: 2, reason: 'too-many'});
	});
});
