/**
 * The report's I/O: every summary under a folder read (recursively), the folder's sweep.json if any, and
 * report.json/.md/.svg written next to them, each atomically (a temporary file in the same folder, then rename).
 */
import {randomBytes} from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {InputError} from '../core/input-error.js';
import {parseJson} from '../core/byte-order-mark.js';
import {aggregate, type SweepReport} from './report.js';
import {readFailureNotes} from './failure-note.js';
import type {KnobCatalog} from './knob-catalog.js';
import {folderFileNames, manifestName, manifestSchema, reportBaseName, type SweepManifest} from './manifest.js';
import {renderReportMarkdown} from './report-markdown.js';
import {renderReportSvg} from './report-svg.js';
import {parseSummary, type TrialSummary} from './summary-schema.js';


export interface ReadResult {
	summaries: TrialSummary[];
	/** Files that look like summaries but could not be read, relative to the folder. */
	unreadable: Array<{file: string; problem: string}>;
}

const toPosix = (file: string) => file.split(path.sep).join('/');

/** Every `*.json` under `dir` except the sweep's own files, hidden folders and exported models, parsed as run summaries. */
export async function readSummaries(dir: string): Promise<ReadResult> {
	const result: ReadResult = {summaries: [], unreadable: []};
	const walk = async (folder: string): Promise<void> => {
		const entries = await fs.readdir(folder, {withFileTypes: true});
		entries.sort((a, b) => a.name.localeCompare(b.name));
		for (const entry of entries) {
			if (entry.name.startsWith('.')) continue;
			const full = path.join(folder, entry.name);
			if (entry.isDirectory()) {
				// A race's exported model (`<run>.<contender>.model/`, summary/export-race.ts) holds model.json, no summary.
				if (!entry.name.endsWith('.model')) await walk(full);
				continue;
			}

			const relative = toPosix(path.relative(dir, full));
			if (!entry.isFile() || !entry.name.endsWith('.json') || folderFileNames.has(entry.name)) continue;
			try {
				const parsed = parseSummary(parseJson(await fs.readFile(full, 'utf8')), relative);
				if (parsed.ok) result.summaries.push(parsed.summary);
				else result.unreadable.push({file: relative, problem: parsed.problem});
			} catch (error) {
				result.unreadable.push({file: relative, problem: (error as Error).message.split('\n')[0]!});
			}
		}
	};

	try {
		const stats = await fs.stat(dir);
		if (!stats.isDirectory()) throw new InputError(`${dir} is not a folder`);
	} catch (error) {
		if (error instanceof InputError) throw error;
		throw new InputError(`cannot read ${dir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
	}

	await walk(dir);
	return result;
}

/** The folder's sweep.json; undefined when absent; an InputError when present but unreadable. */
export async function readManifest(dir: string): Promise<SweepManifest | undefined> {
	const file = path.join(dir, manifestName);
	let text: string;
	try {
		text = await fs.readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw new InputError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
	}

	try {
		const parsed = manifestSchema.safeParse(parseJson(text));
		if (parsed.success) return parsed.data;
		throw new Error(`field "${parsed.error.issues[0]!.path.join('.')}": ${parsed.error.issues[0]!.message}`);
	} catch (error) {
		throw new InputError(`${file} is not a sweep manifest: ${(error as Error).message.split('\n')[0]}`);
	}
}

/** Writes `data` to `file` so that readers see the old file or the new one, never a mix. Replaces. */
export async function writeAtomic(file: string, data: string): Promise<void> {
	const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
	try {
		await fs.writeFile(temporary, data, {flag: 'wx'});
		await fs.rename(temporary, file);
	} finally {
		await fs.unlink(temporary).catch(() => undefined);
	}
}

export async function writeManifest(dir: string, manifest: SweepManifest): Promise<void> {
	await writeAtomic(path.join(dir, manifestName), `${JSON.stringify(manifest, undefined, '\t')}\n`);
}

export interface WrittenReport {
	report: SweepReport;
	json: string;
	md: string;
	svg: string;
}

/** Reads the folder, aggregates, and writes report.json/.md/.svg into it (SVG and JSON first, Markdown last). */
export async function writeReport(
	dir: string,
	options: {failed?: Array<{id: string; error: string}>; catalog?: KnobCatalog} = {},
): Promise<WrittenReport> {
	const [{summaries, unreadable}, manifest] = await Promise.all([readSummaries(dir), readManifest(dir)]);
	// Plan lines leave their failures as notes in the trial folders; the runner passes its own.
	const notes = manifest ? await readFailureNotes(dir, manifest.trials.map(trial => trial.id)) : [];
	const failed = [...notes, ...(options.failed ?? [])];
	const report = aggregate({summaries, unreadable, manifest, failed, catalog: options.catalog});
	const base = path.join(dir, reportBaseName);
	const files = {json: `${base}.json`, md: `${base}.md`, svg: `${base}.svg`};
	await writeAtomic(files.svg, renderReportSvg(report));
	await writeAtomic(files.json, `${JSON.stringify(report, undefined, '\t')}\n`);
	await writeAtomic(files.md, renderReportMarkdown(report, `${reportBaseName}.svg`));
	return {report, ...files};
}
