// The dashboard in a real 80×24 terminal on data given with --data: a folder of RGB images (simulation mode) and a CSV
// table with unlabeled rows (real mode): the data line, the class names, and "no truth" where a number needs the truth;
// the sample tiles: RGB images in colour where the terminal has it and as shades without, table rows as feature bars.
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
	/** Three classes of RGB images of mixed sizes (9–13 × 9–11), each a colour on light grey. */
	function rgbFolder(): string {
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

		return path.join(root, 'tiles');
	}

	/**
	 * The sample tiles' art lines: between the panel caption ("Round …") and the tiles' captions (✓ / ✗), from the
	 * caption's column (at 80×24 the tiles sit beside the chart, under the pseudo-label panel).
	 */
	function tileLines(screen: string): string[] {
		const lines = screen.split('\n');
		const caption = lines.findIndex(line => /(^|  )(\S.* · )?Round 1/.test(line));
		const column = /^(\S.* · )?Round 1/.test(lines[caption]!) ? 0 : lines[caption]!.indexOf('Round 1');
		const tiles = lines.map(line => line.slice(column));
		const verdicts = tiles.findIndex((line, index) => index > caption && /^[✓✗]/.test(line));
		return tiles.slice(caption + 1, verdicts);
	}

	it('an RGB image folder: the data line names shape, classes, counts and simulation mode; tiles say ok or WRONG', async () => {
		session = startTerminal([cliPath, '--data', rgbFolder(), '--image-size', '12', '--labeled', '30', ...tiny], {columns: 80, rows: 24, env: isolatedEnv()});
		const finished = await session.waitForScreen(text => text.includes('finished') && /Round 1/.test(text), 90_000, {settled: true});
		// At 80 columns the data line keeps the shape, K, the counts and the mode; the class names are in the table.
		expect(finished).toMatch(/tiles · images 12×12×3 · 3 classes · 30\/258\/72 lab\/unl\/test · simulation/);
		// The per-class table names the classes (cut to the name column).
		expect(finished).toMatch(/\bcyan\b/);
		expect(finished).toMatch(/\b(ok|WRONG\(\w+\))/);
		expect(finished).not.toMatch(/no truth/);
		// Without colour (the tests' FORCE_COLOR=0, as NO_COLOR): the images as shades of their brightness, no colour codes.
		const tiles = tileLines(finished);
		expect(tiles).toHaveLength(7);
		expect(tiles.join('')).toMatch(/^[ ░▒▓█]+$/);
		expect(session.output()).not.toMatch(/\u001B\[(38|48);[25];/);
		session.write('q');
		expect((await session.exited).exitCode).toBe(0);
	}, 120_000);

	it('where the terminal has colour (COLORTERM=truecolor) the RGB tiles are ▀ cells in the images\' own colours', async () => {
		const {FORCE_COLOR: _off, ...env} = isolatedEnv();
		session = startTerminal([cliPath, '--data', rgbFolder(), '--image-size', '12', '--labeled', '30', ...tiny], {columns: 80, rows: 24, env: {...env, COLORTERM: 'truecolor'}});
		const screen = await session.waitForScreen(text => /Round 1/.test(text) && /(^|  )[✓✗]/m.test(text), 90_000, {settled: true});
		const tiles = tileLines(screen);
		expect(tiles).toHaveLength(7);
		// The first tile's 14 cells on every line.
		for (const line of tiles) expect(line.slice(0, 14)).toBe('▀'.repeat(14));
		// Foreground and background in 24-bit colour, among them the light grey (230, 230, 230) around every image.
		expect(session.output()).toMatch(/\u001B\[38;2;\d+;\d+;\d+m\u001B\[48;2;\d+;\d+;\d+m▀/);
		expect(session.output()).toMatch(/\u001B\[38;2;230;230;230m/);
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

	it('a --labeled the data cannot give stops before the dashboard, as headless does: one line, exit 2', async () => {
		const root = temporaryFolder('own-tui-labeled');
		roots.push(root);
		const rows = ['a,b,kind', ...Array.from({length: 90}, (_, i) => `${i % 7},${i % 5},${['x', 'y', 'z'][i % 3]}`)];
		const file = put(path.join(root, 'small.csv'), `${rows.join('\n')}\n`);
		session = startTerminal([cliPath, '--data', file, '--labeled', '5000', ...tiny], {columns: 100, rows: 30, env: isolatedEnv()});
		const {exitCode} = await session.exited;
		expect(exitCode).toBe(2);
		// Everything it wrote: the loading line (erased) and the one line, no alternate screen.
		const said = session.output().replaceAll(/\r\u001B\[2K/g, '\n').split(/\r?\n/).filter(line => line.trim() !== '' && !line.includes('loading'));
		expect(said).toEqual([expect.stringMatching(/^pseudolabel-tui: --labeled 5000 is more than the 72 training rows of this dataset/)]);
		expect(session.output()).not.toContain('\u001B[?1049h');
	});

	it('at 100×30 the data line has a line of its own, with the loader\'s notes and what real mode did with --labeled', async () => {
		session = startTerminal([cliPath, '--data', surveyCsv(), ...tiny], {columns: 100, rows: 30, env: isolatedEnv()});
		const finished = await session.waitForScreen(text => text.includes('finished') && /Round 1/.test(text), 90_000, {settled: true});
		const lines = finished.split('\n');
		// Title, the header's own sizes line, the contenders, then the data line and its notes.
		expect(lines[1]).toMatch(/survey/);
		expect(lines[3]).toMatch(/^data survey · table 3 features · 3 classes · 240 labeled \/ 300 unlabeled \/ 60 test · real: no truth$/);
		expect(lines[4]).toMatch(/^label column: kind/);
		expect(lines[4]).toMatch(/features standardised/);
		// Table rows as tiles: the legend names the columns (c, a, b or another order: ranked by Fisher score); each
		// tile shows the row's bars, a marks line and its class's mean, 7 lines over the verdicts.
		expect(finished).toMatch(/ · cols: [abc] [abc] [abc]$/m);
		const tiles = tileLines(finished);
		expect(tiles).toHaveLength(7);
		expect(tiles.slice(0, 3).join('')).toMatch(/[▁▂▃▄▅▆▇█]/);
		expect(tiles[3]).toMatch(/^[ ▲▼]*$/);
		expect(tiles.slice(4).join('')).toMatch(/[▁▂▃▄▅▆▇█]/);
		session.write('q');
		expect((await session.exited).exitCode).toBe(0);
	}, 120_000);

	it('a CSV with unlabeled rows: real mode, "no truth" for what needs the truth, acceptance still shown', async () => {
		const file = surveyCsv();
		session = startTerminal([cliPath, '--data', file, '--threshold', '0.5', ...tiny], {columns: 80, rows: 24, env: isolatedEnv()});
		// Beside the chart at 80×24 the tiles' caption gives its room to the table's column legend: a tile's verdict says they are there.
		const finished = await session.waitForScreen(text => text.includes('finished') && /(^|  )[✓✗]\S+ \d+%/m.test(text), 90_000, {settled: true});
		expect(finished).toMatch(/survey · table 3 features · 3 classes · 240\/300\/60 lab\/unl\/test · real: no truth/);
		expect(finished).toMatch(/right +no truth/);
		expect(finished).toMatch(/label +used.* no truth/);
		for (const name of ['low', 'mid', 'high']) expect(finished).toMatch(new RegExp(`\\b${name} +[▏▎▍▌▋▊▉█]* +\\d+ +–`));
		expect(finished).not.toMatch(/WRONG|\bok\b/);
		session.write('q');
		expect((await session.exited).exitCode).toBe(0);
	}, 120_000);
});
