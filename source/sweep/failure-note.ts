/**
 * `trial-failed.txt`: a planned trial's failure, left in its folder by `sweep trial` (a plan line run by GNU parallel,
 * Slurm, …), where no runner is there to record it in sweep.json. One line; removed when the trial later succeeds.
 * Not `.json`, so it is never read as a summary.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import {makeFolder} from '../files/make-folder.js';

export const failureNoteName = 'trial-failed.txt';

export async function writeFailureNote(trialDir: string, error: string): Promise<void> {
	await makeFolder(trialDir);
	await fs.writeFile(path.join(trialDir, failureNoteName), `${error.split('\n')[0]!.trim()}\n`);
}

export async function clearFailureNote(trialDir: string): Promise<void> {
	await fs.rm(path.join(trialDir, failureNoteName), {force: true});
}

/** The failure notes of the given trial folders (ids relative to `sweepDir`). */
export async function readFailureNotes(sweepDir: string, trialIds: string[]): Promise<Array<{id: string; error: string}>> {
	const notes = await Promise.all(
		trialIds.map(async id => {
			try {
				const text = await fs.readFile(path.join(sweepDir, ...id.split('/'), failureNoteName), 'utf8');
				return [{id, error: text.trim() || 'failed'}];
			} catch {
				return [];
			}
		}),
	);
	return notes.flat();
}
