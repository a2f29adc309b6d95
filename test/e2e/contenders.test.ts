// Contenders in a real terminal: four legend entries at 80×24, Tab moves the focus, fast preset switching leaves no
// thread behind, and a preset that cannot run on the dataset is a notice, not a crash.
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {writeBlankDataset} from '../fixtures/idx-files.js';
import {cliPath, isolatedEnv} from '../cli/run-cli.js';
import {startTerminal, type TerminalSession} from './terminal.js';

const tinyRace = ['--labeled', '200', '--warmup', '1', '--epochs', '1', '--batch-size', '64', '--backend', 'wasm'];

let session: TerminalSession | undefined;
afterEach(() => {
	try {
		session?.kill();
	} catch {
		// Already gone.
	}

	session = undefined;
});

function threadsOf(pid: number): number {
	return readdirSync(`/proc/${pid}/task`).length;
}

async function settle(check: () => boolean, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (check()) return true;
		await new Promise(resolve => setTimeout(resolve, 100));
	}

	return check();
}


describe('contenders in a real 80×24 terminal', () => {
	it('shows four legend entries, Tab changes the focused panel, and 20 quick switches leave no thread', async () => {
		session = startTerminal([cliPath, '--preset', 'thresholds', ...tinyRace], {columns: 80, rows: 24, env: isolatedEnv()});
		const term = session;
		// At 80×24 the header has two lines: the cores share the title line; names take their short forms, never ids.
		const racing = await term.waitForScreen(text => /4 (contenders )?on \d+ cores?/.test(text) && /0\.95/.test(text), 60_000);
		expect(racing).not.toMatch(/\bt95\b/);
		expect(racing).toContain('preset thresholds');
		const legend = await term.waitForScreen(text => ['──', '━━', '══', '┄┄'].every(glyph => new RegExp(`${glyph} \\S+ ■?\\d`).test(text)), 90_000);
		expect(legend.split('\n').filter(line => /(──|━━|══|┄┄) \S+ ■?\d/.test(line)).join(' ').match(/(──|━━|══|┄┄) /g)).toHaveLength(4);
		// The panel's caption names the focused contender: first the first one that pseudo-labels (t50), then Tab moves on.
		const focused = (text: string) => /Pseudo-labels · (pseudo 0\.\d0|t\d0)/.exec(text)?.[1];
		expect(focused(await term.waitForScreen(text => focused(text) !== undefined, 5000))).toMatch(/0\.50|t50/);
		term.write('\t');
		expect(focused(await term.waitForScreen(text => /0\.80|t80/.test(focused(text) ?? ''), 5000))).toMatch(/0\.80|t80/);
		term.write('\u001B[Z');
		expect(focused(await term.waitForScreen(text => /0\.50|t50/.test(focused(text) ?? ''), 5000))).toMatch(/0\.50|t50/);

		// ? at 80×24 with four contenders: a page that ends with the keys; ? turns the page, Esc closes.
		term.write('?');
		const first = await term.waitForScreen(text => text.includes('What you are watching'), 5000, {settled: true});
		expect(first.replaceAll(/\s+/g, ' ')).toMatch(/keys Tab focus .* \? next page \(1\/\d\), Esc close · q quit/);
		term.write('?');
		const second = await term.waitForScreen(text => !text.includes('What you are watching') && /\(2\/\d\)/.test(text.replaceAll(/\s+/g, ' ')), 5000, {settled: true});
		expect(second).toMatch(/^keys /m);
		term.write('\u001B');
		await term.waitForScreen(text => /Pseudo-labels · /.test(text), 5000);

		const pid = term.pid();
		term.write('1');
		await term.waitForScreen(text => text.includes('preset tutorial'), 10_000);
		await new Promise(resolve => setTimeout(resolve, 1000));
		const baseline = threadsOf(pid);
		// Tutorial (2 contenders) and thresholds (4) back and forth, faster than a race can start.
		for (let i = 0; i < 20; i++) {
			term.write(i % 2 === 0 ? '3' : '1');
			await new Promise(resolve => setTimeout(resolve, 60));
		}

		await term.waitForScreen(text => text.includes('preset tutorial'), 10_000);
		// The last choice (tutorial) runs; every other race's workers are gone.
		expect(await settle(() => threadsOf(pid) <= baseline + 1, 20_000), `threads ${threadsOf(pid)} vs ${baseline}`).toBe(true);
		term.write('q');
		expect((await term.exited).exitCode).toBe(0);
	}, 240_000);

	it('a preset asking for more labels than the dataset has races with a tenth, said in a notice, q exits 0; a --labeled that does not fit is one line, exit 2', async () => {
		const root = mkdtempSync(path.join(tmpdir(), 'pltui-small-'));
		const data = path.join(root, 'data');
		const presets = path.join(root, 'presets');
		mkdirSync(data);
		mkdirSync(presets);
		writeBlankDataset(data, 2000, 100);
		writeFileSync(path.join(presets, 'many.json'), JSON.stringify({name: 'many', description: 'More labels than this dataset has', labeled: 5000}));
		const args = [cliPath, '--data-dir', data, '--presets-dir', presets, '--warmup', '1', '--epochs', '1'];
		const env = isolatedEnv();
		session = startTerminal(args, {columns: 80, rows: 24, env});
		let term = session;
		// The data line at 80 columns: labeled / unlabeled / test.
		await term.waitForScreen(text => text.includes('preset tutorial') && text.includes('1.0k/1.0k/100'), 30_000);
		// ← from the first preset wraps to the last one: the user's "many", its 5,000 labels fitted to the 2,000 images.
		term.write('\u001B[D');
		const fitted = await term.waitForScreen(text => text.includes('preset many') && text.includes('200/1.8k/100'), 10_000);
		expect(fitted).toContain("200 labeled: many's 5,000 exceed the 2,000 images");
		expect(fitted).not.toMatch(/cannot race/);
		// The race saves itself when it ends; its summary says why 200, as a headless run's does.
		const runs = path.join(env.PSEUDOLABEL_TUI_DATA_DIR!, 'runs');
		const savedRuns = () => (existsSync(runs) ? readdirSync(runs).filter(file => file.endsWith('.md') && file.includes('-many-')) : []);
		for (const started = Date.now(); savedRuns().length === 0 && Date.now() - started < 60_000; ) await new Promise(resolve => setTimeout(resolve, 200));
		const saved = savedRuns();
		expect(saved).toHaveLength(1);
		expect(readFileSync(path.join(runs, saved[0]!), 'utf8')).toContain('| Note | preset many asks for 5,000 labeled, more than the 2,000 training images can spare; 200 (a tenth) are labeled instead');
		term.write('\u001B[C');
		await term.waitForScreen(text => text.includes('preset tutorial') && text.includes('1.0k/1.0k/100') && !text.includes('exceed'), 10_000);
		term.write('q');
		expect((await term.exited).exitCode).toBe(0);
		// Its tmux server goes too: afterEach ends only the session the next line makes.
		term.kill();

		// A count the user typed is never changed, and it stops every preset alike: one line and exit 2, as headless.
		session = startTerminal([...args, '--labeled', '5000'], {columns: 80, rows: 24, env: isolatedEnv()});
		term = session;
		expect((await term.exited).exitCode).toBe(2);
		expect(term.output().replaceAll(/\s*\n\s*/g, ' ')).toContain('pseudolabel-tui: --labeled 5000 is more than the 2,000 training images of this dataset');
		expect(term.output()).not.toContain('\u001B[?1049h');
		expect(term.output()).not.toMatch(/\n\s+at /);
	}, 120_000);
});
