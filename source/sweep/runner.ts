/**
 * Runs a sweep's trials as child processes, up to `jobs` at once: skips trials whose folder already holds a complete
 * summary (resume), keeps each trial's stderr in `<trial>/trial.log`, draws progress on stderr, and on interrupt stops
 * launching, stops the running trials and returns what finished. How a trial is launched is injectable.
 */
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import {parseJson} from '../core/byte-order-mark.js';
import {makeFolderSync} from '../files/make-folder.js';
import type {Trial} from './grid.js';
import {failedLine, finishedLine, progressLine, type ProgressState} from './progress.js';
import {parseSummary, type TrialSummary} from './summary-schema.js';

export const trialLogName = 'trial.log';

export interface TrialExit {
	code: number | null;
	signal: NodeJS.Signals | null;
	/** Set when the process could not be started at all. */
	error?: string;
}

export interface TrialProcess {
	exited: Promise<TrialExit>;
	kill(signal: NodeJS.Signals): void;
}

/** Starts one trial; `logFile` is where its stderr goes. The trial's folder exists. */
export type LaunchTrial = (trial: Trial, logFile: string) => TrialProcess;

/** `node <script> <trial args>`: stdout discarded (the summary is the result), stderr to the log file. */
export function nodeLauncher(script: string, execPath = process.execPath, env: NodeJS.ProcessEnv = process.env): LaunchTrial {
	return (trial, logFile) => {
		const log = fs.openSync(logFile, 'w');
		try {
			const child = spawn(execPath, [script, ...trial.args], {stdio: ['ignore', 'ignore', log], env});
			const exited = new Promise<TrialExit>(resolve => {
				child.once('error', error => resolve({code: null, signal: null, error: error.message}));
				child.once('exit', (code, signal) => resolve({code, signal}));
			});
			return {exited, kill: signal => child.kill(signal)};
		} finally {
			fs.closeSync(log);
		}
	};
}

/** The newest complete summary directly in `dir` (for the trial's seed, when it says), if any. */
export async function completeSummaryIn(dir: string, seed?: number): Promise<TrialSummary | undefined> {
	let names: string[];
	try {
		names = await fsp.readdir(dir);
	} catch {
		return undefined;
	}

	const found: TrialSummary[] = [];
	for (const name of names.filter(name => name.endsWith('.json') && !name.startsWith('.'))) {
		try {
			const parsed = parseSummary(parseJson(await fsp.readFile(path.join(dir, name), 'utf8')), name);
			if (parsed.ok && !parsed.summary.partial && (seed === undefined || parsed.summary.seed === null || parsed.summary.seed === seed)) {
				found.push(parsed.summary);
			}
		} catch {
			// Unreadable: not a complete summary.
		}
	}

	return found.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

export interface ProgressStream {
	write(text: string): void;
	/** Redraw the bar in place with \r; otherwise plain lines. */
	isTTY?: boolean;
}

export interface RunTrialsOptions {
	trials: Trial[];
	jobs: number;
	launch: LaunchTrial;
	stderr: ProgressStream;
	/** Registers `stop` for Ctrl+C; returns a function that unregisters it. */
	onInterrupt?: (stop: () => void) => () => void;
	/** Called after each failure, e.g. to record it in the manifest. */
	onFailure?: (failure: {id: string; error: string}) => Promise<void> | void;
	now?: () => number;
	/** How long stopped trials get to exit before SIGKILL. */
	killGraceMs?: number;
}

export interface RunTrialsResult {
	finished: Array<{trial: Trial; summary: TrialSummary}>;
	skipped: Trial[];
	failed: Array<{trial: Trial; error: string}>;
	/** Trials not run, or stopped, because of an interrupt. */
	stopped: Trial[];
	interrupted: boolean;
}

async function lastLogLine(file: string): Promise<string | undefined> {
	try {
		const text = await fsp.readFile(file, 'utf8');
		const line = text.split('\n').map(item => item.trim()).filter(Boolean).at(-1);
		return line === undefined ? undefined : line.length > 200 ? `${line.slice(0, 199)}…` : line;
	} catch {
		return undefined;
	}
}

function describeExit(exit: TrialExit): string {
	if (exit.error !== undefined) return `could not start: ${exit.error}`;
	return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}

/** Interrupt handling through SIGINT/SIGTERM listeners on this process, removed when the sweep ends. */
export function processInterrupt(stop: () => void): () => void {
	const handler = () => stop();
	process.prependListener('SIGINT', handler);
	process.prependListener('SIGTERM', handler);
	return () => {
		process.removeListener('SIGINT', handler);
		process.removeListener('SIGTERM', handler);
	};
}

export async function runTrials(options: RunTrialsOptions): Promise<RunTrialsResult> {
	const now = options.now ?? (() => Date.now());
	const out = options.stderr;
	const result: RunTrialsResult = {finished: [], skipped: [], failed: [], stopped: [], interrupted: false};
	const queue: Trial[] = [];
	for (const trial of options.trials) {
		if (await completeSummaryIn(trial.dir, trial.seed)) result.skipped.push(trial);
		else queue.push(trial);
	}

	const started = now();
	const running = new Map<Trial, TrialProcess>();
	const state = (): ProgressState => ({
		total: options.trials.length,
		skipped: result.skipped.length,
		finished: result.finished.length,
		failed: result.failed.length,
		running: running.size,
		elapsed: (now() - started) / 1000,
	});
	const tty = out.isTTY === true;
	const bar = () => (tty ? out.write(`\r\u001B[K${progressLine(state())}`) : undefined);
	const say = (line: string) => out.write(tty ? `\r\u001B[K${line}\n` : `${line}\n`);
	const plainProgress = () => (tty ? undefined : out.write(`progress: ${progressLine(state())}\n`));

	say(
		`sweep: ${options.trials.length} trial${options.trials.length === 1 ? '' : 's'}` +
			(result.skipped.length > 0 ? `, ${result.skipped.length} already done (skipped)` : '') +
			`, ${Math.min(options.jobs, Math.max(1, queue.length))} at a time`,
	);
	bar();
	const timer = tty ? setInterval(bar, 1000) : undefined;
	timer?.unref();

	let stopping = false;
	let finish: () => void = () => undefined;
	const allDone = new Promise<void>(resolve => {
		finish = resolve;
	});
	const stop = () => {
		if (stopping) return;
		stopping = true;
		result.interrupted = true;
		say(`stopping: ${running.size} running trial${running.size === 1 ? '' : 's'} stopped, ${queue.length} not started; writing the report of what finished`);
		result.stopped.push(...queue.splice(0));
		for (const child of running.values()) child.kill('SIGTERM');
		const killer = setTimeout(() => {
			for (const child of running.values()) child.kill('SIGKILL');
		}, options.killGraceMs ?? 10_000);
		killer.unref();
		if (running.size === 0) finish();
	};

	const unregister = options.onInterrupt?.(stop);

	const launchMore = () => {
		while (!stopping && running.size < options.jobs && queue.length > 0) start(queue.shift()!);
		if (running.size === 0 && (stopping || queue.length === 0)) finish();
		else bar();
	};

	const start = (trial: Trial) => {
		const began = now();
		makeFolderSync(trial.dir);
		const logFile = path.join(trial.dir, trialLogName);
		let child: TrialProcess;
		try {
			child = options.launch(trial, logFile);
		} catch (error) {
			child = {exited: Promise.resolve({code: null, signal: null, error: (error as Error).message}), kill: () => undefined};
		}

		running.set(trial, child);
		void child.exited.then(async exit => {
			const seconds = (now() - began) / 1000;
			const summary = await completeSummaryIn(trial.dir, trial.seed);
			if (exit.code === 0 && summary) {
				result.finished.push({trial, summary});
				say(finishedLine(trial, summary, seconds));
			} else if (stopping && !summary) {
				result.stopped.push(trial);
				say(`stopped ${trial.id}`);
			} else {
				const reason = exit.code === 0 ? 'exited without writing a complete summary' : describeExit(exit);
				const detail = await lastLogLine(logFile);
				const error = detail === undefined ? reason : `${reason}: ${detail}`;
				result.failed.push({trial, error});
				say(failedLine(trial, error, seconds));
				await options.onFailure?.({id: trial.id, error});
			}

			running.delete(trial);
			plainProgress();
			launchMore();
		});
	};

	launchMore();
	await allDone;
	if (timer) clearInterval(timer);
	unregister?.();
	if (tty) out.write('\r\u001B[K');
	say(
		`sweep ${result.interrupted ? 'stopped' : 'done'}: ${result.finished.length} finished, ${result.skipped.length} skipped (done before), ` +
			`${result.failed.length} failed${result.stopped.length > 0 ? `, ${result.stopped.length} not run` : ''} in ${Math.round((now() - started) / 1000)}s`,
	);
	return result;
}
