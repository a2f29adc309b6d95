import {describe, expect, it} from 'vitest';
import {loadPreset} from '../../source/config/presets.js';
import {totalEpochs} from '../../source/config/run-config.js';
import {buildSummary} from '../../source/summary/build-summary.js';
import {renderMarkdown, summaryChart} from '../../source/summary/render-markdown.js';
import {escapeXml, renderSvg, renderSvgChart} from '../../source/summary/render-svg.js';
import {raceState} from './race-fixture.js';
import {parseXml} from './xml-well-formed.js';

const environment = {backend: 'wasm', node: 'v20.20.2', cpu: {model: 'Test CPU', cores: 2}};
const now = new Date(2026, 10, 24, 14, 3, 9);

function summaryOf(preset = 'tutorial', stopAfter?: number) {
	const state = raceState({config: loadPreset(preset).config, preset, stopAfter});
	return buildSummary(state, {partial: stopAfter !== undefined, presetName: preset, environment, now, id: 'c0ffee'});
}

describe('renderMarkdown', () => {
	it('reports the outcome, the rounds and the chart', () => {
		const summary = summaryOf('self-training');
		const markdown = renderMarkdown(summary);
		expect(markdown).toMatch(/^# Pseudo-labeling race: self-training, 2026-11-24 14:03\n/);
		expect(markdown).toContain('| Preset | self-training |');
		expect(markdown).toContain('| Dataset | MNIST: 1,000 labeled, 59,000 unlabeled, 10,000 test |');
		expect(markdown).toContain('| Backend | wasm (Node v20.20.2, Test CPU, 2 cores) |');
		const supervised = summary.runs.supervised.finalAccuracy!;
		const semi = summary.runs.semi.finalAccuracy!;
		expect(markdown).toContain(`| Supervised accuracy | ${(supervised * 100).toFixed(2)}% |`);
		expect(markdown).toContain(`| Semi-supervised accuracy | ${(semi * 100).toFixed(2)}% |`);
		expect(markdown).toContain(`| Gap (semi − supervised) | +${((semi - supervised) * 100).toFixed(2)} pts |`);
		const epochs = totalEpochs(loadPreset('self-training').config);
		expect(markdown).toContain(`| Epochs | ${epochs} of ${epochs} |`);
		expect(markdown).toContain('| Status | complete |');
		expect(markdown).toContain('| ID | c0ffee |');
		const roundRows = markdown.split('\n').filter(line => /^\| \d+ \| 59,000 \|/.test(line));
		expect(roundRows).toHaveLength(loadPreset('self-training').config.rounds);
		expect(roundRows[0]).toBe('| 1 | 59,000 | 48,380 | 82.0% | 97.2% |');
		expect(markdown).toContain(`\`\`\`text\n${summaryChart(summary)}\n\`\`\``);
		expect(markdown).toContain('"threshold": 0.9');
	});

	it('marks a stopped race as partial and says when no round finished', () => {
		const markdown = renderMarkdown(summaryOf('tutorial', 5));
		expect(markdown).toContain('| Status | partial (stopped before the end) |');
		expect(markdown).toContain('| Epochs | 5 of 30 |');
		expect(markdown).toContain('No labeling round finished.');
	});

	it('keeps table cells intact when the preset name contains a pipe', () => {
		const summary = {...summaryOf(), preset: 'a|b'};
		expect(renderMarkdown(summary)).toContain('| Preset | a\\|b |');
	});
});

describe('renderSvg', () => {
	it('is well-formed XML with one polyline per run, axes, ticks and a legend', () => {
		const summary = summaryOf('self-training');
		const elements = parseXml(renderSvg(summary));
		expect(elements[0].name).toBe('svg');
		const polylines = elements.filter(element => element.name === 'polyline');
		expect(polylines).toHaveLength(2);
		for (const polyline of polylines) {
			expect(polyline.attributes.points.split(' ')).toHaveLength(totalEpochs(loadPreset('self-training').config));
		}

		const texts = renderSvg(summary).match(/<text[^>]*>[^<]*<\/text>/g)!.map(tag => tag.replace(/<[^>]+>/g, ''));
		expect(texts).toContain('100%');
		expect(texts).toContain('epoch');
		expect(texts).toContain('30');
		// One label per round start, short (R1, R2…) when rounds sit close together.
		expect(texts.filter(text => /^(round |R)\d+$/.test(text))).toHaveLength(loadPreset('self-training').config.rounds);
		expect(texts.some(text => text.startsWith('supervised '))).toBe(true);
		expect(texts.some(text => text.startsWith('semi-supervised '))).toBe(true);
	});

	it('draws higher accuracy higher up', () => {
		const svg = renderSvg(summaryOf());
		const [supervised, semi] = parseXml(svg).filter(element => element.name === 'polyline');
		const lastY = (points: string) => Number(points.split(' ').at(-1)!.split(',')[1]);
		expect(lastY(semi.attributes.points)).toBeLessThan(lastY(supervised.attributes.points));
	});

	it('escapes text so any label stays well-formed', () => {
		const svg = renderSvgChart(
			[
				{label: '<a & "b">', values: [0.5, 0.7], color: '#000'},
				{label: "it's", values: [], color: '#111'},
			],
			{title: 'x < y && z', totalEpochs: 3},
		);
		expect(() => parseXml(svg)).not.toThrow();
		expect(svg).not.toContain('<a &');
		expect(escapeXml('<&>"\'')).toBe('&#60;&#38;&#62;&#34;&#39;');
		expect(parseXml(svg).filter(element => element.name === 'polyline')).toHaveLength(2);
	});
});

describe('parseXml (the test helper)', () => {
	it('rejects what is not well-formed', () => {
		expect(() => parseXml('<svg><g></svg>')).toThrow();
		expect(() => parseXml('<svg><text>a & b</text></svg>')).toThrow();
		expect(() => parseXml('<svg a="1" a="2"/>')).toThrow();
		expect(() => parseXml('<svg x=1/>')).toThrow();
		expect(() => parseXml('<svg/><svg/>')).toThrow();
		expect(parseXml('<?xml version="1.0"?>\n<svg><g a="&amp;"/></svg>\n')).toHaveLength(2);
	});
});
