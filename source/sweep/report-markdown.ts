/** The sweep report as Markdown that reads on its own: what was swept, how to run it again, a table per cell. Pure. */
import type {CellStats, ContenderStats, SweepReport} from './report.js';
import type {Spread} from './stats.js';

const pct = (value: number, digits = 2) => `${(value * 100).toFixed(digits)}`;

function cellText(text: string): string {
	return text.replaceAll('|', String.raw`\|`).replaceAll('\n', ' ');
}

function code(text: string): string {
	return `\`${text.replaceAll('`', "'")}\``;
}

/** `94.00 ± 0.15%` (sd in percentage points); `94.00%` for one value; `–` for none. */
export function formatAccuracy(stats: Spread | null): string {
	if (stats === null) return '–';
	return stats.sd === null ? `${pct(stats.mean)}%` : `${pct(stats.mean)} ± ${pct(stats.sd)}%`;
}

function range(stats: Spread | null): string {
	return stats === null ? '–' : stats.n === 1 ? `${pct(stats.min)}%` : `${pct(stats.min)}–${pct(stats.max)}%`;
}

/** `+2.80`, `−0.40`; a mean that rounds to zero has no sign (a `±` there read as `±0.00 ± 0.00`). */
function signed(value: number): string {
	const text = pct(Math.abs(value));
	return `${Number(text) === 0 ? '' : value < 0 ? '−' : '+'}${text}`;
}

/** `+2.80 ± 0.30 pts (3/3)`; a gap of exactly zero counts the seeds where the contenders were equal: `(equal in 2/2)`. */
export function formatGap(contender: ContenderStats): string {
	const gap = contender.gap;
	if (gap === null) return '–';
	const spreadText = gap.sd === null ? '' : ` ± ${pct(gap.sd)}`;
	return `${signed(gap.mean)}${spreadText} pts (${gap.mean === 0 ? 'equal in ' : ''}${gap.sameSign}/${gap.n})`;
}

function rate(contender: ContenderStats): string {
	const last = contender.lastRound;
	if (last === null || last.rate === null) return '–';
	return `${last.kind === 'online' ? 'used' : 'accepted'} ${pct(last.rate.mean, 1)}%`;
}

function precision(contender: ContenderStats): string {
	const value = contender.lastRound?.precision;
	return value ? `${pct(value.mean, 1)}%` : '–';
}

function duration(seconds: number): string {
	if (seconds < 60) return `${seconds.toFixed(1)}s`;
	const whole = Math.round(seconds);
	const hours = Math.floor(whole / 3600);
	const minutes = Math.floor((whole % 3600) / 60);
	return hours > 0 ? `${hours}h ${String(minutes).padStart(2, '0')}m` : `${minutes}m ${String(whole % 60).padStart(2, '0')}s`;
}

function list(values: Array<string | number>): string {
	return values.join(', ');
}

function cellSection(cell: CellStats): string[] {
	const lines: string[] = [`## ${cell.label === 'all' ? 'Results' : cellText(cell.label)}`, ''];
	const wall = cell.wallSeconds ? `; ${duration(cell.wallSeconds.mean)} per race on average` : '';
	lines.push(`${cell.trials} race${cell.trials === 1 ? '' : 's'}, seed${cell.seeds.length === 1 ? '' : 's'} ${list(cell.seeds)}${wall}.`, '');
	lines.push(
		'| contender | method | final accuracy | min–max | n | gap to supervised | last round | precision |',
		'| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
	);
	for (const contender of cell.contenders) {
		const notes = [
			contender.failed > 0 ? `${contender.failed} failed` : '',
			contender.missing > 0 ? `absent from ${contender.missing}` : '',
		].filter(Boolean);
		const n = `${contender.final?.n ?? 0}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
		const gap = contender.id === cell.supervised ? 'reference' : formatGap(contender);
		lines.push(
			`| ${[contender.name, contender.method, formatAccuracy(contender.final), range(contender.final), n, gap, rate(contender), precision(contender)]
				.map(text => cellText(text))
				.join(' | ')} |`,
		);
	}

	lines.push('');
	return lines;
}

function overview(report: SweepReport): string[] {
	const contenders = [...new Map(report.cells.flatMap(cell => cell.contenders.map(contender => [contender.id, contender.name]))).entries()];
	const lines = [
		'## Overview',
		'',
		'Final accuracy, mean ± sd over seeds (n).',
		'',
		`| ${[...report.varying.map(item => item.key), ...contenders.map(([, name]) => name)].map(text => cellText(text)).join(' | ')} |`,
		`| ${[...report.varying.map(() => '---'), ...contenders.map(() => '---:')].join(' | ')} |`,
	];
	for (const cell of report.cells) {
		const values = contenders.map(([id]) => {
			const contender = cell.contenders.find(candidate => candidate.id === id);
			return contender?.final ? `${formatAccuracy(contender.final)} (${contender.final.n})` : '–';
		});
		lines.push(`| ${[...cell.settings.map(setting => setting.text), ...values].map(text => cellText(text)).join(' | ')} |`);
	}

	lines.push('');
	return lines;
}

function notCounted(report: SweepReport): string[] {
	const lines: string[] = [];
	const {partial, unreadable, duplicates} = report.excluded;
	if (partial.length > 0) {
		lines.push(`- Stopped early (partial summaries, not counted): ${partial.length}`);
		for (const item of partial) {
			const note = item.rerun ? ', run again and finished' : '';
			lines.push(`  - ${code(item.file)} (seed ${item.seed ?? '?'}, ${cellText(item.cell)}${note})`);
		}
	}

	if (report.failed.length > 0) {
		lines.push(`- Failed trials: ${report.failed.length}`);
		for (const item of report.failed) lines.push(`  - ${code(item.id)}: ${cellText(item.error)}`);
	}

	const notFailed = report.missing.filter(id => !report.failed.some(item => item.id === id));
	if (notFailed.length > 0) lines.push(`- Not finished yet: ${notFailed.length} (${notFailed.map(id => code(id)).join(', ')})`);
	if (unreadable.length > 0) {
		lines.push(`- Unreadable files: ${unreadable.length}`);
		for (const item of unreadable) lines.push(`  - ${code(item.file)}: ${cellText(item.problem)}`);
	}

	const {unplanned} = report.excluded;
	if (unplanned.length > 0) {
		lines.push(`- Summaries outside the planned trials' folders (not counted): ${unplanned.length}`);
		for (const file of unplanned) lines.push(`  - ${code(file)}`);
	}

	if (duplicates.length > 0) {
		lines.push(`- Older runs of a trial that ran again (the newest counts): ${duplicates.length}`);
		for (const item of duplicates) lines.push(`  - ${code(item.file)} (kept ${code(item.keptFile)})`);
	}

	return lines.length === 0 ? ['Every summary found was counted.', ''] : [...lines, ''];
}

/** The whole report. `svgName` is the chart file next to it. */
export function renderReportMarkdown(report: SweepReport, svgName = 'report.svg'): string {
	const presets = report.presets.length === 0 ? 'no preset' : `preset${report.presets.length === 1 ? '' : 's'} ${report.presets.map(name => code(name)).join(', ')}`;
	const lines = [`# Sweep report: ${cellText(report.presets.join(', ') || 'no complete race')}`, ''];
	lines.push(
		`${report.trials} complete race${report.trials === 1 ? '' : 's'} of ${presets}, seeds ${list(report.seeds) || '–'}, in ${report.cells.length} cell${report.cells.length === 1 ? '' : 's'}.`,
	);
	if (report.sweep && report.sweep.vary.length > 0) {
		lines.push(`Swept: ${report.sweep.vary.map(knob => `${code(knob.flag)} = ${list(knob.values)}`).join('; ')}.`);
	}

	lines.push(
		report.varying.length === 0
			? 'No setting differs between the races but the seed.'
			: `Settings that differ between races: ${report.varying.map(item => `${code(item.key)} (${list(item.values)})`).join('; ')}.`,
	);
	if (report.environments.length > 0) lines.push(`Ran on: ${report.environments.join('; ')}.`);
	if (report.datasets.length > 0) lines.push(`Data: ${report.datasets.join('; ')}.`);
	lines.push(
		'',
		'Final accuracy is the test accuracy at the end of each race, as mean ± sample sd over seeds (in percentage points),',
		'with min–max and n races. The gap to supervised is each contender minus the supervised contender of the same race',
		'(same seed), mean ± sd in percentage points; (4/5) says in how many seeds the gap has the sign of its mean (equal in 2/2: a gap of zero, in how many it was zero).',
		'"Last round" is the last pseudo-labeling round\'s acceptance rate (the share of the batch used, for online methods);',
		'precision is the share of those pseudo-labels that were right.',
		'',
		'## Reproduce',
		'',
	);
	if (report.sweep) {
		lines.push('```sh', report.sweep.command, '```', '', 'Running it again skips the trials that finished and runs the rest.');
		if (report.sweep.planCommand) {
			lines.push('The same trials through another scheduler (one shell command per trial, each skipping a trial that finished; then `runs aggregate` on the folder):', '', '```sh', report.sweep.planCommand, '```');
		}
	} else {
		lines.push(
			'This folder has no sweep.json (it was not planned by `pseudolabel-tui sweep`, or by a version whose --plan wrote',
			'none), so the command is unknown. Each race reruns as `pseudolabel-tui --preset PRESET --seed SEED` plus its cell\'s',
			'settings as flags; the summary files are listed in report.json.',
		);
	}

	lines.push('', `![final accuracy and mean accuracy curves](${svgName})`, '');
	if (report.cells.length > 1) lines.push(...overview(report));
	for (const cell of report.cells) lines.push(...cellSection(cell));
	if (report.cells.length === 0) lines.push('No race finished yet.', '');
	lines.push('## Not counted', '', ...notCounted(report));
	return `${lines.join('\n').trimEnd()}\n`;
}
