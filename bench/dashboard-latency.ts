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
const helpMarker = 'Press ? to close';

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
		// Measure while both workers are busy training, the worst case for the UI thread.
		await term.waitForScreen(text => /supervised: training/.test(text) && /pseudo-label: warm-up/.test(text), 60_000);
		const before = term.output();
		await new Promise(resolve => setTimeout(resolve, options.seconds * 1000));
		const during = term.output().slice(before.length);

		const latencies: number[] = [];
		for (let i = 0; i < options.keyPresses; i++) {
			for (const shown of [true, false]) {
				const pressed = performance.now();
				term.write('?');
				await term.waitForScreen(text => text.includes(helpMarker) === shown, 5000, 2);
				latencies.push(performance.now() - pressed);
				await new Promise(resolve => setTimeout(resolve, 150));
			}
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
