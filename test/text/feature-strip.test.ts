// Table rows as sample tiles: the row's bars over its class's mean, marks where they differ by more than 1 σ, every
// line the tile's width at both sizes; the legend naming the columns, cut to fit; the caption that keeps the legend.
import {describe, expect, it} from 'vitest';
import type {TableProfile} from '../../source/core/table-profile.js';
import {quantize} from '../../source/data/formats/quantize.js';
import {digitArtSize} from '../../source/text/digit-art.js';
import {captionWithLegend, featureLegend, renderFeatureStrip, shownFeatureCount} from '../../source/text/feature-strip.js';
import {displayWidth} from '../../source/text/wrap.js';

/** Three features shown in the order 2, 0, 1; class 0's mean row and class 1's. */
const profile: TableProfile = {features: [2, 0, 1], scores: [3, 2, 1], prototypes: [[0, 0, 0], [2, -2, 0]]};
/** A row whose z are f0 = −2, f1 = 0, f2 = +2 (so shown: +2, −2, 0). */
const row = [quantize(-2), quantize(0), quantize(2)];

describe('renderFeatureStrip', () => {
	it('fills the tile exactly: 14 columns × 7 lines compact, 28 × 14 full', () => {
		for (const size of ['compact', 'full'] as const) {
			const lines = renderFeatureStrip(row, profile.prototypes[0], profile, size);
			expect(lines).toHaveLength(digitArtSize(size).lines);
			for (const line of lines) expect(displayWidth(line.text)).toBe(digitArtSize(size).columns);
		}
	});

	it('compact: 3 lines of the row, a marks line, 3 faint lines of the class mean; each feature 4 columns wide', () => {
		const lines = renderFeatureStrip(row, profile.prototypes[0], profile, 'compact');
		expect(lines.map(line => line.faint)).toEqual([false, false, false, false, true, true, true]);
		const text = lines.map(line => line.text);
		// Shown first: f2 at +2 σ (a full bar), then f0 at −2 σ (only its foot), then f1 at 0 (half: 12 of 24 eighths).
		expect(text.slice(0, 3).map(line => line.slice(0, 4))).toEqual(['████', '████', '████']);
		expect(text.slice(0, 3).map(line => line.slice(4, 8))).toEqual(['    ', '    ', '▁▁▁▁']);
		expect(text.slice(0, 3).map(line => line.slice(8, 12))).toEqual(['    ', '▄▄▄▄', '████']);
		// Against class 0's mean (all 0): f2 is 2 σ above, f0 2 σ below, f1 level with it.
		expect(text[3]).toBe(' ▲   ▼        ');
		// The mean row: three half bars.
		expect(text.slice(4).map(line => line.slice(0, 12))).toEqual(['            ', '▄▄▄▄▄▄▄▄▄▄▄▄', '████████████']);
	});

	it('no marks where the row matches its class mean; the mean row is the class the model gave', () => {
		const lines = renderFeatureStrip(row, profile.prototypes[1], profile, 'compact');
		expect(lines[3]!.text.trim()).toBe('');
		expect(lines[4]!.text.slice(0, 4)).toBe('████');
	});

	it('without a class mean, the faint lines stay blank', () => {
		const lines = renderFeatureStrip(row, undefined, profile, 'full');
		expect(lines.filter(line => line.faint).every(line => line.text.trim() === '')).toBe(true);
		expect(lines.filter(line => !line.faint).some(line => line.text.includes('█'))).toBe(true);
	});

	it('a wide table shows one column per feature, 14 of them compact and 28 full', () => {
		const wide: TableProfile = {features: Array.from({length: 28}, (_, f) => f), scores: [], prototypes: []};
		expect(shownFeatureCount(wide, 'compact')).toBe(14);
		expect(shownFeatureCount(wide, 'full')).toBe(28);
		const lines = renderFeatureStrip(new Array(28).fill(quantize(0)), undefined, wide, 'compact');
		expect(lines[2]!.text).toBe('█'.repeat(14));
	});
});

describe('the legend and the caption', () => {
	const names = ['alcohol', 'proline', 'hue'];

	it('names the shown columns left to right, cut with … to the width', () => {
		expect(featureLegend(profile, names, 'compact', 80)).toBe('cols: hue alcohol proline');
		expect(featureLegend(profile, names, 'compact', 20)).toBe('cols: hue alcohol …');
		expect(featureLegend(profile, undefined, 'compact', 80)).toBe('cols: #2 #0 #1');
	});

	it('keeps the legend: a shorter explanation gives way, never the column names', () => {
		const explanations = ['a long explanation of what the bars mean, forty-odd columns', 'short', 'x'];
		const legend = (width: number) => featureLegend(profile, names, 'compact', width);
		expect(captionWithLegend(explanations, legend, 100)).toBe(`${explanations[0]} · cols: hue alcohol proline`);
		expect(captionWithLegend(explanations, legend, 60)).toBe('short · cols: hue alcohol proline');
		for (const width of [20, 40, 60, 80, 100]) expect(displayWidth(captionWithLegend(explanations, legend, width))).toBeLessThanOrEqual(width);
	});

	it('a legend longer than a third of the line is cut rather than the last explanation of what the bars are', () => {
		const many: TableProfile = {features: Array.from({length: 8}, (_, f) => f), scores: [], prototypes: []};
		const long = ['proline', 'alcohol', 'color_intensity', 'hue', 'malic_acid', 'noise_two', 'ash', 'noise_one'];
		const caption = captionWithLegend(['Round 1 of 1: row over class mean; no truth', 'Round 1 of 1'], room => featureLegend(many, long, 'compact', room), 100);
		expect(caption).toBe('Round 1 of 1: row over class mean; no truth · cols: proline alcohol color_intensity hue malic_acid …');
	});
});
