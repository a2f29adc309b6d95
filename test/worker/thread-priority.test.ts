// Training threads yield the cores to the dashboard's thread (source/worker/thread-priority.ts): on Linux each of
// them raises its own nice value, and only its own — the process's main thread, which draws the screen, keeps its.
import {execFileSync} from 'node:child_process';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {getPriority} from 'node:os';
import {pathToFileURL} from 'node:url';
import {Worker} from 'node:worker_threads';
import {afterEach, describe, expect, it} from 'vitest';
import {workerScriptPath} from '../../source/race/worker-script.js';
import {trainingNice} from '../../source/worker/thread-priority.js';

const linux = existsSync('/proc/thread-self');
const workers: Worker[] = [];

afterEach(async () => {
	await Promise.all(workers.splice(0).map(async worker => worker.terminate()));
});

/** Each task of this process with its nice value (/proc/self/task/<id>/stat, field 19 after the command's closing paren). */
function taskNices(): Map<number, number> {
	const nices = new Map<number, number>();
	for (const task of readdirSync('/proc/self/task')) {
		try {
			const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
			nices.set(Number(task), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
		} catch {
			// The task ended while we looked.
		}
	}

	return nices;
}

/** What a fresh Node process reports after yieldToInterface, started at nice `startNice` (its main thread is the task). */
function yieldInChild(startNice: number): string {
	const module = pathToFileURL(workerScriptPath('helper-worker').replace(/helper-worker\.js$/, 'thread-priority.js')).href;
	const code = `import os from 'node:os'; import {yieldToInterface, threadTaskId} from ${JSON.stringify(module)};
os.setPriority(${startNice}); const yielded = yieldToInterface(); console.log(yielded, os.getPriority(threadTaskId()));`;
	return execFileSync(process.execPath, ['--input-type=module', '-e', code], {encoding: 'utf8'}).trim();
}

describe.runIf(linux)('training threads yield to the dashboard', () => {
	it.each(['training-worker', 'helper-worker'] as const)('a %s thread takes nice 10 as it starts; the main thread keeps its own', async entry => {
		const before = taskNices();
		const main = getPriority(process.pid);
		// Before its start message: yielding is the first thing either thread does.
		const worker = new Worker(workerScriptPath(entry));
		workers.push(worker);
		let niced: number[] = [];
		const deadline = Date.now() + 20_000;
		while (niced.length === 0) {
			if (Date.now() > deadline) throw new Error('no new thread of this process took nice 10');
			await new Promise(resolve => setTimeout(resolve, 20));
			niced = [...taskNices()].filter(([task, nice]) => !before.has(task) && nice === trainingNice).map(([task]) => task);
		}

		expect(niced).toHaveLength(1);
		expect(getPriority(process.pid)).toBe(main);
		// Not vacuous: the thread started at the main thread's nice, so something raised it.
		expect(main).toBeLessThan(trainingNice);
	}, 30_000);

	it('raises a thread to 10 and never lowers one started nicer', () => {
		expect(yieldInChild(0)).toBe(`true ${trainingNice}`);
		expect(yieldInChild(15)).toBe('true 15');
	});
});
