/**
 * The built-in table demo's data (the "synthetic" dataset): a seeded table where the cluster assumption holds by
 * construction, so it shows what unlabeled rows can do with nothing to download. Four classes are Gaussian clusters
 * (σ 1) whose centres sit on a circle of radius 2.5 in two "signal" features; eight "noise" features are N(0, 1)
 * whatever the class. The same seed gives the same table, byte for byte.
 */
import {createRandom, type Random} from './random.js';

export const syntheticRows = 4000;
export const syntheticClasses = ['north', 'east', 'south', 'west'];
export const syntheticFeatures = ['signal1', 'signal2', ...Array.from({length: 8}, (_, i) => `noise${i + 1}`)];
/** Distance of each class centre from the origin in the signal plane, in standard deviations of a cluster. */
const centreRadius = 2.5;

export interface SyntheticTable {
	/** rows × features, row-major. */
	values: Float32Array;
	/** Class index of each row, cycling through the classes. */
	labels: Uint8Array;
}

/** One N(0, 1) draw (Box–Muller; the second value of the pair is not kept, so each call costs two draws). */
function normal(random: Random): number {
	return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export function syntheticTable(seed: number): SyntheticTable {
	const random = createRandom(seed);
	const features = syntheticFeatures.length;
	const values = new Float32Array(syntheticRows * features);
	const labels = new Uint8Array(syntheticRows);
	for (let row = 0; row < syntheticRows; row++) {
		const label = row % syntheticClasses.length;
		const angle = (label / syntheticClasses.length) * 2 * Math.PI;
		labels[row] = label;
		values[row * features] = centreRadius * Math.sin(angle) + normal(random);
		values[row * features + 1] = centreRadius * Math.cos(angle) + normal(random);
		for (let f = 2; f < features; f++) values[row * features + f] = normal(random);
	}

	return {values, labels};
}
