import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {cliPath, isolatedEnv} from '../cli/run-cli.js';
import {startTerminal, type TerminalSession} from './terminal.js';

// A tiny race: every preset keeps these flags, so each finishes in seconds.
const tinyRace = ['--labeled', '200', '--warmup', '2', '--epochs', '1', '--batch-size', '64', '--backend', 'wasm'];

let session: TerminalSession | undefined;
afterEach(() => {
	try {
		session?.kill();
	} catch {
		// Already gone.
	}

	session = undefined;
});

describe('the dashboard in a real 80×24 terminal', () => {
	it('shows the race, switches preset with →, saves on quit, and q leaves a clean terminal', async () => {
		const env = isolatedEnv();
		session = startTerminal([cliPath, ...tinyRace], {columns: 80, rows: 24, env});
		const term = session;

		await term.waitForScreen(text => text.includes('preset tutorial'), 30_000);
		// The chart, the pseudo-label panel with per-digit bars, and the digits themselves.
		const finished = await term.waitForScreen(text => /supervised: done/.test(text) && /self-training: done/.test(text), 90_000, {settled: true});
		expect(finished).toMatch(/ used/);
		expect(finished).toMatch(/(ok|WRONG)/);
		expect(finished).toMatch(/epoch/);
		expect(finished).toMatch(/\d+(\.\d)?%/);
		expect(finished).toMatch(/[▀▄█▌▐▖▗▘▝▙▚▛▜▞▟]/);
		// The key hints stay on screen (shortened when a notice shares their line).
		expect(finished).toMatch(/q quit|\? q/);
		const screen = term.screen();
		expect(screen).toHaveLength(24);
		expect(Math.max(...screen.map(line => line.length))).toBeLessThanOrEqual(80);

		// The finished race saved itself; `s` then says where rather than writing a second copy.
		const runsDir = path.join(env.PSEUDOLABEL_TUI_DATA_DIR!, 'runs');
		const jsonFiles = () => readdirSync(runsDir).filter(name => name.endsWith('.json'));
		// At 80 columns the notice drops the run's id and cuts the folder's middle to keep the file name (fit-notice.ts).
		await term.waitForScreen(text => /saved(:| run \S+:) \S*\d{8}-\d{6}-tutorial-\w+\.md/.test(text), 10_000);
		expect(jsonFiles()).toHaveLength(1);
		term.write('s');
		await term.waitForScreen(text => /already saved: /.test(text), 10_000);
		expect(jsonFiles()).toHaveLength(1);

		term.write('\u001B[C');
		await term.waitForScreen(text => text.includes('preset quick') && /supervised: training/.test(text), 30_000);

		term.write('q');
		const {exitCode} = await term.exited;
		expect(exitCode).toBe(0);
		const output = term.output();
		// Left the alternate screen and showed the cursor again.
		expect(output.lastIndexOf('\u001B[?1049l')).toBeGreaterThan(output.lastIndexOf('\u001B[?1049h'));
		expect(output).toMatch(/\u001B\[\?25h/);
		// Quitting the quick race mid-way saved a second summary, marked partial.
		expect(jsonFiles()).toHaveLength(2);
	}, 150_000);

	it('says the terminal is too small, and recovers when it grows', async () => {
		session = startTerminal([cliPath, ...tinyRace], {columns: 60, rows: 20, env: isolatedEnv()});
		const term = session;
		await term.waitForScreen(text => /too small/.test(text) && /80×24/.test(text), 30_000);
		term.resize(100, 30);
		await term.waitForScreen(text => text.includes('preset tutorial'), 10_000);
		term.write('q');
		expect((await term.exited).exitCode).toBe(0);
	}, 60_000);

	it('Ctrl+C quits with exit code 130', async () => {
		session = startTerminal([cliPath, ...tinyRace], {columns: 80, rows: 24, env: isolatedEnv()});
		const term = session;
		await term.waitForScreen(text => text.includes('preset tutorial'), 30_000);
		term.write('\u0003');
		expect((await term.exited).exitCode).toBe(130);
	}, 60_000);

	it('without a keyboard (stdin not a TTY) it still draws the race, and Ctrl+C from the terminal quits with 130', async () => {
		const command = [process.execPath, cliPath, ...tinyRace].map(word => `'${word}'`).join(' ');
		session = startTerminal(['-c', `exec ${command} < /dev/null`], {columns: 80, rows: 24, env: isolatedEnv(), file: '/bin/sh'});
		const term = session;
		await term.waitForScreen(text => text.includes('preset tutorial') && /supervised: (training|done)/.test(text), 30_000);
		expect(term.output()).not.toMatch(/Raw mode is not supported/);
		// No raw mode, so the terminal itself turns Ctrl+C into SIGINT.
		term.write('\u0003');
		expect((await term.exited).exitCode).toBe(130);
	}, 60_000);

	it('SIGTERM mid-race stops the workers, saves a partial summary of cancelled contenders, restores the terminal, exits 130', async () => {
		const env = isolatedEnv();
		session = startTerminal([cliPath, ...tinyRace, '--warmup', '50'], {columns: 80, rows: 24, env});
		const term = session;
		// Two or more finished epochs: "supervised: training, 2 of 51 epochs", "supervised train 2/51", "supervised 2".
		await term.waitForScreen(text => /supervised(: training, | train | )([2-9]|\d\d)\b/.test(text), 60_000);
		term.signal('SIGTERM');
		expect((await term.exited).exitCode).toBe(130);
		const output = term.output();
		expect(output.lastIndexOf('\u001B[?1049l')).toBeGreaterThan(output.lastIndexOf('\u001B[?1049h'));
		const runsDir = path.join(env.PSEUDOLABEL_TUI_DATA_DIR!, 'runs');
		const saved = readdirSync(runsDir).filter(name => name.endsWith('.json'));
		expect(saved).toHaveLength(1);
		const summary = JSON.parse(readFileSync(path.join(runsDir, saved[0]!), 'utf8')) as {partial: boolean; contenders: Array<{status: string}>};
		expect(summary.partial).toBe(true);
		expect(summary.contenders.map(contender => contender.status)).toEqual(['cancelled', 'cancelled']);
	}, 90_000);
});
