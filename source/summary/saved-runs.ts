/** Reading saved runs back: every valid summary in the runs folder, newest first, and lookup by ID prefix. */
import fs from 'node:fs/promises';
import path from 'node:path';
import {InputError} from '../core/input-error.js';
import {parseJson} from '../core/byte-order-mark.js';
import type {RunSummary} from './run-summary.js';
import {parseAnySummary} from './summary-v1.js';
import {folderFileNames} from '../sweep/manifest.js';

/** A summary read from disk and the file it came from. */
export interface SavedRun {
	summary: RunSummary;
	file: string;
}

/** Valid summaries (any format version, upgraded to the current one) newest first; unreadable or foreign JSON files become one-line `problems`. */
export async function readSavedRuns(runsDir: string): Promise<{runs: SavedRun[]; problems: string[]}> {
	let names: string[];
	try {
		names = await fs.readdir(runsDir);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return {runs: [], problems: []};
		}

		// Not bad input (exit 2) but a folder we cannot read: a plain Error, one line, exit 1.
		throw new Error(`cannot read the runs folder ${runsDir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
	}

	const runs: SavedRun[] = [];
	const problems: string[] = [];
	// A runs folder given to `runs aggregate` holds its report.json (and a sweep folder its sweep.json): not runs.
	for (const name of names.filter(name => name.endsWith('.json') && !name.startsWith('.') && !folderFileNames.has(name))) {
		const file = path.join(runsDir, name);
		try {
			// Version-1 summaries (two fixed runs) are upgraded in memory, so old races still list, show and compare.
			const parsed = parseAnySummary(parseJson(await fs.readFile(file, 'utf8')));
			if (parsed.success) {
				runs.push({summary: parsed.data, file});
			} else {
				problems.push(`${file}: not a run summary (${parsed.problem})`);
			}
		} catch (error) {
			problems.push(`${file}: ${(error as Error).message.split('\n')[0]}`);
		}
	}

	runs.sort(
		(a, b) => b.summary.createdAt.localeCompare(a.summary.createdAt) || b.summary.name.localeCompare(a.summary.name),
	);
	return {runs, problems};
}

/** The one run whose ID or file name starts with `idOrPrefix`. */
export function findSavedRun(runs: SavedRun[], idOrPrefix: string, runsDir: string): SavedRun {
	const wanted = idOrPrefix.trim().toLowerCase().replace(/\.(json|md|svg)$/, '');
	if (wanted === '') {
		throw new InputError('expected a run ID (see "pseudolabel-tui runs")');
	}

	const exact = runs.filter(run => run.summary.id === wanted || run.summary.name.toLowerCase() === wanted);
	const matches =
		exact.length > 0
			? exact
			: runs.filter(run => run.summary.id.startsWith(wanted) || run.summary.name.toLowerCase().startsWith(wanted));
	const [only] = matches;
	if (matches.length === 1 && only !== undefined) {
		return only;
	}

	if (matches.length === 0) {
		throw new InputError(`no saved run with ID "${idOrPrefix}" in ${runsDir} (see "pseudolabel-tui runs")`);
	}

	const ids = matches.slice(0, 5).map(run => run.summary.id);
	const more = matches.length > 5 ? ', …' : '';
	throw new InputError(`run ID "${idOrPrefix}" matches ${matches.length} runs (${ids.join(', ')}${more}); give more characters`);
}
