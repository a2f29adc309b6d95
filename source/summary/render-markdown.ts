/** A run summary as a Markdown report: the contenders' outcome first, then the chart, the settings and the rounds. */
import {sweepHint} from '../text/sweep-hint.js';
import {contenderStyle} from '../text/contender-style.js';
import {formatCount, formatDate, formatDuration, formatPercent, formatPoints, possessive} from '../text/format.js';
import {renderRaceChart} from '../text/race-chart.js';
import {methodSignalsText} from '../text/method-signals.js';
import {chartEpochOf} from '../text/progress-words.js';
import {classWord, quotedLabel, sampleWord} from '../text/class-words.js';
import {
	baselineAmong,
	flattenSettings,
	methodKind,
	methodLabel,
	savedGap,
	settingsDifferences,
} from './contender-results.js';
import {lacksTruth, modeWords, noTruth, shapeWords} from './dataset-description.js';
import type {ContenderRecord, RunSummary} from './run-summary.js';
import type {SweepEvidence} from '../sweep/evidence.js';

const chartWidth = 72;
const chartHeight = 18;

type RoundRecord = ContenderRecord['rounds'][number];

/** Characters that would break a table cell or start Markdown markup. */
function cell(text: string): string {
	return text.replaceAll('|', '\\|').replaceAll(/\r?\n/g, ' ');
}

function table(header: string[], alignments: Array<'left' | 'right'>, rows: string[][]): string {
	const rule = alignments.map(alignment => (alignment === 'right' ? '---:' : '---'));
	return [header, rule, ...rows].map(row => `| ${row.map(text => cell(text)).join(' | ')} |`).join('\n');
}

function epochsDone(summary: RunSummary): number {
	return Math.max(0, ...summary.contenders.map(contender => contender.epochs.length));
}

function raceTable(summary: RunSummary): string {
	const {dataset, environment} = summary;
	const cores = summary.cores === undefined ? '' : `, ${summary.contenders.length} contenders on ${summary.cores} cores`;
	return table(
		['Race', 'Value'],
		['left', 'left'],
		[
			['Preset', summary.preset],
			['Dataset', `${dataset.name}: ${formatCount(dataset.labeled)} labeled, ${formatCount(dataset.unlabeled)} unlabeled, ${formatCount(dataset.test)} test`],
			...(dataset.info === undefined
				? []
				: [
						['Data', `${shapeWords(dataset.info)}, ${modeWords(dataset.info)}`],
						['Classes', `${dataset.info.classNames.length}: ${dataset.info.classNames.join(', ')}`],
					]),
			...(dataset.notes ?? []).map(note => ['Note', note]),
			...collapsedRows(summary),
			['Backend', `${environment.backend} (Node ${environment.node}, ${environment.cpu.model}, ${environment.cpu.cores} cores${cores})`],
			['Epochs', `${epochsDone(summary)} of ${summary.totalEpochs}`],
			['Wall time', formatDuration(summary.wallSeconds, 'words')],
			['Status', summary.partial ? 'partial (stopped before the end)' : 'complete'],
			['ID', summary.id],
		],
	);
}

/** A contender whose last epoch gave nearly every test sample one class (core/one-class.ts), said as the chart says it. */
function collapsedRows(summary: RunSummary): string[][] {
	const info = summary.dataset.info;
	return summary.contenders.flatMap(contender => {
		const oneClass = contender.epochs.at(-1)?.oneClass;
		if (oneClass === undefined) return [];
		return [['Collapsed', `${contender.name} calls ${formatPercent(oneClass.share)} of test ${sampleWord(info, 'many')} ${quotedLabel(info, oneClass.label)}: one ${classWord(info)} for nearly all`]];
	});
}

/** "82.0% used": the share of the pool (online: of the images drawn) a record's pseudo-labels took, one word for all. */
function lastRoundShare(round: RoundRecord | undefined): string {
	if (round === undefined) return '–';
	return `${formatPercent(round.acceptanceRate)} used`;
}

function contendersTable(summary: RunSummary): string {
	const baseline = baselineAmong(summary.contenders);
	const rows = summary.contenders.map((contender, index) => {
		const last = contender.rounds.at(-1);
		const isBaseline = contender === baseline;
		return [
			contenderStyle(index).glyph,
			contender.name,
			contender.id,
			methodLabel(contender.method),
			formatPercent(contender.finalAccuracy, 2),
			isBaseline ? 'baseline' : formatPoints(savedGap(contender, baseline), 2),
			lastRoundShare(last),
			lacksTruth(summary.dataset.info) ? noTruth : formatPercent(last?.precision, 1),
			formatDuration(contender.wallSeconds, 'words'),
			contender.status,
		];
	});
	const gapHeader = baseline === undefined ? 'Gap' : `vs ${possessive(baseline.name)} best`;
	const header = ['Line', 'Contender', 'ID', 'Method', 'Accuracy', gapHeader, 'Pseudo-labels (last)', 'Precision', 'Wall time', 'Status'];
	const errors = summary.contenders.flatMap(contender =>
		contender.error === undefined ? [] : [`- **${cell(contender.name)}** (${contender.id}) failed: ${cell(contender.error)}`],
	);
	const parts = [table(header, ['left', 'left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'left'], rows)];
	if (errors.length > 0) parts.push('', ...errors);
	return parts.join('\n');
}

/** The race chart of one summary as plain text (no color): every contender in race order, so glyphs match the legend. */
export function summaryChart(summary: RunSummary, width = chartWidth, height = chartHeight): string {
	return renderRaceChart(
		summary.contenders.map(contender => ({label: contender.name, values: contender.epochs.map(point => point.testAccuracy)})),
		{width, height, color: false, totalEpochs: summary.totalEpochs},
	);
}

function settingsSection(summary: RunSummary): string {
	const raceKeys = new Set(flattenSettings(summary.race).keys());
	// Each contender's own settings: its config without the race-wide ones, which every contender shares.
	const own = summary.contenders.map(contender =>
		Object.fromEntries(Object.entries(contender.config).filter(([key]) => !raceKeys.has(key))),
	);
	const differences = settingsDifferences(own);
	const differing = new Set(differences.map(difference => difference.path));
	const shared = [...flattenSettings({...summary.race, ...(own[0] ?? {})})].filter(([path]) => !differing.has(path));
	const parts: string[] = [];
	if (summary.contenders.length > 1) {
		parts.push(
			differences.length === 0
				? 'Every contender trains with the same settings.'
				: table(
					['Setting', ...summary.contenders.map(contender => contender.name)],
					['left', ...summary.contenders.map(() => 'right' as const)],
					differences.map(difference => [difference.path, ...difference.values]),
				),
			'',
		);
	}

	parts.push('Shared by every contender:', '', '```text', ...shared.map(([path, value]) => `${path}: ${value}`), '```');
	return parts.join('\n');
}

function classThresholds(values: number[] | undefined): string {
	return values === undefined ? '' : values.map(value => value.toFixed(2)).join(' ');
}

/** "Threshold per digit 0–9" on MNIST, "Threshold per class 0–3" elsewhere (classes by index, as the summary keeps them). */
function classThresholdsHeading(summary: RunSummary, contender: ContenderRecord): string {
	const classes = Math.max(0, ...contender.rounds.map(round => round.classThresholds?.length ?? 0));
	const word = summary.dataset.name === 'MNIST' && classes === 10 ? 'digit' : 'class';
	return `Threshold per ${word} 0–${classes - 1}`;
}

function roundsTable(summary: RunSummary, contender: ContenderRecord): string {
	if (contender.rounds.length === 0) {
		return methodKind(contender.method) === 'online' ? 'No pseudo-labels used yet.' : 'No labeling round finished.';
	}

	const online = contender.rounds.some(round => round.kind === 'online');
	const withAlpha = contender.rounds.some(round => round.alpha !== undefined);
	const withClass = contender.rounds.some(round => round.classThresholds !== undefined);
	const withSignals = contender.rounds.some(round => round.signals !== undefined && round.signals.length > 0);
	// Online records are named by the chart's epoch (warm-up included), as every screen names them.
	const header = [online ? 'Epoch' : 'Round', online ? 'Drawn' : 'Pool', 'Used', 'Rate', 'Precision', 'Threshold'];
	if (withAlpha) header.push('α');
	if (withSignals) header.push('Signals');
	if (withClass) header.push(classThresholdsHeading(summary, contender));
	const rows = contender.rounds.map(round => {
		const row = [
			String(round.kind === 'online' ? chartEpochOf(round, contender) : round.round),
			formatCount(round.pool),
			formatCount(round.accepted),
			formatPercent(round.acceptanceRate, 1),
			lacksTruth(summary.dataset.info) ? noTruth : formatPercent(round.precision, 1),
			// FreeMatch's self-adaptive τ has many digits; three say where it is.
			String(Number(round.threshold.toFixed(3))),
		];
		if (withAlpha) row.push(round.alpha === undefined ? '' : round.alpha.toFixed(2));
		if (withSignals) row.push(methodSignalsText(round.signals ?? []));
		if (withClass) row.push(classThresholds(round.classThresholds));
		return row;
	});
	return table(header, header.map((name, index) => ((index === header.length - 1 && withClass) || name === 'Signals' ? 'left' : 'right')), rows);
}

function roundsSection(summary: RunSummary): string {
	const labeling = summary.contenders.filter(contender => methodKind(contender.method) !== 'baseline');
	if (labeling.length === 0) {
		return 'No contender uses pseudo-labels.';
	}

	return labeling
		.map(contender => {
			const method = methodLabel(contender.method);
			const about = method === contender.name ? contender.id : `${contender.id}, ${method}`;
			return [`### ${cell(contender.name)} (${about})`, '', roundsTable(summary, contender)].join('\n');
		})
		.join('\n\n');
}

/** What the gap column compares, under the table (the one gap every view of a race shows, core/gap.ts). */
function gapNote(summary: RunSummary): string[] {
	const baseline = baselineAmong(summary.contenders);
	if (baseline === undefined || summary.contenders.length < 2) return [];
	return [`Gap: the final accuracy minus the best ${cell(baseline.name)} had reached by the same epoch, so a dip of its own never makes a contender's gap look bigger.`, ''];
}

/**
 * Is the gap real? A sweep's gaps over seeds for this preset and settings (sweep/evidence.ts), or how to get them: a
 * race is one seed. `undefined` evidence: not looked up (the report saved with the race), so nothing is said.
 */
function evidenceSection(summary: RunSummary, evidence: SweepEvidence | null | undefined): string[] {
	if (evidence === undefined) return [];
	const baseline = baselineAmong(summary.contenders);
	if (baseline === undefined || summary.contenders.length < 2) return [];
	if (evidence === null) {
		return [`One seed: a gap this size can be luck. \`pseudolabel-tui ${sweepHint(summary.preset, summary.sweepFlags)}\` races the same settings over seeds and reports mean ± sd.`, ''];
	}

	const names = new Map(summary.contenders.map(contender => [contender.id, contender.name]));
	const lines = evidence.contenders.map(item => {
		const sd = item.sd === null ? '' : ` ± ${formatPoints(item.sd, 2).replace(/^[+±]/, '')}`;
		// A mean of zero is neither ahead nor behind; its ± is dropped before the sd's (not "±0.00 ± 0.00").
		const mean = formatPoints(item.mean, 2).replace(/^±/, '');
		const side = item.mean > 0 ? 'ahead' : item.mean < 0 ? 'behind' : 'equal';
		return `- ${cell(names.get(item.id) ?? item.id)}: ${mean}${sd}, ${side} in ${item.sameSign} of ${item.n} seeds`;
	});
	return [`Over ${evidence.seeds.length} seeds (${evidence.seeds.join(', ')}) of a sweep with these settings (${evidence.dir}), the same gap:`, '', ...lines, ''];
}

/** The whole report; `evidence`: a sweep's gaps for these settings (null: looked up, none found). */
export function renderMarkdown(summary: RunSummary, evidence?: SweepEvidence | null): string {
	const names = summary.contenders.map(contender => contender.name).join(', ');
	return [
		`# Pseudo-labeling race: ${summary.preset}, ${formatDate(summary.createdAt)}`,
		'',
		`${summary.contenders.length} contender${summary.contenders.length === 1 ? '' : 's'} (${names}) on the same ` +
			`${formatCount(summary.dataset.labeled)} labeled images, unlabeled pool and test set.`,
		'',
		raceTable(summary),
		'',
		'## Contenders',
		'',
		contendersTable(summary),
		'',
		...gapNote(summary),
		...evidenceSection(summary, evidence),
		'## Test accuracy per epoch',
		'',
		'```text',
		summaryChart(summary),
		'```',
		'',
		'## Settings',
		'',
		settingsSection(summary),
		'',
		'## Pseudo-labels',
		'',
		roundsSection(summary),
		'',
	].join('\n');
}
