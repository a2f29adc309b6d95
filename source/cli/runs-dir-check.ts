/**
 * A race that saves checks where it will save before it trains: a --runs-dir that names a file (or lies under one)
 * once let a whole race train and then lose its summary to "EEXIST: file already exists, mkdir …" with exit 0.
 * Reads only; the folder itself is made when the first summary is saved.
 */
import {statSync} from 'node:fs';
import path from 'node:path';
import {InputError} from '../core/input-error.js';

/** `source` names where the folder came from (the flag or the setting) in the one line a bad one gives. */
export function requireRunsFolder(dir: string, source: string): void {
	for (let at = path.resolve(dir); ; at = path.dirname(at)) {
		let found;
		try {
			found = statSync(at, {throwIfNoEntry: false});
		} catch (error) {
			// ENOTDIR: some folder above is a file, found further up; anything else (no permission) is the save's to say.
			if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') return;
		}

		if (found) {
			if (found.isDirectory()) return;
			const what = at === path.resolve(dir) ? 'is a file' : `lies under ${at}, a file`;
			throw new InputError(`${source} ${dir} ${what}, expected a folder for the run summaries (or --no-save)`);
		}

		if (path.dirname(at) === at) return;
	}
}
