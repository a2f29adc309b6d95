/** Picks a handful of pool samples that explain a labeling round: trusted and right, confidently wrong, and left out. */
import type {PseudoLabelSelection} from './pseudo-labels.js';
import {randomIndex, type Random} from './random.js';

/** One sample picked to explain a labeling round: its bytes, the model's guess and the hidden truth. */
export interface DigitSample {
	/** The sample's uint8 bytes as the dataset holds them: inputSize(info) of them (images channels-last). */
	pixels: number[];
	pseudoLabel: number;
	confidence: number;
	trueLabel: number;
	accepted: boolean;
}

/**
 * Returns up to `count` samples, grouped for display: accepted and right first, then the most confidently wrong
 * accepted ones (the mistakes the model will now train on; at least one whenever any exist), then rejected ones
 * below the threshold. About a quarter each go to the wrong and rejected groups; a group that runs short leaves
 * its slots to the others. Which right and rejected images appear depends only on `random`.
 *
 * @param poolRows pool position → row of that image in `images` (the split's `pool`).
 * @param trueLabels the hidden label of each pool position (aligned with the selection, like its `trueLabels`).
 * @param pixelsPerImage bytes per sample in `images`: inputSize(info).
 */
export function pickDigitSamples(
	selection: PseudoLabelSelection,
	images: Uint8Array,
	poolRows: Int32Array,
	trueLabels: ArrayLike<number>,
	count: number,
	random: Random,
	pixelsPerImage: number,
): DigitSample[] {
	if (count <= 0) return [];
	const n = selection.predicted.length;
	const isAccepted = new Uint8Array(n);
	for (const position of selection.accepted) isAccepted[position] = 1;

	const right: number[] = [];
	const wrong: number[] = [];
	const rejected: number[] = [];
	for (let position = 0; position < n; position++) {
		if (!isAccepted[position]) rejected.push(position);
		else if (selection.predicted[position] === trueLabels[position]) right.push(position);
		else wrong.push(position);
	}

	const quarter = Math.round(count / 4);
	const wrongCount = wrong.length > 0 ? Math.min(wrong.length, Math.max(1, quarter)) : 0;
	let rejectedCount = Math.min(rejected.length, quarter, count - wrongCount);
	const rightCount = Math.min(right.length, count - wrongCount - rejectedCount);
	let shortfall = count - wrongCount - rejectedCount - rightCount;
	const extraRejected = Math.min(shortfall, rejected.length - rejectedCount);
	rejectedCount += extraRejected;
	shortfall -= extraRejected;
	const finalWrongCount = Math.min(wrong.length, wrongCount + shortfall);

	// Most confident mistakes first: they are what a threshold cannot filter out.
	const byConfidence = (a: number, b: number) => selection.confidence[b]! - selection.confidence[a]! || a - b;
	const chosenRight = randomPick(right, rightCount, random);
	const chosenWrong = wrong.sort(byConfidence).slice(0, finalWrongCount);
	const chosenRejected = randomPick(rejected, rejectedCount, random).sort(byConfidence);

	const toSample = (position: number): DigitSample => {
		const row = poolRows[position]!;
		const start = row * pixelsPerImage;
		return {
			pixels: Array.from(images.subarray(start, start + pixelsPerImage)),
			pseudoLabel: selection.predicted[position]!,
			confidence: selection.confidence[position]!,
			trueLabel: trueLabels[position]!,
			accepted: isAccepted[position] === 1,
		};
	};

	return [...chosenRight, ...chosenWrong, ...chosenRejected].map(toSample);
}

/** `k` distinct items in random order (a partial Fisher–Yates; shuffles `items` in place). */
function randomPick(items: number[], k: number, random: Random): number[] {
	for (let i = 0; i < k; i++) {
		const j = i + randomIndex(random, items.length - i);
		const held = items[i]!;
		items[i] = items[j]!;
		items[j] = held;
	}

	return items.slice(0, k);
}
