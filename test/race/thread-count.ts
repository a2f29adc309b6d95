/** OS threads and child processes of this process, read from /proc: a worker or child that outlives its race shows up here. */
import {readdirSync, readFileSync} from 'node:fs';

export function osThreadCount(): number {
	return readdirSync('/proc/self/task').length;
}

/** Live child processes of this process (zombies included: an unreaped child has not been waited for). */
export function childProcessIds(): number[] {
	const children: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			// /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so split after the last ')'.
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (ppid === process.pid) children.push(Number(entry));
		} catch {
			// Gone while we looked.
		}
	}

	return children;
}

export async function waitFor(predicate: () => boolean, timeoutMs: number, stepMs = 20): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (predicate()) return true;
		await new Promise(resolve => setTimeout(resolve, stepMs));
	}

	return predicate();
}
