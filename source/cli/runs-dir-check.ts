/**
 * A race that saves checks where it will save before it trains: a --runs-dir that names a file (or lies under one)
 * once let a whole race train and then lose its summary to "EEXIST: file already exists, mkdir …" with exit 0, and one
 * where no folder can be made (/proc/nope, a read-only mount) hung or failed at the save. Leaves nothing behind: the
 * probe's folder is removed, and the runs folder is made when the first summary is saved.
 */
import {statSync} from 'node:fs';
import path from 'node:path';
import {InputError} from '../core/input-error.js';
import {fileErrorReason} from '../files/file-error-reason.js';
import {probeFolder} from '../files/make-folder.js';

const expected = 'expected a folder for the run summaries (or --no-save)';

/** `source` names where the folder came from (the flag or the setting) in the one line a bad one gives. */
export function requireRunsFolder(dir: string, source: string): void {
	for (let at = path.resolve(dir); ; at = path.dirname(at)) {
		let found;
		try {
			found = statSync(at, {throwIfNoEntry: false});
		} catch (error) {
			// ENOTDIR: some folder above is a file, found further up; anything else (no permission) is the probe's to say.
			if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') break;
		}

		if (found) {
			if (found.isDirectory()) break;
			const what = at === path.resolve(dir) ? 'is a file' : `lies under ${at}, a file`;
			throw new InputError(`${source} ${dir} ${what}, ${expected}`);
		}

		if (path.dirname(at) === at) break;
	}

	const refused = probeFolder(dir);
	if (refused) throw new InputError(`${source} ${dir}: cannot make the folder (${fileErrorReason(refused)}), ${expected}`);
}
