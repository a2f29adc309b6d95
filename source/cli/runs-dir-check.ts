/**
 * A race that saves checks where it will save before it trains: a --runs-dir that names a file (or lies under one)
 * once let a whole race train and then lose its summary to "EEXIST: file already exists, mkdir …" with exit 0, and one
 * where no folder can be made (/proc/nope, a read-only mount) hung or failed at the save. Leaves nothing behind: the
 * probe's folder is removed, and the runs folder is made when the first summary is saved.
 */
import path from 'node:path';
import {InputError} from '../core/input-error.js';
import {fileErrorReason} from '../files/file-error-reason.js';
import {nearestExisting, probeFolder} from '../files/make-folder.js';

const expected = 'expected a folder for the run summaries (or --no-save)';

/** `source` names where the folder came from (the flag or the setting) in the one line a bad one gives. */
export function requireRunsFolder(dir: string, source: string): void {
	let nearest;
	try {
		nearest = nearestExisting(dir);
	} catch {
		// No permission to look: the probe below says so.
	}

	if (nearest?.stats && !nearest.stats.isDirectory()) {
		const what = nearest.at === path.resolve(dir) ? 'is a file' : `lies under ${nearest.at}, a file`;
		throw new InputError(`${source} ${dir} ${what}, ${expected}`);
	}

	const refused = probeFolder(dir);
	if (refused) throw new InputError(`${source} ${dir}: cannot make the folder (${fileErrorReason(refused)}), ${expected}`);
}
