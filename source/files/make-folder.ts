/**
 * `mkdir -p` that fails instead of spinning. Node's `mkdir(dir, {recursive: true})` retries forever when mkdir answers
 * ENOENT for a folder whose parent exists — as /proc and some FUSE mounts do — so `--runs-dir /proc/nope` hung the race
 * at its save, and Ctrl+C's partial save hung again. Here the missing folders are made one at a time from the nearest
 * existing one, and the first refusal is thrown (with its errno code) to the caller, which names the path.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

function code(error: unknown): string | undefined {
	return (error as NodeJS.ErrnoException | undefined)?.code;
}

function notAFolder(at: string): NodeJS.ErrnoException {
	return Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${at}'`), {code: 'ENOTDIR', path: at});
}

/** The nearest path at or above `dir` that exists (a folder, or a file in the way), and the missing folders below it, outermost first. */
export function nearestExisting(dir: string): {at: string; stats: fs.Stats | undefined; missing: string[]} {
	const missing: string[] = [];
	for (let at = path.resolve(dir); ; at = path.dirname(at)) {
		const stats = statSync(at);
		if (stats || path.dirname(at) === at) return {at, stats, missing};
		missing.unshift(at);
	}
}

/** The folders to make, outermost first; throws ENOTDIR when a file stands on the way. */
function missingFolders(dir: string): string[] {
	const {at, stats, missing} = nearestExisting(dir);
	if (stats && !stats.isDirectory()) throw notAFolder(at);
	return missing;
}

function statSync(at: string): fs.Stats | undefined {
	try {
		return fs.statSync(at, {throwIfNoEntry: false});
	} catch (error) {
		// A file further up: missing here, and the walk meets the file and says so.
		if (code(error) === 'ENOTDIR') return undefined;
		throw error;
	}
}

export function makeFolderSync(dir: string): void {
	for (const folder of missingFolders(dir)) {
		try {
			fs.mkdirSync(folder);
		} catch (error) {
			// Made meanwhile by someone else (another trial of the same sweep): fine if it is a folder.
			if (code(error) !== 'EEXIST' || !statSync(folder)?.isDirectory()) throw error;
		}
	}
}

export async function makeFolder(dir: string): Promise<void> {
	// The walk up stats a handful of paths; doing it synchronously keeps it simple and costs nothing here.
	for (const folder of missingFolders(dir)) {
		try {
			await fsp.mkdir(folder);
		} catch (error) {
			if (code(error) !== 'EEXIST' || !statSync(folder)?.isDirectory()) throw error;
		}
	}
}

/**
 * Whether a folder could be made at `dir` now, without leaving one: makes the first missing folder and removes it.
 * Returns the refusal (an errno error) or undefined. A folder that exists is not written to (it may be read-only to
 * others, but the save will say so).
 */
export function probeFolder(dir: string): NodeJS.ErrnoException | undefined {
	let first: string | undefined;
	try {
		first = missingFolders(dir)[0];
		if (first === undefined) return undefined;
		fs.mkdirSync(first);
	} catch (error) {
		return error as NodeJS.ErrnoException;
	}

	fs.rmdirSync(first);
	return undefined;
}
