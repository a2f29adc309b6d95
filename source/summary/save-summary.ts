/** Saving a run summary as three files sharing one name: .json (the data), .md (the report), .svg (the chart). */
import fs from 'node:fs/promises';
import path from 'node:path';
import {fileErrorReason} from '../files/file-error-reason.js';
import {makeFolder} from '../files/make-folder.js';
import {FileExistsError, nodeFileOps, writeFileExclusive, type FileOps} from './atomic-write.js';
import {newSummaryId} from './build-summary.js';
import {renderMarkdown} from './render-markdown.js';
import {renderSvg} from './render-svg.js';
import type {RunSummary} from './run-summary.js';
import {summaryName} from './summary-name.js';

/** The three files written, and the id they were saved under (a new one if the first name was taken). */
export interface SavedFiles {
	json: string;
	md: string;
	svg: string;
	id: string;
	name: string;
}

export interface SaveOptions {
	fileOps?: FileOps;
}

const maxAttempts = 5;

function saveError(runsDir: string, error: unknown): Error {
	return new Error(`cannot save the run summary in ${runsDir}: ${fileErrorReason(error)}`);
}

function renamed(summary: RunSummary, id: string): RunSummary {
	return {...summary, id, name: summaryName(new Date(summary.createdAt), summary.preset, id)};
}

/**
 * Writes the summary's three files into `runsDir` (created if missing), each atomically and never over an existing
 * file. The JSON goes last, so a listing never finds a run without its report. If any write fails, the files already
 * written are removed and the error names the folder in one line.
 */
export async function saveSummary(summary: RunSummary, runsDir: string, options: SaveOptions = {}): Promise<SavedFiles> {
	const ops = options.fileOps ?? nodeFileOps;
	try {
		await makeFolder(runsDir);
	} catch (error) {
		throw saveError(runsDir, error);
	}

	for (let attempt = 0; attempt < maxAttempts; attempt++) {
		const candidate = attempt === 0 ? summary : renamed(summary, newSummaryId());
		const base = path.join(runsDir, candidate.name);
		const files = {svg: `${base}.svg`, md: `${base}.md`, json: `${base}.json`};
		const contents = {
			svg: renderSvg(candidate),
			md: renderMarkdown(candidate),
			json: `${JSON.stringify(candidate, undefined, '\t')}\n`,
		};
		const written: string[] = [];
		try {
			for (const kind of ['svg', 'md', 'json'] as const) {
				await writeFileExclusive(files[kind], contents[kind], ops);
				written.push(files[kind]);
			}

			return {...files, id: candidate.id, name: candidate.name};
		} catch (error) {
			await Promise.all(written.map(async file => ops.unlink(file).catch(() => undefined)));
			if (!(error instanceof FileExistsError)) {
				throw saveError(runsDir, error);
			}
		}
	}

	throw new Error(`cannot save the run summary in ${runsDir}: no free file name after ${maxAttempts} tries`);
}
