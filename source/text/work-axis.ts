/**
 * The chart's work-done x-axis: every contender's accuracy against the images it has trained on, not its epochs
 * (a supervised epoch is its 1,000 labeled images, an online method's is about the whole pool), resampled onto
 * equal buckets of images so one renderer draws both axes.
 */
import type {ContenderState} from '../race/race-state.js';
import {formatShortCount} from './format.js';

export interface WorkAxis {
	/** Per contender, its accuracy after each bucket of images (only buckets it has reached). */
	values: number[][];
	buckets: number;
	/** Images one bucket stands for. */
	perBucket: number;
	/** A bucket's tick label: the images trained on by its end, "59k", "1.2M". */
	label: (bucket: number) => string;
}

type Planned = Pick<ContenderState, 'epochs' | 'plannedEpochs'> & {config?: {warmupEpochs: number}; method?: string};

/**
 * Images a contender will have trained on at the end of its plan: done so far plus its remaining epochs, each at the
 * last size, or past a pseudo-labeling contender's warm-up at least `pool` (it then trains on the pool too), so the
 * axis does not jump when the first big epoch lands.
 */
function plannedImages(contender: Planned, pool: number): number {
	const done = contender.epochs.reduce((sum, point) => sum + point.trainSize, 0);
	const last = contender.epochs.at(-1)?.trainSize ?? 0;
	const warmup = contender.config?.warmupEpochs ?? 0;
	let rest = 0;
	for (let epoch = contender.epochs.length + 1; epoch <= contender.plannedEpochs; epoch++) {
		rest += contender.method !== 'supervised' && epoch > warmup ? Math.max(last, pool) : last;
	}

	return done + rest;
}

/** Undefined until some contender has finished an epoch (nothing gives the images scale yet). */
export function workAxis(contenders: readonly Planned[], buckets: number, pool = 0): WorkAxis | undefined {
	const total = Math.max(0, ...contenders.map(contender => plannedImages(contender, pool)));
	if (total <= 0 || buckets < 2) return undefined;
	const perBucket = total / buckets;
	const values = contenders.map(contender => {
		const line: number[] = [];
		let images = 0;
		let point = -1;
		const ends = contender.epochs.map(item => (images += item.trainSize));
		for (let bucket = 1; bucket <= buckets; bucket++) {
			while (point + 1 < ends.length && ends[point + 1]! <= bucket * perBucket + 1e-9) point++;
			if ((ends.at(-1) ?? 0) <= (bucket - 1) * perBucket) break;
			// Before its first epoch ends a line starts at its first accuracy, so it is drawn from the left edge.
			line.push(contender.epochs[Math.max(0, point)]!.testAccuracy);
		}

		return contender.epochs.length === 0 ? [] : line;
	});
	return {values, buckets, perBucket, label: bucket => formatShortCount(bucket * perBucket)};
}
