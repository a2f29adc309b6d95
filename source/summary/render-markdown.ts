/** A run summary as a Markdown report: the outcome first, then the rounds, the race chart and the full config. */
import {renderRaceChart} from '../text/race-chart.js';
import {formatCount, formatDate, formatDuration, formatGap, formatPercent} from './format.js';
import type {RunSummary} from './run-summary.js';

const chartWidth = 72;
const chartHeight = 18;

/** Characters that would break a table cell or start Markdown markup. */
function cell(text: string): string {
	return text.replaceAll('|', '\\|').replaceAll(/\r?\n/g, ' ');
}

function table(header: string[], alignments: Array<'left' | 'right'>, rows: string[][]): string {
	const rule = alignments.map(alignment => (alignment === 'right' ? '---:' : '---'));
	return [header, rule, ...rows].map(row => `| ${row.map(text => cell(text)).join(' | ')} |`).join('\n');
}

function epochsDone(summary: RunSummary): number {
	return Math.max(summary.runs.supervised.epochs.length, summary.runs.semi.epochs.length);
}

function outcomeTable(summary: RunSummary): string {
	const {supervised, semi} = summary.runs;
	const {dataset, environment} = summary;
	const status = summary.partial ? 'partial (stopped before the end)' : 'complete';
	const errors = [supervised, semi].flatMap((run, index) =>
		run.error === undefined ? [] : [[`${index === 0 ? 'Supervised' : 'Semi-supervised'} error`, run.error]],
	);
	return table(
		['Race', 'Result'],
		['left', 'left'],
		[
			['Preset', summary.preset],
			['Dataset', `${dataset.name}: ${formatCount(dataset.labeled)} labeled, ${formatCount(dataset.unlabeled)} unlabeled, ${formatCount(dataset.test)} test`],
			['Backend', `${environment.backend} (Node ${environment.node}, ${environment.cpu.model}, ${environment.cpu.cores} cores)`],
			['Supervised accuracy', formatPercent(supervised.finalAccuracy)],
			['Semi-supervised accuracy', formatPercent(semi.finalAccuracy)],
			['Gap (semi − supervised)', formatGap(supervised.finalAccuracy, semi.finalAccuracy)],
			['Epochs', `${epochsDone(summary)} of ${summary.totalEpochs}`],
			['Wall time', formatDuration(summary.wallSeconds)],
			['Throughput', `supervised ${formatCount(supervised.samplesPerSec)} samples/s, semi ${formatCount(semi.samplesPerSec)} samples/s`],
			['Status', status],
			...errors,
			['ID', summary.id],
		],
	);
}

function roundsSection(summary: RunSummary): string {
	if (summary.rounds.length === 0) {
		return 'No labeling round finished.';
	}

	const rows = summary.rounds.map(round => [
		String(round.round),
		formatCount(round.pool),
		formatCount(round.accepted),
		formatPercent(round.acceptanceRate, 1),
		formatPercent(round.precision, 1),
	]);
	return table(['Round', 'Pool', 'Accepted', 'Rate', 'Precision'], ['right', 'right', 'right', 'right', 'right'], rows);
}

/** The race chart of one summary as plain text (no color), as printed in reports. */
export function summaryChart(summary: RunSummary, width = chartWidth, height = chartHeight): string {
	return renderRaceChart(
		[
			{label: 'supervised', values: summary.runs.supervised.epochs.map(point => point.testAccuracy)},
			{label: 'semi-supervised', values: summary.runs.semi.epochs.map(point => point.testAccuracy)},
		],
		{width, height, color: false, totalEpochs: summary.totalEpochs},
	);
}

/** The whole report. */
export function renderMarkdown(summary: RunSummary): string {
	const {threshold, labeled} = summary.config;
	return [
		`# Pseudo-labeling race: ${summary.preset}, ${formatDate(summary.createdAt)}`,
		'',
		`Supervised training on ${formatCount(labeled)} labeled images against pseudo-labeling ` +
			`(threshold ${threshold}) on the same images plus the unlabeled pool.`,
		'',
		outcomeTable(summary),
		'',
		'## Pseudo-label rounds',
		'',
		roundsSection(summary),
		'',
		'## Test accuracy per epoch',
		'',
		'```text',
		summaryChart(summary),
		'```',
		'',
		'## Configuration',
		'',
		'```json',
		JSON.stringify(summary.config, undefined, 2),
		'```',
		'',
	].join('\n');
}
