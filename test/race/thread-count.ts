/** OS threads of this process, read from /proc: a worker thread that outlives its race shows up here. */
import {readdirSync} from 'node:fs';

export function osThreadCount(): number {
	return readdirSync('/proc/self/task').length;
}

export async function waitFor(predicate: () => boolean, timeoutMs: number, stepMs = 20): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (predicate()) return true;
		await new Promise(resolve => setTimeout(resolve, stepMs));
	}

	return predicate();
}
