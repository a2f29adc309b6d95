// The Markdown report of a race on your own data: the descriptor's shape, mode and class names, the loader's notes,
// and in real mode "no truth" wherever a precision would need the hidden labels.
import {describe, expect, it} from 'vitest';
import type {DatasetInfo} from '../../source/core/dataset-info.js';
import {buildSummary} from '../../source/summary/build-summary.js';
import {renderMarkdown} from '../../source/summary/render-markdown.js';
import {runSummarySchema} from '../../source/summary/run-summary.js';
import {raceState} from './race-fixture.js';

const environment = {backend: 'wasm', node: 'v20.20.2', cpu: {model: 'Test CPU', cores: 2}};
const now = new Date(2026, 11, 4, 21, 0, 0);

function report(mode: DatasetInfo['mode']) {
	const state = raceState({preset: 'tutorial'});
	const info: DatasetInfo = {name: 'pets', kind: 'image', height: 32, width: 32, channels: 3, classNames: ['cat', 'dog', 'hamster'], mode};
	const withData = {...state, dataset: {...state.dataset!, name: 'pets', info, notes: ['images fitted to 32×32 (letterboxed)']}};
	const summary = buildSummary(withData, {partial: false, presetName: 'tutorial', environment, now, id: 'abc123'});
	return {summary, markdown: renderMarkdown(summary)};
}

describe('the report on your own data', () => {
	it('names the shape, the mode, the classes and the notes; the summary keeps the descriptor through its schema', () => {
		const {summary, markdown} = report('simulation');
		expect(markdown).toContain('| Data | images 32×32×3, simulation |');
		expect(markdown).toContain('| Classes | 3: cat, dog, hamster |');
		expect(markdown).toContain('| Note | images fitted to 32×32 (letterboxed) |');
		expect(markdown).not.toContain('no truth');
		const parsed = runSummarySchema.parse(JSON.parse(JSON.stringify(summary)));
		expect(parsed.dataset.info?.classNames).toEqual(['cat', 'dog', 'hamster']);
	});

	it('in real mode says "no truth" instead of every precision', () => {
		const {markdown} = report('real');
		expect(markdown).toContain('images 32×32×3, real: no truth');
		const precisionCells = markdown.split('\n').filter(line => /^\| \d+ \| [\d,]+ \|/.test(line));
		expect(precisionCells.length).toBeGreaterThan(0);
		for (const line of precisionCells) expect(line).toContain('| no truth |');
		expect(markdown).not.toMatch(/\| \d+\.\d% \| 0\.8 \|/);
	});
});
