/** Two saved runs side by side: all four accuracy curves in one text chart, a table, and what their configs changed. */
import {renderRaceChart} from '../text/race-chart.js';
import {formatDate, formatDuration, formatGap, formatPercent} from './format.js';
import type {RunSummary} from './run-summary.js';
import {textTable} from './text-table.js';

export interface ComparisonOptions {
	width: number;
	height: number;
	color: boolean;
}

function flattened(value: unknown, prefix = ''): Map<string, string> {
	const entries = new Map<string, string>();
	if (value !== null && typeof value === 'object') {
		for (const [key, inner] of Object.entries(value)) {
			for (const [path, text] of flattened(inner, prefix === '' ? key : `${prefix}.${key}`)) {
				entries.set(path, text);
			}
		}
	} else {
		entries.set(prefix, JSON.stringify(value));
	}

	return entries;
}

/** Config fields that differ: "threshold: 0.8 → 0.95". */
export function configDifferences(a: RunSummary['config'], b: RunSummary['config']): string[] {
	const left = flattened(a);
	const right = flattened(b);
	const keys = [...new Set([...left.keys(), ...right.keys()])];
	return keys
		.filter(key => left.get(key) !== right.get(key))
		.map(key => `${key}: ${left.get(key) ?? '–'} → ${right.get(key) ?? '–'}`);
}

function accuracies(summary: RunSummary, run: 'supervised' | 'semi'): number[] {
	return summary.runs[run].epochs.map(point => point.testAccuracy);
}

/** Chart, table and config differences of runs `a` and `b`. */
export function renderComparison(a: RunSummary, b: RunSummary, options: ComparisonOptions): string {
	const chart = renderRaceChart(
		[
			{label: `${a.id} supervised`, values: accuracies(a, 'supervised')},
			{label: `${a.id} semi`, values: accuracies(a, 'semi')},
			{label: `${b.id} supervised`, values: accuracies(b, 'supervised')},
			{label: `${b.id} semi`, values: accuracies(b, 'semi')},
		],
		{...options, totalEpochs: Math.max(a.totalEpochs, b.totalEpochs)},
	);
	const row = (summary: RunSummary) => [
		summary.id,
		summary.preset,
		formatDate(summary.createdAt),
		formatPercent(summary.runs.supervised.finalAccuracy),
		formatPercent(summary.runs.semi.finalAccuracy),
		formatGap(summary.runs.supervised.finalAccuracy, summary.runs.semi.finalAccuracy),
		`${Math.max(summary.runs.supervised.epochs.length, summary.runs.semi.epochs.length)}/${summary.totalEpochs}`,
		formatDuration(summary.wallSeconds),
		summary.partial ? 'partial' : 'complete',
	];
	const table = textTable(
		[['ID', 'PRESET', 'DATE', 'SUPERVISED', 'SEMI', 'GAP', 'EPOCHS', 'WALL', 'STATUS'], row(a), row(b)],
		[false, false, false, true, true, true, true, true, false],
	);
	const differences = configDifferences(a.config, b.config);
	const changes =
		differences.length === 0
			? 'Same configuration.'
			: ['Configuration changes:', ...differences.map(line => `  ${line}`)].join('\n');
	return `${chart}\n\n${table}\n\n${changes}\n`;
}
