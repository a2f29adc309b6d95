// The dashboard in a real 80×24 terminal on a drop-in IDX folder of 16×16 images and 4 classes labeled 1, 3, 5, 8.
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {cliPath, isolatedEnv} from '../cli/run-cli.js';
import {writePatternDataset} from '../fixtures/idx-files.js';
import {startTerminal, type TerminalSession} from './terminal.js';

let session: TerminalSession | undefined;
afterEach(() => {
	try {
		session?.kill();
	} catch {
		// Already gone.
	}

	session = undefined;
});

describe('the dashboard on 16×16 images of 4 classes', () => {
	it('races to the end, names the shape and the classes, and tables 4 classes, not 10', async () => {
		const root = mkdtempSync(path.join(tmpdir(), 'pltui-16x16-tui-'));
		const data = path.join(root, 'bars');
		mkdirSync(data);
		writePatternDataset(data, {side: 16, labelValues: [1, 3, 5, 8], train: 800, test: 200});
		const preset = path.join(root, 'small.json');
		writeFileSync(preset, JSON.stringify({name: 'small', description: 'the tutorial on 40 labels', labeled: 40}));
		session = startTerminal(
			[cliPath, '--data-dir', data, '--preset', preset, '--warmup', '3', '--epochs', '3', '--backend', 'wasm', '--no-save'],
			{columns: 80, rows: 24, env: isolatedEnv()},
		);
		const term = session;
		const finished = await term.waitForScreen(text => text.includes('finished') && /Round 1/.test(text), 90_000, {settled: true});
		// The data line (it takes the header's sizes line at 80×24) names the shape and the class count.
		expect(finished).toContain('bars · images 16×16×1 · 4 classes');
		// The per-class table counts the four classes by their names only: its rows start where its heading does.
		const lines = finished.split('\n');
		const heading = lines.find(line => /label +used.* right$/.test(line));
		expect(heading, finished).toBeDefined();
		const column = heading!.indexOf('label');
		const table = lines.map(line => line.slice(column)).filter(line => /^\S+ [▏▎▍▌▋▊▉█]+ +\d+ +\d+%$/.test(line));
		expect(table.map(line => line.split(' ')[0]), finished).toEqual(['1', '3', '5', '8']);
		expect(finished).not.toMatch(/digit/i);
		term.write('q');
		expect((await term.exited).exitCode).toBe(0);
		expect(term.output()).not.toMatch(/\n\s+at /);
	}, 120_000);
});
