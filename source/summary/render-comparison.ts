/**
 * Two or more saved runs side by side: the curves of contenders with the same id overlaid in one text chart, a table
 * per run and per contender, and which settings changed between the runs.
 */
import {formatDate, formatDuration, formatPercent, formatPoints} from '../text/format.js';
import {ansiDefaultForeground, contenderStyle} from '../text/contender-style.js';
import {renderRaceChart} from '../text/race-chart.js';
import {baselineAmong, flattenSettings, rankedContenders, savedGap, settingsDifferences} from './contender-results.js';
import type {RunSummary} from './run-summary.js';
import {textTable} from './text-table.js';

export interface ComparisonOptions {
	width: number;
	height: number;
	color: boolean;
}

/** Contender ids in the order they first appear across the runs. */
export function contenderIds(summaries: readonly RunSummary[]): string[] {
	return [...new Set(summaries.flatMap(summary => summary.contenders.map(contender => contender.id)))];
}

/** The best contender of a run and its gap (vs the baseline's best by the same epoch): ["semi 93.12%", "+4.28 pts"]. */
export function bestOf(summary: RunSummary): {best: string; gap: string} {
	const [best] = rankedContenders(summary);
	const baseline = baselineAmong(summary.contenders);
	if (best === undefined || best.finalAccuracy === null) {
		return {best: '–', gap: '–'};
	}

	return {
		best: `${best.id} ${formatPercent(best.finalAccuracy, 2)}`,
		// The baseline itself best: it has no gap to itself.
		gap: best === baseline ? 'baseline' : formatPoints(savedGap(best, baseline), 2),
	};
}

/**
 * The data, when the runs raced different data ("Same settings." was said of a race on images and one on a table): by
 * name, or by fingerprint where two datasets share a name (another version of the same file).
 */
function dataDifference(summaries: readonly RunSummary[]): string[] {
	const names = summaries.map(summary => summary.dataset?.name ?? '–');
	const prints = summaries.map(summary => summary.determinedBy?.dataset);
	const known = prints.filter(print => print !== undefined);
	if (new Set(names).size > 1) return [`data: ${names.join(' · ')}`];
	if (known.length < 2 || new Set(known).size === 1) return [];
	return [`data: ${names.map((name, index) => `${name} ${prints[index]?.replace(/^sha256:/, '').slice(0, 8) ?? '?'}`).join(' · ')} (same name, other bytes)`];
}

/** Settings that differ between the runs, race-wide and per shared contender id: "semi threshold: 0.8 · 0.95 · 0.95". */
function differenceLines(summaries: readonly RunSummary[], ids: readonly string[]): string[] {
	const lines = [...dataDifference(summaries), ...settingsDifferences(summaries.map(summary => summary.race)).map(
		({path, values}) => `race ${path}: ${values.join(' · ')}`,
	)];
	for (const id of ids) {
		const configs = summaries.map(summary => summary.contenders.find(contender => contender.id === id));
		const present = configs.filter(config => config !== undefined);
		if (present.length < 2) continue;
		const raceKeys = new Set(summaries.flatMap(summary => Object.keys(summary.race)));
		const own = configs.map(contender =>
			contender === undefined ? undefined : Object.fromEntries(Object.entries(contender.config).filter(([key]) => !raceKeys.has(key))),
		);
		const methods = configs.map(contender => contender?.method ?? '–');
		if (new Set(present.map(contender => contender.method)).size > 1) {
			lines.push(`${id} method: ${methods.join(' · ')}`);
		}

		// Runs missing this contender show "–" rather than counting as a difference of every setting.
		const compared = settingsDifferences(own.filter(config => config !== undefined));
		for (const {path} of compared) {
			const values = own.map(config => (config === undefined ? '–' : (flattenSettings(config).get(path) ?? '–')));
			lines.push(`${id} ${path}: ${values.join(' · ')}`);
		}
	}

	return lines;
}

/** Chart, tables and settings differences of two or more runs, in the order given. */
export function renderComparison(summaries: readonly RunSummary[], options: ComparisonOptions): string {
	const ids = contenderIds(summaries);
	const series = ids.flatMap(id =>
		summaries.flatMap(summary => {
			const contender = summary.contenders.find(item => item.id === id);
			return contender === undefined
				? []
				: [{label: `${summary.id} ${id}`, values: contender.epochs.map(point => point.testAccuracy), final: contender.finalAccuracy}];
		}),
	);
	const plot = renderRaceChart(series, {...options, totalEpochs: Math.max(0, ...summaries.map(summary => summary.totalEpochs))});
	// Many series don't fit the chart's one-line legend without cutting labels short: one line per series instead.
	const key = series.map((item, index) => {
		const style = contenderStyle(index);
		const glyph = options.color ? `${style.ansi}${style.glyph}${ansiDefaultForeground}` : style.glyph;
		return `      ${glyph} ${item.label} ${formatPercent(item.final, 2)}`;
	});
	const chart = [...plot.split('\n').slice(0, -1), ...key].join('\n');

	const runsTable = textTable(
		[
			['ID', 'PRESET', 'DATE', 'BEST', 'GAP', 'EPOCHS', 'WALL', 'STATUS'],
			...summaries.map(summary => {
				const {best, gap} = bestOf(summary);
				const done = Math.max(0, ...summary.contenders.map(contender => contender.epochs.length));
				return [
					summary.id,
					summary.preset,
					formatDate(summary.createdAt),
					best,
					gap,
					`${done}/${summary.totalEpochs}`,
					formatDuration(summary.wallSeconds, 'words'),
					summary.partial ? 'partial' : 'complete',
				];
			}),
		],
		[false, false, false, true, true, true, true, false],
	);

	// Final accuracy of each contender id in each run; "–" where the run has no such contender.
	const accuracyTable = textTable(
		[
			['CONTENDER', ...summaries.map(summary => summary.id)],
			...ids.map(id => [
				id,
				...summaries.map(summary => {
					const contender = summary.contenders.find(item => item.id === id);
					return contender === undefined ? '–' : formatPercent(contender.finalAccuracy, 2);
				}),
			]),
		],
		[false, ...summaries.map(() => true)],
	);

	const missing = ids.flatMap(id => {
		const without = summaries.filter(summary => !summary.contenders.some(contender => contender.id === id));
		return without.length === 0 ? [] : [`${id} is not in ${without.map(summary => summary.id).join(', ')}`];
	});
	const differences = differenceLines(summaries, ids);
	const order = `Settings below list values in run order (${summaries.map(summary => summary.id).join(' · ')}).`;
	const changes =
		differences.length === 0
			? 'Same settings.'
			: ['Settings changes:', `  ${order}`, ...differences.map(line => `  ${line}`)].join('\n');
	const parts = [chart, runsTable, accuracyTable];
	if (missing.length > 0) parts.push(['Missing contenders:', ...missing.map(line => `  ${line}`)].join('\n'));
	parts.push(changes);
	return `${parts.join('\n\n')}\n`;
}
