// In a real terminal the help wraps to the terminal's own width (100 columns here), not to the 80 of a pipe.
import {afterEach, describe, expect, it} from 'vitest';
import {displayWidth} from '../../source/text/wrap.js';
import {startTerminal, type TerminalSession} from '../e2e/terminal.js';
import {cliPath, isolatedEnv, runCli} from './run-cli.js';

let session: TerminalSession | undefined;

afterEach(() => {
	session?.kill();
	session = undefined;
});

/** What the program wrote, as lines without escapes or carriage returns. */
function printed(output: string): string[] {
	// eslint-disable-next-line no-control-regex
	return output.replaceAll(/\u001B\[[\d;?]*[A-Za-z]/g, '').replaceAll('\r', '').split('\n');
}

describe('--help in a 100-column terminal', () => {
	it('uses the terminal\'s 100 columns: lines between 81 and 100 wide, none wider, and more per line than piped', async () => {
		session = startTerminal([cliPath, '--help'], {columns: 100, rows: 30, env: isolatedEnv()});
		const {exitCode} = await session.exited;
		expect(exitCode).toBe(0);
		const lines = printed(session.output());
		const widths = lines.map(line => displayWidth(line));
		expect(Math.max(...widths)).toBeLessThanOrEqual(100);
		expect(Math.max(...widths)).toBeGreaterThan(80);
		expect(lines.join('\n')).toContain('Exit codes: 0 done');
		const piped = runCli(['--help']).stdout.trimEnd().split('\n');
		expect(lines.filter(line => line.trim() !== '').length).toBeLessThan(piped.filter(line => line.trim() !== '').length);
		// The flag descriptions hang under their column at this width too.
		const cores = lines.findIndex(line => line.includes('--cores N'));
		expect(lines[cores + 1]!.search(/\S/)).toBe(lines[cores]!.indexOf('cores a race'));
	}, 60_000);
});

describe('--headless in a 60-column terminal', () => {
	it('wraps its plain lines to 60 columns, continuation under the text after the name', async () => {
		const race = ['--headless', '--labeled', '100', '--warmup', '1', '--epochs', '1', '--rounds', '1', '--backend', 'wasm', '--no-save'];
		session = startTerminal([cliPath, ...race], {columns: 60, rows: 30, env: isolatedEnv()});
		const {exitCode} = await session.exited;
		expect(exitCode).toBe(0);
		const lines = printed(session.output()).filter(line => line.trim() !== '');
		expect(Math.max(...lines.map(line => displayWidth(line)))).toBeLessThanOrEqual(60);
		// An epoch line is 76 columns unwrapped: here it takes two, the second under "epoch".
		const epoch = lines.findIndex(line => /^supervised epoch +1 /.test(line));
		expect(epoch).toBeGreaterThanOrEqual(0);
		expect(lines[epoch + 1]).toMatch(/^ {11}\S/);
		// The last lines: the ranking, then that a race is one seed and how to check the gap (wrapped at 60).
		expect(lines.some(line => /^done {3}/.test(line))).toBe(true);
		const done = lines.findIndex(line => /^done {3}/.test(line));
		expect(lines.slice(done + 1).join(' ').replaceAll(/\s+/g, ' ')).toContain('one seed: sweep --preset tutorial --labeled 100 --warmup 1 --epochs 1 --rounds 1 --backend wasm --seeds 3 tells a real gap from luck');
	}, 150_000);
});
