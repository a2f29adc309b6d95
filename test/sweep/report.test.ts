import fs from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {settingsCatalog} from '../../source/cli/knob-catalog.js';
import {aggregate} from '../../source/sweep/report.js';
import {readSummaries, writeReport} from '../../source/sweep/report-files.js';
import {formatGap, renderReportMarkdown} from '../../source/sweep/report-markdown.js';
import type {ContenderStats} from '../../source/sweep/report.js';
import {renderReportSvg} from '../../source/sweep/report-svg.js';
import {parseXml} from '../summary/xml-well-formed.js';
import {summaryJson, summaryOf, type SummarySpec} from './fixtures/summaries.js';

function grid(): SummarySpec[] {
	const specs: SummarySpec[] = [];
	for (const threshold of [0.5, 0.95]) {
		for (const labeled of [100, 1000]) {
			for (const seed of [1, 2, 3]) {
				const base = labeled === 100 ? 0.78 : 0.91;
				specs.push({
					seed,
					threshold,
					labeled,
					contenders: [
						{id: 'supervised', final: base + seed * 0.002},
						{id: 'semi', final: base + (threshold === 0.5 ? 0.02 : 0.03) + seed * 0.003, lastRound: {acceptanceRate: 0.9, precision: 0.94}},
						{id: 'fix<&>', method: 'fixmatch', final: base + 0.04, lastRound: {acceptanceRate: 0.7, precision: 0.97, kind: 'online'}},
					],
				});
			}
		}
	}

	return specs;
}

// Folders that are not trial ids: the cells come from the settings that differ, named by flags through the catalog.
const gridReport = () =>
	aggregate({summaries: grid().map(spec => summaryOf(spec, `t${spec.threshold}-l${spec.labeled}/seed-${spec.seed}/r.json`)), catalog: settingsCatalog});

describe('report Markdown', () => {
	it('says what was swept, how to reproduce, and has a table per cell', () => {
		const report = gridReport();
		const markdown = renderReportMarkdown(report);
		expect(markdown).toMatch(/^# Sweep report: tutorial\n/);
		expect(markdown).toContain('12 complete races of preset `tutorial`, seeds 1, 2, 3, in 4 cells.');
		expect(markdown).toContain('Settings that differ between races: `--labeled` (100, 1000); `--threshold` (0.5, 0.95).');
		expect(markdown).toContain('This folder has no sweep.json');
		expect(markdown).toContain('## --labeled 100 --threshold 0.5');
		expect(markdown).toContain('| supervised | supervised | 78.40 ± 0.20% | 78.20–78.60% | 3 | reference | – | – |');
		// semi − supervised = 0.02 + seed × 0.001: +2.20 ± 0.10 pts, positive in all three seeds.
		expect(markdown).toContain('| semi | pseudo-label | 80.60 ± 0.30% | 80.30–80.90% | 3 | +2.20 ± 0.10 pts (3/3) | accepted 90.0% | 94.0% |');
		expect(markdown).toContain('| used 70.0% | 97.0% |');
		expect(markdown).toContain('## Overview');
		expect(markdown).toContain('Every summary found was counted.');
	});

	it('names the data and its labeled counts, which the cells show only where a sweep varied them', () => {
		expect(renderReportMarkdown(gridReport())).toContain('Data: MNIST (60,000 training, 10,000 test samples; 100, 1,000 labeled).');
		const one = aggregate({summaries: [1, 2].map(seed => summaryOf({seed, labeled: 72, contenders: [{id: 'supervised', final: 0.9}]}, `seed-${seed}/a.json`))});
		expect(one.datasets).toEqual(['MNIST (60,000 training, 10,000 test samples; 72 labeled)']);
		expect(renderReportMarkdown(one)).toContain('No setting differs between the races but the seed.\n');
	});

	it('lists what was not counted', () => {
		const summaries = [
			summaryOf({seed: 1, contenders: [{id: 'supervised', final: 0.9}]}, 'seed-1/a.json'),
			summaryOf({seed: 2, partial: true, contenders: [{id: 'supervised', final: 0.5}]}, 'seed-2/a.json'),
		];
		const markdown = renderReportMarkdown(
			aggregate({summaries, unreadable: [{file: 'x.json', problem: 'bad | json'}], failed: [{id: 'seed-3', error: 'exit code 1: boom'}]}),
		);
		expect(markdown).toContain('## Results');
		expect(markdown).toContain('- Stopped early (partial summaries, not counted): 1\n  - `seed-2/a.json` (seed 2, all)');
		expect(markdown).toContain('- Failed trials: 1\n  - `seed-3`: exit code 1: boom');
		expect(markdown).toContain(String.raw`- Unreadable files: 1` + '\n  - `x.json`: bad \\| json');
	});
});

describe('report SVG', () => {
	it('is well-formed, with error-bar charts per varied setting and curve panels with bands and text legends', () => {
		const svg = renderReportSvg(gridReport());
		const elements = parseXml(svg);
		expect(elements[0]!.name).toBe('svg');
		const panels = elements.filter(element => element.name === 'g' && element.attributes.class !== undefined);
		expect(panels.filter(element => element.attributes.class === 'knob-chart')).toHaveLength(2);
		expect(panels.filter(element => element.attributes.class === 'curves')).toHaveLength(4);
		// Per knob chart: 3 contenders × 2 values of the other knob; per curve panel: a band per contender.
		expect(elements.filter(element => element.name === 'polygon' && element.attributes['fill-opacity'] !== undefined)).toHaveLength(12);
		expect(svg).toContain('Final accuracy against --threshold (mean ± 1 sd over seeds)');
		expect(svg).toContain('semi, --labeled 100');
		expect(svg).toContain('fix&#60;&#38;&#62;');
	});

	it('draws something sensible for one cell and for nothing at all', () => {
		const one = aggregate({summaries: [summaryOf({seed: 1, contenders: [{id: 'supervised', final: 0.9, curve: [0.9]}]})]});
		expect(() => parseXml(renderReportSvg(one))).not.toThrow();
		const none = renderReportSvg(aggregate({summaries: []}));
		expect(() => parseXml(none)).not.toThrow();
		expect(none).toContain('No race finished');
	});
});

describe('report files', () => {
	it('reads summaries recursively, skips its own files, and writes the three reports atomically', async () => {
		const dir = await fs.mkdtemp(path.join(tmpdir(), 'sweep-report-'));
		for (const spec of grid().slice(0, 3)) {
			await fs.mkdir(path.join(dir, `cell/seed-${spec.seed}`), {recursive: true});
			await fs.writeFile(path.join(dir, `cell/seed-${spec.seed}/run.json`), JSON.stringify(summaryJson(spec)));
		}

		await fs.writeFile(path.join(dir, 'cell/broken.json'), '{"formatVersion": 2,');
		await fs.mkdir(path.join(dir, '.hidden'));
		await fs.writeFile(path.join(dir, '.hidden/x.json'), '{}');
		const first = await writeReport(dir);
		expect(first.report.trials).toBe(3);
		expect(first.report.excluded.unreadable).toEqual([{file: 'cell/broken.json', problem: expect.stringMatching(/JSON/)}]);
		const again = await writeReport(dir);
		expect(await fs.readFile(again.md, 'utf8')).toBe(await fs.readFile(first.md, 'utf8'));
		expect((await fs.readdir(dir)).sort()).toEqual(['.hidden', 'cell', 'report.json', 'report.md', 'report.svg']);
		expect((await readSummaries(dir)).summaries).toHaveLength(3);
		await fs.rm(dir, {recursive: true});
	});
});

describe('the gap column', () => {
	const gap = (mean: number, sd: number | null, sameSign: number, n: number) =>
		formatGap({gap: {mean, sd, sameSign, n, min: mean, max: mean}} as unknown as ContenderStats);

	it('signs a gap, and writes one that rounds to zero without a sign (not "±0.00 ± 0.00")', () => {
		expect(gap(0.022, 0.001, 3, 3)).toBe('+2.20 ± 0.10 pts (3/3)');
		expect(gap(-0.004, null, 1, 1)).toBe('−0.40 pts (1/1)');
		expect(gap(0.00001, 0.0002, 1, 2)).toBe('0.00 ± 0.02 pts (1/2)');
	});

	it('counts the seeds where a zero gap was zero as equal', () => {
		expect(gap(0, 0, 2, 2)).toBe('0.00 ± 0.00 pts (equal in 2/2)');
	});
});
