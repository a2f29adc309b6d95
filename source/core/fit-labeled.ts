/**
 * The labeled count a race takes when its preset's does not fit the training set. Presets are tuned on MNIST's 60,000
 * images: the tutorial's 1,000 labels can be more than a small table has rows, and a few-labels preset's count fewer
 * than a folder has classes. Too many → a tenth of the training samples (a common semi-supervised share, leaving most
 * of them to the pool); fewer than the classes → one per class (the stratified split, split.ts, gives every class one
 * label at least). Never all of them: the pool keeps one sample at least.
 */
import {labeledQuotas} from './split.js';

/** The share of the training samples labeled when a preset asks for more than the dataset can spare. */
export const fittedShare = 0.1;

export interface FittedLabeled {
	labeled: number;
	/** Why `labeled` is not the count asked for; absent when the asked count fits. */
	reason?: 'too-many' | 'too-few';
}

/** Whether the stratified split gives every class a label and leaves the pool a sample at `labeled`. */
export function labeledFits(classSizes: readonly number[], labeled: number): boolean {
	const total = classSizes.reduce((sum, size) => sum + size, 0);
	return labeled >= classSizes.length && labeled <= total - 1 && labeledQuotas(classSizes, labeled).every(quota => quota > 0);
}

/**
 * The count nearest to what `asked` meant that fits `classSizes` (each class's training samples); undefined when none
 * does.
 */
export function fittedLabeled(classSizes: readonly number[], asked: number): FittedLabeled | undefined {
	if (labeledFits(classSizes, asked)) return {labeled: asked};
	// A class with no training sample can never get a label, whatever the count.
	if (classSizes.length === 0 || classSizes.some(size => size <= 0)) return undefined;
	const total = classSizes.reduce((sum, size) => sum + size, 0);
	const reason = asked > total - 1 ? 'too-many' : 'too-few';
	const from = Math.max(classSizes.length, reason === 'too-many' ? Math.round(total * fittedShare) : asked);
	// From the classes up every count that leaves the pool a sample fits (labeledQuotas gives every class one).
	return labeledFits(classSizes, from) ? {labeled: from, reason} : undefined;
}
