/**
 * The memory guard every loader asks before it reads: a dataset whose decoded size would not fit is refused with its
 * size, before any of it is loaded, instead of the process dying half-way through.
 */
import {totalmem} from 'node:os';
import {InputError} from '../../core/input-error.js';

/** Typed arrays in V8 stop at 2^32 − 1 elements; a larger dataset could not be one buffer even with the memory for it. */
const largestBuffer = 2 ** 32 - 1;

/**
 * The most bytes a dataset may need while loading: half the machine's memory (the workers and the dashboard need the
 * rest), at most one buffer's worth. `PSEUDOLABEL_TUI_MAX_DATA_MB` lowers it (tests, and machines shared with others).
 */
export function dataMemoryLimit(): number {
	const fromEnvironment = Number(process.env['PSEUDOLABEL_TUI_MAX_DATA_MB']);
	const limit = Math.min(totalmem() / 2, largestBuffer);
	return Number.isFinite(fromEnvironment) && fromEnvironment > 0 ? Math.min(limit, fromEnvironment * 2 ** 20) : limit;
}

export function formatBytes(bytes: number): string {
	if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GB`;
	if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)} MB`;
	if (bytes >= 2 ** 10) return `${(bytes / 2 ** 10).toFixed(1)} KB`;
	return `${bytes} B`;
}

/** Throws when `bytes` (what loading `what` needs, estimated before reading) is over the limit. */
export function requireFitsInMemory(bytes: number, what: string): void {
	const limit = dataMemoryLimit();
	if (bytes > limit) {
		throw new InputError(
			`${what} needs about ${formatBytes(bytes)} to load, more than the ${formatBytes(limit)} this machine allows (half its memory); use a smaller --image-size or a subset of the data`,
		);
	}
}
