/**
 * The live dashboard as a user feels it, in a real pseudo-terminal while both runs train: frames drawn per second
 * (Ink wraps each frame in a synchronized-update escape) and how long a key takes to change the screen.
 */
import {cliPath, isolatedEnv} from '../test/cli/run-cli.js';
import {startTerminal} from '../test/e2e/terminal.js';

export interface DashboardLatency {
	framesPerSec: number;
	bytesPerSec: number;
	keyLatencyMs: {median: number; max: number; samples: number};
}

const frameMarker = '\u001B[?2026h';
/** "closed", or the help's page as its keys line names it ("? next page (1/2), Esc close", "? or Esc close"). */
function helpState(screen: string): string {
	const flat = screen.replaceAll(/\s+/g, ' ');
	return /\? next page \(\d+\/\d+\), Esc close|\? or Esc close( \(\d+\/\d+\))?/.exec(flat)?.[0] ?? 'closed';
}

function count(text: string, marker: string): number {
	return text.split(marker).length - 1;
}

export async function measureDashboard(options: {columns: number; rows: number; seconds: number; keyPresses: number}): Promise<DashboardLatency> {
	const term = startTerminal([cliPath, '--preset', 'tutorial', '--no-save', '--backend', 'wasm'], {
		columns: options.columns,
		rows: options.rows,
		env: isolatedEnv(),
	});
	try {
		// Measure while both workers are busy training, the worst case for the UI thread: the self-training contender
		// still in its warm-up, the supervised one not done.
		await term.waitForScreen(text => /self-training:? warm/.test(text) && !/supervised:? (done|■)/.test(text), 60_000);
		const before = term.output();
		await new Promise(resolve => setTimeout(resolve, options.seconds * 1000));
		const during = term.output().slice(before.length);

		// Each ? turns the help on, to its next page or off; a press counts as done when the help's state on screen
		// (the page its keys line names, or closed) differs from the state before it.
		const latencies: number[] = [];
		for (let i = 0; i < options.keyPresses * 2; i++) {
			const from = helpState(term.screen().join('\n'));
			const pressed = performance.now();
			term.write('?');
			await term.waitForScreen(text => helpState(text) !== from, 5000, {pollMs: 2});
			latencies.push(performance.now() - pressed);
			await new Promise(resolve => setTimeout(resolve, 150));
		}

		latencies.sort((a, b) => a - b);
		term.write('q');
		await term.exited;
		return {
			framesPerSec: count(during, frameMarker) / options.seconds,
			bytesPerSec: Buffer.byteLength(during) / options.seconds,
			keyLatencyMs: {
				median: Math.round(latencies[Math.floor(latencies.length / 2)]!),
				max: Math.round(latencies.at(-1)!),
				samples: latencies.length,
			},
		};
	} finally {
		term.kill();
	}
}
