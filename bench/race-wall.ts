/** A whole headless race as the user runs it: wall time, peak memory of the process (both workers included), results. */
import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {getPriority, setPriority} from 'node:os';
import {cliPath, isolatedEnv} from '../test/cli/run-cli.js';
import {trainingNice} from '../source/worker/thread-priority.js';

export interface RaceMeasurement {
	wallSeconds: number;
	peakRssMB: number;
	supervisedAccuracy: number;
	semiAccuracy: number;
	acceptanceRate?: number;
	precision?: number;
	samplesPerSec: {supervised: number; semi: number};
	/** Share of the race's wall time each core of the machine was busy (from /proc/stat; anything running counts). */
	coreBusy?: number[];
	/** Steps the pseudo-label run shared with helper threads, took alone, and its widest team. */
	semiTeamSteps?: {shared: number; alone: number; widest?: number};
}

/** Busy and total jiffies per core (Linux /proc/stat), or undefined elsewhere. */
function coreTimes(): Array<{busy: number; total: number}> | undefined {
	try {
		return readFileSync('/proc/stat', 'utf8')
			.split('\n')
			.filter(line => /^cpu\d+ /.test(line))
			.map(line => {
				const [user, nice, system, idle, iowait, irq, softirq, steal] = line.split(/\s+/).slice(1, 9).map(Number) as number[];
				const busy = user! + nice! + system! + irq! + softirq! + steal!;
				return {busy, total: busy + idle! + iowait!};
			});
	} catch {
		return undefined;
	}
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
	teamSteps?: {shared: number; alone: number; widest?: number};
}

/**
 * One headless race of `preset` by the built CLI at `cli` (this checkout's by default, or a previous release's), on
 * the wasm engine unless `backend` names another (the opt-in native engine: `ort-experimental`).
 */
export async function measureRace(preset: string, extraArgs: string[] = [], cli = cliPath, backend = 'wasm'): Promise<RaceMeasurement> {
	const started = performance.now();
	const coresBefore = coreTimes();
	const child = spawn(process.execPath, [cli, '--json', '--no-save', '--backend', backend, '--preset', preset, ...extraArgs], {
		env: isolatedEnv(),
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	// Every thread of the race at the training threads' priority (threads inherit it from the main thread, which
	// starts them): a previous release, whose workers do not lower their own, then races on the same terms.
	try {
		if (child.pid !== undefined) setPriority(child.pid, Math.max(getPriority(child.pid), trainingNice));
	} catch {
		// Not allowed here: both builds then run as the system lets them.
	}

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
	const coresAfter = coreTimes();
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
		coreBusy: coresBefore && coresAfter
			? coresAfter.map((after, i) => Math.round((100 * (after.busy - coresBefore[i]!.busy)) / Math.max(1, after.total - coresBefore[i]!.total)) / 100)
			: undefined,
		semiTeamSteps: lines.find(line => line.type === 'run-done' && line.run === 'semi')?.teamSteps,
	};
}
