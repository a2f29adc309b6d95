// Sweep files saved by Windows Notepad (UTF-8 with a byte-order mark): the manifest still resumes, a summary still counts.
import fs from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {readSummaries} from '../../source/sweep/report-files.js';
import {sweep, tempDir} from './fixtures/sweep-helpers.js';
import {summaryJson} from './fixtures/summaries.js';

const withBom = async (file: string) => fs.writeFile(file, `\uFEFF${await fs.readFile(file, 'utf8')}`);

describe('sweep files with a byte-order mark', {timeout: 30_000}, () => {
	it('resumes from a sweep.json that starts with one', async () => {
		const out = await tempDir('sweep-bom-');
		expect((await sweep({preset: 'quick', seeds: '2', out})).code).toBe(0);
		await withBom(path.join(out, 'sweep.json'));
		const again = await sweep({preset: 'quick', seeds: '2', out});
		expect(again.stderr.split('\n')[0]).toBe('sweep: 2 trials, 2 already done (skipped), 1 at a time');
		expect(again.code).toBe(0);
	});

	it('reads a run summary that starts with one', async () => {
		const dir = await tempDir('summary-bom-');
		await fs.writeFile(path.join(dir, 'run.json'), `\uFEFF${JSON.stringify(summaryJson({seed: 1, contenders: [{id: 'semi', final: 0.9}]}))}`);
		const {summaries, unreadable} = await readSummaries(dir);
		expect(unreadable).toEqual([]);
		expect(summaries).toHaveLength(1);
	});

	it('passes over a race\'s exported model folders: their model.json is no unreadable summary', async () => {
		const dir = await tempDir('summary-models-');
		await fs.writeFile(path.join(dir, 'run.json'), JSON.stringify(summaryJson({seed: 1, contenders: [{id: 'semi', final: 0.9}]})));
		await fs.mkdir(path.join(dir, 'run.semi.model'));
		await fs.writeFile(path.join(dir, 'run.semi.model', 'model.json'), '{"format": "pseudolabel-tui-mlp"}');
		await fs.mkdir(path.join(dir, 'seed-2'));
		await fs.writeFile(path.join(dir, 'seed-2', 'notes.json'), '{"hello": 1}');
		const {summaries, unreadable} = await readSummaries(dir);
		expect(summaries).toHaveLength(1);
		// Other folders are still read: a foreign file there is said.
		expect(unreadable.map(item => item.file)).toEqual(['seed-2/notes.json']);
	});
});
