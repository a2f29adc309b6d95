import {spawn} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {cliPath, isolatedEnv} from './run-cli.js';

interface PipeOutcome {
	code: number | null;
	signal: NodeJS.Signals | null;
	firstLine: string;
	stderr: string;
	seconds: number;
}

/** Runs the built CLI with stdout piped into a reader that, like `head -1`, closes the pipe after the first line. */
async function runUntilFirstLine(args: string[]): Promise<PipeOutcome> {
	const started = performance.now();
	const child = spawn(process.execPath, [cliPath, ...args], {env: isolatedEnv(), stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	let firstLine = '';
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	child.stdout.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
		const newline = stdout.indexOf('\n');
		if (newline !== -1 && firstLine === '') {
			firstLine = stdout.slice(0, newline);
			child.stdout.destroy();
		}
	});
	const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
	const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(resolve => {
		child.once('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
	});
	clearTimeout(timer);
	return {code, signal, firstLine, stderr, seconds: (performance.now() - started) / 1000};
}

// 200 warm-up epochs would take minutes: ending in seconds shows the race was stopped, not run to the end.
const longRace = ['--labeled', '100', '--warmup', '200', '--epochs', '1', '--rounds', '1', '--backend', 'wasm'];

describe('a reader that closes stdout early (| head -1)', () => {
	it('--json: stops the race quietly and exits 0', async () => {
		const outcome = await runUntilFirstLine(['--json', ...longRace]);
		expect(outcome.stderr).toBe('');
		expect({code: outcome.code, signal: outcome.signal}).toEqual({code: 0, signal: null});
		expect(JSON.parse(outcome.firstLine)).toMatchObject({type: 'start'});
		expect(outcome.seconds).toBeLessThan(60);
	}, 120_000);

	it('--headless: stops the race quietly and exits 0', async () => {
		const outcome = await runUntilFirstLine(['--headless', ...longRace]);
		expect(outcome.stderr).toBe('');
		expect({code: outcome.code, signal: outcome.signal}).toEqual({code: 0, signal: null});
		expect(outcome.firstLine).not.toBe('');
		expect(outcome.seconds).toBeLessThan(60);
	}, 120_000);

	it('--help into a closed pipe exits 0 without a stack trace', async () => {
		const outcome = await runUntilFirstLine(['--help']);
		expect(outcome.stderr).toBe('');
		expect(outcome.code).toBe(0);
	}, 30_000);
});
