// The table profile the sample tiles draw: features ranked by Fisher score on the labeled rows only, and each class's
// mean row in z units, on rows built so the answer is known.
import {describe, expect, it} from 'vitest';
import {unlabeledMark} from '../../source/core/dataset-info.js';
import {byteToZ, maxProfileFeatures, tableProfile} from '../../source/core/table-profile.js';
import {tableZRange} from '../../source/core/table-augment.js';
import {quantize, zRange} from '../../source/data/formats/quantize.js';

/** Rows of 4 features (bytes as the loader quantizes z): f0 noise, f1 separates the classes, f2 constant, f3 a little. */
function rows(): {bytes: Uint8Array; labels: Uint8Array} {
	const z: number[][] = [];
	const labels: number[] = [];
	for (let i = 0; i < 40; i++) {
		const label = i % 2;
		const noise = ((i * 7) % 11) / 5 - 1;
		z.push([noise, label === 0 ? -1.5 + noise / 10 : 1.5 + noise / 10, 0, (label === 0 ? -0.3 : 0.3) + noise]);
		labels.push(label);
	}

	// Unlabeled rows that would rank f0 first if they counted: they must not.
	for (let i = 0; i < 40; i++) {
		z.push([i % 2 === 0 ? -3 : 3, 0, 0, 0]);
		labels.push(unlabeledMark);
	}

	return {bytes: Uint8Array.from(z.flat(), value => quantize(value)), labels: Uint8Array.from(labels)};
}

describe('tableProfile', () => {
	it('ranks the separating feature first and the constant one last, from labeled rows only', () => {
		const {bytes, labels} = rows();
		const profile = tableProfile(bytes, labels, 4, 2);
		expect(profile.features).toEqual([1, 3, 0, 2]);
		expect(profile.scores[0]).toBeGreaterThan(profile.scores[1]! * 10);
		expect(profile.scores[3]).toBe(0);
	});

	it('gives each class its mean z per shown feature (the prototype a tile draws)', () => {
		const {bytes, labels} = rows();
		const profile = tableProfile(bytes, labels, 4, 2);
		// Feature 1 (shown first): about −1.5 for class 0 and +1.5 for class 1, within a byte step (8/255 σ).
		expect(profile.prototypes[0]![0]).toBeCloseTo(-1.5, 1);
		expect(profile.prototypes[1]![0]).toBeCloseTo(1.5, 1);
		// The constant feature, shown last: 0 for both.
		expect(profile.prototypes[0]![3]).toBeCloseTo(0, 1);
	});

	it('shows at most the features a full tile has columns for, and keeps column order among equal scores', () => {
		const features = 40;
		const bytes = new Uint8Array(10 * features).fill(quantize(0));
		const labels = Uint8Array.from({length: 10}, (_, i) => i % 2);
		const profile = tableProfile(bytes, labels, features, 2);
		expect(profile.features).toEqual(Array.from({length: maxProfileFeatures}, (_, f) => f));
	});

	it('reads bytes back as the loader wrote them (the z-range agrees with data/formats/quantize.ts)', () => {
		expect(tableZRange).toBe(zRange);
		for (const z of [-4, -2, -0.5, 0, 1, 3.9]) expect(byteToZ(quantize(z))).toBeCloseTo(z, 1);
	});
});
