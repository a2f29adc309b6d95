// The dashboard in a real 80×24 terminal on data given with --data: a folder of RGB images (simulation mode) and a CSV
// table with unlabeled rows (real mode): the data line, the class names, and "no truth" where a number needs the truth.
import {rmSync} from 'node:fs';
import path from 'node:path';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {cliPath, isolatedEnv} from '../cli/run-cli.js';
import {pngBytes, put, temporaryFolder} from '../data/formats/data-files.js';
import {startTerminal, type TerminalSession} from './terminal.js';

let session: TerminalSession | undefined;
const roots: string[] = [];
afterEach(() => {
	try {
		session?.kill();
	} catch {
		// Already gone.
	}

	session = undefined;
});
afterAll(() => {
	for (const root of roots) rmSync(root, {recursive: true, force: true});
});

const tiny = ['--preset', 'quick', '--warmup', '3', '--epochs', '2', '--backend', 'wasm', '--no-save'];

describe('the dashboard on your own data at 80×24', () => {
	it('an RGB image folder: the data line names shape, classes, counts and simulation mode; tiles say ok or WRONG', async () => {
		const root = temporaryFolder('own-tui-images');
		roots.push(root);
		const names = ['cyan', 'magenta', 'yellow'];
		for (let label = 0; label < 3; label++) {
			for (let i = 0; i < 120; i++) {
				put(
					path.join(root, 'tiles', names[label]!, `${i}.png`),
					pngBytes(9 + (i % 5), 9 + (i % 3), 3, (x, y) => {
						const pixel = [230, 230, 230];
						if ((x + y + i) % 4 !== 0) pixel[label] = 30;
						return pixel;
					}),
				);
			}
		}

		session = startTerminal([cliPath, '--data', path.join(root, 'tiles'), '--image-size', '12', '--labeled', '30', ...tiny], {columns: 80, rows: 24, env: isolatedEnv()});
		const finished = await session.waitForScreen(text => text.includes('finished') && /Round 1/.test(text), 90_000);
		// At 80 columns the data line keeps the shape, K, the counts and the mode; the class names are in the table.
		expect(finished).toMatch(/tiles · images 12×12×3 · 3 classes · 30\/258\/72 lab\/unl\/test · simulation/);
		// The per-class table names the classes (cut to the name column).
		expect(finished).toMatch(/\bcyan\b/);
		expect(finished).toMatch(/\b(ok|WRONG\(\w+\))/);
		expect(finished).not.toMatch(/no truth/);
		session.write('q');
		expect((await session.exited).exitCode).toBe(0);
	}, 120_000);

	/** A CSV of 3 features and 3 classes: 300 labeled rows, then 300 marked NA (unlabeled). */
	function surveyCsv(): string {
		const root = temporaryFolder('own-tui-csv');
		roots.push(root);
		const rows = ['a,b,c,kind'];
		for (let i = 0; i < 600; i++) {
			const label = i % 3;
			const features = [0, 1, 2].map(feature => ((feature === label ? 2.5 : 0) + ((i * 13 + feature * 7) % 10) / 10).toFixed(2));
			rows.push([...features, i < 300 ? ['low', 'mid', 'high'][label]! : 'NA'].join(','));
		}

		return put(path.join(root, 'survey.csv'), `${rows.join('\n')}\n`);
	}

	it('at 100×30 the data line has a line of its own, with the loader\'s notes and what real mode did with --labeled', async () => {
		session = startTerminal([cliPath, '--data', surveyCsv(), ...tiny], {columns: 100, rows: 30, env: isolatedEnv()});
		const finished = await session.waitForScreen(text => text.includes('finished') && /Round 1/.test(text), 90_000);
		const lines = finished.split('\n');
		// Title, the header's own sizes line, the contenders, then the data line and its notes.
		expect(lines[1]).toMatch(/survey/);
		expect(lines[3]).toMatch(/^data survey · table 3 features · 3 classes · 240 labeled \/ 300 unlabeled \/ 60 test · real: no truth$/);
		expect(lines[4]).toMatch(/^label column: kind/);
		expect(lines[4]).toMatch(/features standardised/);
		session.write('q');
		expect((await session.exited).exitCode).toBe(0);
	}, 120_000);

	it('a CSV with unlabeled rows: real mode, "no truth" for what needs the truth, acceptance still shown', async () => {
		const file = surveyCsv();
		session = startTerminal([cliPath, '--data', file, '--threshold', '0.5', ...tiny], {columns: 80, rows: 24, env: isolatedEnv()});
		const finished = await session.waitForScreen(text => text.includes('finished') && /Round 1/.test(text), 90_000);
		expect(finished).toMatch(/survey · table 3 features · 3 classes · 240\/300\/60 lab\/unl\/test · real: no truth/);
		expect(finished).toMatch(/right +no truth/);
		expect(finished).toMatch(/label +used +no truth/);
		for (const name of ['low', 'mid', 'high']) expect(finished).toMatch(new RegExp(`\\b${name} +[▏▎▍▌▋▊▉█]* +\\d+ +–`));
		expect(finished).not.toMatch(/WRONG|\bok\b/);
		session.write('q');
		expect((await session.exited).exitCode).toBe(0);
	}, 120_000);
});
