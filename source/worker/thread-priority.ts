/**
 * Training threads yield the cores to the thread that draws the dashboard. On Linux each thread is a task with a nice
 * value of its own, so a training or helper thread raises its own (through /proc/thread-self, which names its task):
 * the UI thread, which needs a few milliseconds a frame or a key, then runs as soon as it wakes even while every core
 * trains. Nice only orders threads that want the same core; a training thread with a core to itself (a headless race,
 * an idle dashboard) runs as fast as before, and no number depends on it. Where there is no /proc/thread-self (macOS,
 * Windows) this does nothing.
 */
import {readlinkSync} from 'node:fs';
import {getPriority, setPriority} from 'node:os';
import path from 'node:path';

/** The nice value a training thread takes (unless the process was started nicer still). */
export const trainingNice = 10;

/** This thread's kernel task id, or undefined where the system does not say. */
export function threadTaskId(): number | undefined {
	try {
		const id = Number(path.basename(readlinkSync('/proc/thread-self')));
		return Number.isSafeInteger(id) && id > 0 ? id : undefined;
	} catch {
		return undefined;
	}
}

/** Lowers this thread's priority to trainingNice; false where it cannot (no task id, or the system refused). */
export function yieldToInterface(): boolean {
	const id = threadTaskId();
	if (id === undefined) return false;
	try {
		// Never raise it: a user who started the tool nicer (`nice -n 15`) keeps that.
		setPriority(id, Math.max(getPriority(id), trainingNice));
		return true;
	} catch {
		return false;
	}
}
