// The experimental native backend from the user's side: refused in one line where onnxruntime-node is not installed
// (as in CI: it is never a dependency), and, where it is, a headless race on it that ends as the wasm engine's does.
import {describe, expect, it} from 'vitest';
import {findOrt} from '../../source/engine/ort-engine.js';
import {isolatedEnv, runCli} from './run-cli.js';

const tinyRace = ['--labeled', '200', '--warmup', '1', '--epochs', '1', '--no-save'];

function ortInstalled(): boolean {
	try {
		findOrt();
		return true;
	} catch {
		return false;
	}
}

/** Each contender's final accuracy and steps on the native engine, from the --json lines. */
function outcome(stdout: string): {accuracies: Record<string, number>; steps: number[]} {
	const events = stdout.trim().split('\n').map(line => JSON.parse(line) as {type: string; run?: string; testAccuracy?: number; teamSteps?: {alone: number}});
	const done = events.filter(event => event.type === 'run-done');
	return {
		accuracies: Object.fromEntries(done.map(event => [event.run!, event.testAccuracy!])),
		steps: done.map(event => event.teamSteps?.alone ?? 0),
	};
}

describe('--backend ort-experimental', () => {
	it('is refused in one line naming the install command where onnxruntime-node is not installed (exit 2)', () => {
		const result = runCli(['--headless', '--backend', 'ort-experimental', ...tinyRace], {...isolatedEnv(), PSEUDOLABEL_ORT: '/nonexistent/onnxruntime-node'});
		expect(result.status, result.stderr).toBe(2);
		const lines = result.stderr.trim().split('\n');
		expect(lines, result.stderr).toHaveLength(1);
		expect(lines[0]).toMatch(/^pseudolabel-tui: --backend ort-experimental: cannot be used here \(the native engine cannot start: onnxruntime-node is not installed beside pseudolabel-tui; install it with npm install -g onnxruntime-node@1\.31 --ignore-scripts/);
	}, 120_000);

	it.skipIf(!ortInstalled())('races to the wasm engine\'s accuracies, every step on ORT (onnxruntime-node installed)', () => {
		// Each race may take minutes on a loaded 2-core machine.
		const native = runCli(['--json', '--backend', 'ort-experimental', ...tinyRace], isolatedEnv(), 280_000);
		expect(native.status, native.stderr).toBe(0);
		const wasm = runCli(['--json', '--backend', 'wasm', '--cores', '1', ...tinyRace], isolatedEnv(), 280_000);
		expect(wasm.status, wasm.stderr).toBe(0);
		const [a, b] = [outcome(native.stdout), outcome(wasm.stdout)];
		expect(Object.keys(a.accuracies).sort()).toEqual(Object.keys(b.accuracies).sort());
		// The native engine's steps went through its team (ORT), each contender's.
		expect(a.steps.every(steps => steps > 0)).toBe(true);
		// Float sums differ (one ORT run per step against the canonical halves), so accuracies are close, not equal bits.
		for (const run of Object.keys(b.accuracies)) expect(Math.abs(a.accuracies[run]! - b.accuracies[run]!)).toBeLessThan(0.01);
	}, 600_000);
});
