/** `runs`, `runs show ID`, `runs compare ID ID…`: the saved race summaries, listed, shown or compared. */
import {InputError} from '../../core/input-error.js';
import {settingsCatalog} from '../knob-catalog.js';
import {runAggregateCommand} from './sweep.js';
import {bestOf, renderComparison} from '../../summary/render-comparison.js';
import {fitMarkdown} from '../../text/fit-markdown.js';
import {formatDate, formatDuration} from '../../text/format.js';
import {renderMarkdown} from '../../summary/render-markdown.js';
import {findSweepEvidence} from '../../sweep/evidence.js';
import {findSavedRun, readSavedRuns, type SavedRun} from '../../summary/saved-runs.js';
import {textTable} from '../../summary/text-table.js';

export interface RunsCommandOptions {
	runsDir: string;
	stdout: (text: string) => void;
	/** Where skipped files are reported; dropped when absent. */
	stderr?: (text: string) => void;
	/** Color the compare chart. */
	color?: boolean;
	/** Columns the output may take (the caller's outputWidth; the compare chart keeps to 40–120). Absent: the listing
	 * and report are not wrapped, and the chart is 80 wide. */
	width?: number;
	/** `--json`: `runs` one JSON line per run, `runs show` the summary as saved. */
	json?: boolean;
}

/** One run as a JSON line: what the listing says, in fields (accuracies as fractions, seconds). */
function runLine({summary, file}: SavedRun): string {
	return JSON.stringify({
		id: summary.id,
		file,
		createdAt: summary.createdAt,
		preset: summary.preset,
		data: summary.dataset?.name ?? null,
		partial: summary.partial,
		wallSeconds: summary.wallSeconds,
		contenders: summary.contenders.map(contender => ({id: contender.id, name: contender.name, method: contender.method, status: contender.status, finalAccuracy: contender.finalAccuracy ?? null})),
	});
}

function listing(runs: SavedRun[], width: number | undefined): string {
	const rows = runs.map(({summary}) => {
		// The best contender and how far it got past the supervised baseline: the one line a listing can say.
		const {best, gap} = bestOf(summary);
		return [
			formatDate(summary.createdAt),
			summary.preset,
			// Races on MNIST, a wine table and an image folder looked alike in the list.
			summary.dataset?.name ?? '–',
			String(summary.contenders.length),
			best,
			gap,
			formatDuration(summary.wallSeconds, 'words'),
			summary.partial ? 'partial' : 'complete',
			summary.id,
		];
	});
	return textTable(
		[['DATE', 'PRESET', 'DATA', 'CONTENDERS', 'BEST', 'GAP', 'DURATION', 'STATUS', 'ID'], ...rows],
		[false, false, false, true, true, true, true, false, false],
		width,
	);
}

function expectArgs(args: string[], count: number, usage: string): void {
	if (args.length !== count) {
		throw new InputError(`usage: pseudolabel-tui ${usage}`);
	}
}

/** Runs the subcommand; returns the exit code. Bad IDs and arguments throw InputError. */
export async function runsCommand(args: string[], options: RunsCommandOptions): Promise<number> {
	const [action = 'list', ...rest] = args;
	// --json was taken and ignored here (the listing came as text): said, where a command has no JSON form.
	if (options.json && action !== 'list' && action !== 'show') throw new InputError(`runs ${action}: --json is for runs and runs show, expected no --json here`);
	if (action === 'aggregate') {
		// A sweep's folder (or any folder of summaries): one report of means, spreads and paired gaps.
		expectArgs(rest, 1, 'runs aggregate DIR');
		return runAggregateCommand(rest[0]!, {stdout: options.stdout, stderr: text => options.stderr?.(text), catalog: settingsCatalog});
	}

	const {runs, problems} = await readSavedRuns(options.runsDir);
	for (const problem of problems) {
		options.stderr?.(`skipped ${problem}\n`);
	}

	switch (action) {
		case 'list': {
			expectArgs(rest, 0, 'runs');
			if (options.json) options.stdout(runs.map(run => `${runLine(run)}\n`).join(''));
			else options.stdout(runs.length === 0 ? `No saved runs in ${options.runsDir}\n` : `${listing(runs, options.width)}\n`);
			return 0;
		}

		case 'show': {
			expectArgs(rest, 1, 'runs show ID');
			const {summary} = findSavedRun(runs, rest[0]!, options.runsDir);
			if (options.json) {
				options.stdout(`${JSON.stringify(summary)}\n`);
				return 0;
			}

			// A sweep of the same preset and settings says whether the gap holds over seeds.
			const evidence = await findSweepEvidence(options.runsDir, {preset: summary.preset, id: summary.id, datasetName: summary.dataset.name, contenders: summary.contenders});
			const report = renderMarkdown(summary, evidence ?? null);
			options.stdout(options.width === undefined ? report : fitMarkdown(report, options.width));
			return 0;
		}

		case 'compare': {
			if (rest.length < 2) {
				throw new InputError('usage: pseudolabel-tui runs compare ID ID [ID…]');
			}

			const summaries = rest.map(id => findSavedRun(runs, id, options.runsDir).summary);
			const width = Math.max(40, Math.min(options.width ?? 80, 120));
			options.stdout(renderComparison(summaries, {width, height: 20, color: options.color ?? false}));
			return 0;
		}

		default: {
			throw new InputError(`unknown runs command "${action}": expected show or compare (or nothing to list)`);
		}
	}
}
