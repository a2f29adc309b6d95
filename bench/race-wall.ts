/** A whole headless race as the user runs it: wall time, peak memory of the process (both workers included), results. */
import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {cliPath, isolatedEnv} from '../test/cli/run-cli.js';

export interface RaceMeasurement {
	wallSeconds: number;
	peakRssMB: number;
	supervisedAccuracy: number;
	semiAccuracy: number;
	acceptanceRate?: number;
	precision?: number;
	samplesPerSec: {supervised: number; semi: number};
}

/** Peak resident set size so far (VmHWM covers every thread, workers included). */
function peakRssMB(pid: number): number | undefined {
	try {
		const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) / 1024 : undefined;
	} catch {
		return undefined;
	}
}

interface RaceLine {
	type: string;
	run?: string;
	samplesPerSec?: number;
	trainSize?: number;
	acceptanceRate?: number;
	precision?: number;
	supervised?: {testAccuracy: number};
	semi?: {testAccuracy: number};
	wallSeconds?: number;
}

export async function measureRace(preset: string, extraArgs: string[] = []): Promise<RaceMeasurement> {
	const started = performance.now();
	const child = spawn(process.execPath, [cliPath, '--json', '--no-save', '--backend', 'wasm', '--preset', preset, ...extraArgs], {
		env: isolatedEnv(),
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	let peak = 0;
	const poll = setInterval(() => {
		peak = Math.max(peak, peakRssMB(child.pid!) ?? 0);
	}, 100);
	let text = '';
	child.stdout.on('data', (chunk: Buffer) => {
		text += chunk.toString();
		peak = Math.max(peak, peakRssMB(child.pid!) ?? 0);
	});
	const code = await new Promise<number | null>(resolve => child.once('exit', resolve));
	clearInterval(poll);
	if (code !== 0) throw new Error(`race ${preset} exited with ${code}`);
	const lines = text.trim().split('\n').map(line => JSON.parse(line) as RaceLine);
	const done = lines.find(line => line.type === 'done')!;
	const labeling = lines.filter(line => line.type === 'pseudo-labels').at(-1);
	// Throughput weighted by samples, over all epochs of each run.
	const rate = (run: string) => {
		const epochs = lines.filter(line => line.type === 'epoch' && line.run === run);
		const samples = epochs.reduce((sum, line) => sum + line.trainSize!, 0);
		const seconds = epochs.reduce((sum, line) => sum + line.trainSize! / line.samplesPerSec!, 0);
		return Math.round(samples / seconds);
	};

	return {
		wallSeconds: Math.round((performance.now() - started) / 100) / 10,
		peakRssMB: Math.round(peak),
		supervisedAccuracy: done.supervised!.testAccuracy,
		semiAccuracy: done.semi!.testAccuracy,
		acceptanceRate: labeling?.acceptanceRate,
		precision: labeling?.precision,
		samplesPerSec: {supervised: rate('supervised'), semi: rate('semi')},
	};
}
