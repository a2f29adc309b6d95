/**
 * What a table's sample tiles show (text/feature-strip.ts): the most informative features — ranked once, at load, by
 * their Fisher score on the labeled training rows, so the tiles' columns never move during a race — and each class's
 * mean row over those rows (its prototype), which a tile draws under the row for the class the model gave it.
 */
import {unlabeledMark} from './dataset-info.js';
import {tableZRange} from './table-augment.js';

/** The most features a tile can show: one column each on a full-size tile (28 columns). */
export const maxProfileFeatures = 28;

export interface TableProfile {
	/** Feature indices, most informative first; at most maxProfileFeatures. */
	features: number[];
	/** Each shown feature's Fisher score (between-class over within-class scatter), in the same order. */
	scores: number[];
	/** Per class, the mean z of each shown feature over its labeled training rows (in the order of `features`). */
	prototypes: number[][];
}

/** A table byte as the loader quantized it back to z (standard deviations from the feature's training mean). */
export function byteToZ(byte: number): number {
	return (byte / 255) * 2 * tableZRange - tableZRange;
}

/**
 * Ranks the features of `rows` (count × features bytes, as the table loader wrote them) by Fisher score on the rows
 * whose label is not `unlabeledMark`: Σ_c n_c (μ_c − μ)² / Σ_c Σ_{i∈c} (x_i − μ_c)². A feature that separates the classes
 * scores high; a constant one scores 0. Ties keep column order, so the same data always gives the same tiles.
 */
export function tableProfile(rows: Uint8Array, labels: Uint8Array, features: number, classes: number): TableProfile {
	const count = labels.length;
	const sums = new Float64Array(classes * features);
	const sizes = new Float64Array(classes);
	const total = new Float64Array(features);
	let labeled = 0;
	for (let r = 0; r < count; r++) {
		const label = labels[r]!;
		if (label === unlabeledMark || label >= classes) continue;
		labeled++;
		sizes[label]!++;
		for (let f = 0; f < features; f++) {
			const z = byteToZ(rows[r * features + f]!);
			sums[label * features + f]! += z;
			total[f]! += z;
		}
	}

	const means = sums.map((sum, at) => (sizes[Math.floor(at / features)]! > 0 ? sum / sizes[Math.floor(at / features)]! : 0));
	const within = new Float64Array(features);
	for (let r = 0; r < count; r++) {
		const label = labels[r]!;
		if (label === unlabeledMark || label >= classes) continue;
		for (let f = 0; f < features; f++) within[f]! += (byteToZ(rows[r * features + f]!) - means[label * features + f]!) ** 2;
	}

	const scores = Array.from({length: features}, (_, f) => {
		const mean = labeled > 0 ? total[f]! / labeled : 0;
		let between = 0;
		for (let c = 0; c < classes; c++) between += sizes[c]! * (means[c * features + f]! - mean) ** 2;
		if (between === 0) return 0;
		// Classes that do not overlap at all in this feature: the best a feature can be.
		return within[f]! > 0 ? between / within[f]! : Number.MAX_VALUE;
	});
	const shown = scores
		.map((score, f) => ({score, f}))
		.sort((a, b) => b.score - a.score || a.f - b.f)
		.slice(0, maxProfileFeatures)
		.map(entry => entry.f);
	return {
		features: shown,
		scores: shown.map(f => scores[f]!),
		prototypes: Array.from({length: classes}, (_, c) => shown.map(f => means[c * features + f]!)),
	};
}
