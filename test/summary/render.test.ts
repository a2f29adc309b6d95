import {describe, expect, it} from 'vitest';
import {resolveRace, type KnobPatch} from '../../source/config/contenders.js';
import {buildSummary} from '../../source/summary/build-summary.js';
import {renderMarkdown, summaryChart} from '../../source/summary/render-markdown.js';
import {escapeXml, renderSvg, renderSvgChart} from '../../source/summary/render-svg.js';
import {contenderStyle} from '../../source/text/contender-style.js';
import {fourContenders, fourShared, raceState, type FixtureOptions} from './race-fixture.js';
import {parseXml} from './xml-well-formed.js';

const environment = {backend: 'wasm', node: 'v20.20.2', cpu: {model: 'Test CPU', cores: 2}};
const now = new Date(2026, 10, 24, 14, 3, 9);

function summaryOf(preset = 'tutorial', stopAfter?: number) {
	const state = raceState({preset, stopAfter});
	return buildSummary(state, {partial: stopAfter !== undefined, presetName: preset, environment, now, id: 'c0ffee'});
}

/** The eight-round self-training settings as a preset without a contender list: supervised and semi, as before contenders. */
const listless: KnobPatch = {threshold: 0.9, rounds: 8, epochsPerRound: 3, batchSize: 64, augmentEveryEpoch: true, augmentLabeled: true};

function listlessSummary() {
	return buildSummary(raceState({shared: listless}), {partial: false, presetName: 'self-training', environment, now, id: 'c0ffee'});
}

function fourSummary(options: Partial<FixtureOptions> = {}) {
	const state = raceState({contenders: fourContenders, shared: fourShared, ...options});
	return buildSummary(state, {partial: options.stopAfter !== undefined, presetName: 'four', environment, now, id: 'f0f0f0'});
}

const pct = (value: number | null) => `${(value! * 100).toFixed(2)}%`;

describe('renderMarkdown', () => {
	it('reports the race, one row per contender with the gap to supervised, the rounds and the chart', () => {
		const summary = listlessSummary();
		const markdown = renderMarkdown(summary);
		expect(markdown).toMatch(/^# Pseudo-labeling race: self-training, 2026-11-24 14:03\n/);
		expect(markdown).toContain('| Preset | self-training |');
		expect(markdown).toContain('| Dataset | MNIST: 1,000 labeled, 59,000 unlabeled, 10,000 test |');
		expect(markdown).toContain('| Backend | wasm (Node v20.20.2, Test CPU, 2 cores, 2 contenders on 2 cores) |');
		const [supervised, semi] = summary.contenders;
		expect(markdown).toContain(`| ── | supervised | supervised | supervised | ${pct(supervised!.finalAccuracy)} | baseline | – | – |`);
		const gap = ((semi!.finalAccuracy! - supervised!.finalAccuracy!) * 100).toFixed(2);
		expect(markdown).toContain(`| ━━ | self-training | semi | self-training | ${pct(semi!.finalAccuracy)} | +${gap} pts | `);
		const {epochs} = resolveRace(listless, undefined);
		expect(markdown).toContain(`| Epochs | ${epochs} of ${epochs} |`);
		expect(markdown).toContain('| Status | complete |');
		expect(markdown).toContain('| ID | c0ffee |');
		const roundRows = markdown.split('\n').filter(line => /^\| \d+ \| 59,000 \|/.test(line));
		expect(roundRows).toHaveLength(8);
		expect(roundRows[0]).toBe('| 1 | 59,000 | 48,380 | 82.0% | 97.2% | 0.9 |');
		expect(markdown).toContain(`\`\`\`text\n${summaryChart(summary)}\n\`\`\``);
		// A preset without contenders keeps its old meaning: the augmentation switches are the pseudo-label run's only.
		expect(markdown).toMatch(/^\| augmentLabeled \| false \| true \|$/m);
		expect(markdown).toContain('threshold: 0.9');
		expect(markdown).toContain('strongAugmentation.cutout: 10');
	});

	it('shows four contenders: rows, chart legend in contender-style glyphs, settings that differ, per-contender rounds', () => {
		const summary = fourSummary();
		const markdown = renderMarkdown(summary);
		for (const [index, contender] of summary.contenders.entries()) {
			expect(markdown).toContain(`| ${contenderStyle(index).glyph} | ${contender.name} | ${contender.id} |`);
		}

		const legend = summaryChart(summary).split('\n').at(-1)!;
		expect(legend).toBe(`      ── supervised  ━━ self-training  ══ Lee 2013  ┄┄ FlexMatch`);
		expect(markdown).toMatch(/^\| Setting \| supervised \| self-training \| Lee 2013 \| FlexMatch \|$/m);
		expect(markdown).toMatch(/^\| threshold \| 0\.8 \| 0\.8 \| 0\.8 \| 0\.95 \|$/m);
		expect(markdown).toContain('### self-training (semi)');
		expect(markdown).toContain('| Round | Pool | Used | Rate | Precision | Threshold |');
		// Online methods use pseudo-labels every epoch: "Used", with α (Lee 2013) or a threshold per digit (FlexMatch).
		expect(markdown).toContain('### Lee 2013 (lee)');
		expect(markdown).toContain('| Epoch | Drawn | Used | Rate | Precision | Threshold | α |');
		// Named by the chart's epoch, warm-up included (5 warm-up epochs: the first online epoch is epoch 6).
		expect(markdown).toMatch(/### Lee 2013 \(lee\)\n\n\| Epoch[^\n]*\n[^\n]*\n\| 6 \| /);
		expect(markdown).toContain('| Epoch | Drawn | Used | Rate | Precision | Threshold | Threshold per digit 0–9 |');
		expect(markdown).toContain('0.50 0.54 0.58');
		expect(markdown).toMatch(/\| FlexMatch \| flex \| FlexMatch \| [\d.]+% \| \+[\d.]+ pts \| 64\.0% used \|/);
		expect(markdown).toMatch(/\| self-training \| semi \| self-training \| [\d.]+% \| \+[\d.]+ pts \| 84\.0% used \| 97\.4% \|/);
	});

	it('adds a method\'s own live numbers as a Signals column and a self-adaptive threshold to three digits', () => {
		const summary = fourSummary();
		const flex = summary.contenders.find(contender => contender.id === 'flex')!;
		flex.rounds = flex.rounds.map((round, index) => ({
			...round,
			threshold: 0.21773139,
			...(index === 0 ? {signals: [{name: 'teacher', value: 0.9123, percent: true}, {name: 'consistency weight', value: 1}]} : {}),
		}));
		const markdown = renderMarkdown(summary);
		expect(markdown).toContain('| Epoch | Drawn | Used | Rate | Precision | Threshold | Signals | Threshold per digit 0–9 |');
		expect(markdown).toMatch(/^\| 6 \| .* \| 0\.218 \| teacher 91\.2% · consistency weight 1 +\| 0\.50 /m);
		expect(renderMarkdown(fourSummary())).not.toContain('Signals');
	});

	it('names a failed contender and its error', () => {
		const markdown = renderMarkdown(fourSummary({crash: ['lee']}));
		expect(markdown).toMatch(/\| Lee 2013 \| lee \| Lee 2013 \| .* \| failed \|$/m);
		expect(markdown).toContain('- **Lee 2013** (lee) failed: RangeError: out of memory in lee');
	});

	it('marks a stopped race as partial and says when no round finished', () => {
		const markdown = renderMarkdown(summaryOf('tutorial', 5));
		expect(markdown).toContain('| Status | partial (stopped before the end) |');
		expect(markdown).toContain('| Epochs | 5 of 30 |');
		expect(markdown).toContain('No labeling round finished.');
		expect(markdown).toMatch(/\| semi \| .* \| training \|$/m);
	});

	it('keeps table cells intact when the preset or a contender name contains a pipe', () => {
		const base = summaryOf();
		const summary = {...base, preset: 'a|b', contenders: base.contenders.map(c => ({...c, name: `${c.name}|x`}))};
		const markdown = renderMarkdown(summary);
		expect(markdown).toContain('| Preset | a\\|b |');
		expect(markdown).toContain('| supervised\\|x |');
	});
});

describe('renderSvg', () => {
	it('is well-formed XML with one polyline per contender, axes, ticks, round markers and a legend', () => {
		const summary = listlessSummary();
		const svg = renderSvg(summary);
		const elements = parseXml(svg);
		expect(elements[0]!.name).toBe('svg');
		const polylines = elements.filter(element => element.name === 'polyline');
		expect(polylines).toHaveLength(2);
		for (const polyline of polylines) {
			expect(polyline.attributes.points!.split(' ')).toHaveLength(resolveRace(listless, undefined).epochs);
		}

		const texts = svg.match(/<text[^>]*>[^<]*<\/text>/g)!.map(tag => tag.replace(/<[^>]+>/g, ''));
		expect(texts).toContain('100%');
		expect(texts).toContain('epoch');
		expect(texts).toContain('30');
		// One label per round start, short (R1, R2…) when rounds sit close together.
		expect(texts.filter(text => /^(round |R)\d+$/.test(text))).toHaveLength(8);
		expect(texts.some(text => text.startsWith('supervised '))).toBe(true);
		expect(texts.some(text => /^self-training [\d.]+% \(\+[\d.]+ pts\)$/.test(text))).toBe(true);
	});

	it('draws four contenders in their contender-style colour and dash, legend lines to match, labels that read without colour', () => {
		const summary = fourSummary();
		const svg = renderSvg(summary);
		const elements = parseXml(svg);
		const polylines = elements.filter(element => element.name === 'polyline');
		expect(polylines).toHaveLength(4);
		for (const [index, polyline] of polylines.entries()) {
			const style = contenderStyle(index);
			expect(polyline.attributes.stroke).toBe(style.svg);
			expect(polyline.attributes['stroke-dasharray']).toBe(style.dash === '' ? undefined : style.dash);
		}

		const legendLines = elements.filter(element => element.name === 'line' && element.attributes['stroke-width'] === '3');
		expect(legendLines.map(line => line.attributes.stroke)).toEqual([0, 1, 2, 3].map(index => contenderStyle(index).svg));
		const texts = svg.match(/<text[^>]*>[^<]*<\/text>/g)!.map(tag => tag.replace(/<[^>]+>/g, ''));
		for (const contender of summary.contenders) {
			expect(texts.some(text => text.startsWith(`${contender.name} `))).toBe(true);
		}

		// Two rounds of the one offline contender are marked; the online ones have no rounds to mark.
		expect(texts.filter(text => /^(round |R)\d+$/.test(text))).toHaveLength(2);
	});

	it('marks no rounds when offline contenders label on different schedules', () => {
		const contenders = [
			{id: 'one', name: 'one round', method: 'pseudo-label' as const, patch: {rounds: 1}},
			{id: 'three', name: 'three rounds', method: 'pseudo-label' as const, patch: {rounds: 3}},
		];
		const state = raceState({contenders, shared: {warmupEpochs: 3, epochsPerRound: 2}});
		const svg = renderSvg(buildSummary(state, {partial: false, presetName: 'rounds', environment, now}));
		expect(svg).not.toMatch(/>(round |R)\d+</);
		expect(() => parseXml(svg)).not.toThrow();
	});

	it('draws higher accuracy higher up', () => {
		const svg = renderSvg(summaryOf());
		const [supervised, semi] = parseXml(svg).filter(element => element.name === 'polyline');
		const lastY = (points: string) => Number(points.split(' ').at(-1)!.split(',')[1]);
		expect(lastY(semi!.attributes.points!)).toBeLessThan(lastY(supervised!.attributes.points!));
	});

	it('escapes text so any label stays well-formed', () => {
		const svg = renderSvgChart(
			[
				{label: '<a & "b">', values: [0.5, 0.7], color: '#000', dash: '2 "3'},
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
