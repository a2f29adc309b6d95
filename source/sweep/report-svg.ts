/**
 * The sweep report's chart, one SVG of stacked panels: final accuracy against each varied setting with ±1 sd error
 * bars (one series per contender, and per value of the other varied settings), then per cell the mean accuracy curve
 * of every contender with a ±1 sd band. Colour-blind-safe colours, and every series named in a text legend with its
 * line style, so it reads without colour. Pure.
 */
import type {CellStats, CurvePoint, SweepReport} from './report.js';
import {contenderStyle} from '../text/contender-style.js';

const dashes = ['', '7 4', '2 3', '10 3 2 3'];
const dashNames = ['solid', 'dashed', 'dotted', 'dash-dot'];
const width = 820;
const panelHeight = 360;
const margin = {top: 44, right: 250, bottom: 48, left: 64};
const plotWidth = width - margin.left - margin.right;
const plotHeight = panelHeight - margin.top - margin.bottom;
const maxSeries = 16;
const maxCurvePanels = 12;

export function escapeXml(text: string): string {
	return text.replaceAll(/[&<>"']/g, char => `&#${char.codePointAt(0)};`);
}

const r = (value: number) => String(Math.round(value * 10) / 10);
const pct = (value: number, digits = 1) => `${(value * 100).toFixed(digits)}%`;

function niceStep(span: number, maxTicks: number): number {
	const raw = span / Math.max(1, maxTicks);
	const power = 10 ** Math.floor(Math.log10(raw));
	return [1, 2, 5, 10].map(factor => factor * power).find(step => step >= raw - 1e-12) ?? 10 * power;
}

/** A y range around `values` (accuracies 0..1) on a round step, never past 0 or 1. */
function accuracyRange(values: number[]): [number, number] {
	if (values.length === 0) return [0, 1];
	const low = Math.min(...values);
	const high = Math.max(...values);
	const pad = Math.max(0.005, (high - low) * 0.1);
	const step = niceStep(Math.max(0.01, high - low + 2 * pad), 5);
	return [Math.max(0, Math.floor((low - pad) / step) * step), Math.min(1, Math.ceil((high + pad) / step) * step)];
}

interface Series {
	label: string;
	color: string;
	dash: number;
	/** Index of the marker shape, when the series has markers. */
	marker?: number;
}

const markerNames = ['circle', 'square', 'triangle', 'diamond'];

/** A marker shape centred on (x, y): circle, square, triangle or diamond, so series differ without colour. */
function marker(shape: number, x: number, y: number, color: string, title?: string): string {
	const inner = title === undefined ? '' : `<title>${escapeXml(title)}</title>`;
	const close = inner === '' ? '/>' : `>${inner}`;
	switch (shape % markerNames.length) {
		case 1: {
			return `<rect x="${r(x - 3.5)}" y="${r(y - 3.5)}" width="7" height="7" fill="${color}"${close}${inner === '' ? '' : '</rect>'}`;
		}

		case 2: {
			return `<polygon points="${r(x)},${r(y - 4.5)} ${r(x + 4.5)},${r(y + 3.5)} ${r(x - 4.5)},${r(y + 3.5)}" fill="${color}"${close}${inner === '' ? '' : '</polygon>'}`;
		}

		case 3: {
			return `<polygon points="${r(x)},${r(y - 5)} ${r(x + 5)},${r(y)} ${r(x)},${r(y + 5)} ${r(x - 5)},${r(y)}" fill="${color}"${close}${inner === '' ? '' : '</polygon>'}`;
		}

		default: {
			return `<circle cx="${r(x)}" cy="${r(y)}" r="3.5" fill="${color}"${close}${inner === '' ? '' : '</circle>'}`;
		}
	}
}

interface Frame {
	parts: string[];
	y: (accuracy: number) => number;
}

/** Title, y grid with percent ticks, axes and axis names of one panel. */
function frame(title: string, xName: string, low: number, high: number): Frame {
	const bottom = margin.top + plotHeight;
	const y = (accuracy: number) => margin.top + ((high - Math.min(high, Math.max(low, accuracy))) / (high - low)) * plotHeight;
	const parts = [
		`<text x="${margin.left}" y="26" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
	];
	const step = niceStep(high - low, 6);
	const digits = step < 0.01 ? 1 : 0;
	for (let value = Math.ceil(low / step - 1e-9) * step; value <= high + 1e-9; value += step) {
		const tickY = r(y(value));
		parts.push(
			`<line x1="${margin.left}" y1="${tickY}" x2="${margin.left + plotWidth}" y2="${tickY}" stroke="#e5e5e5"/>`,
			`<text x="${margin.left - 8}" y="${tickY}" font-size="12" text-anchor="end" dominant-baseline="middle">${pct(value, digits)}</text>`,
		);
	}

	parts.push(
		`<line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${bottom}" stroke="#333333"/>`,
		`<line x1="${margin.left}" y1="${bottom}" x2="${margin.left + plotWidth}" y2="${bottom}" stroke="#333333"/>`,
		`<text x="${margin.left + plotWidth / 2}" y="${panelHeight - 8}" font-size="12" text-anchor="middle">${escapeXml(xName)}</text>`,
		`<text x="16" y="${margin.top + plotHeight / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 16 ${margin.top + plotHeight / 2})">test accuracy</text>`,
	);
	return {parts, y};
}

function legend(series: Series[], note?: string): string {
	const x = margin.left + plotWidth + 16;
	const items = series.map((item, index) => {
		const y = margin.top + 8 + index * 18;
		const dash = dashes[item.dash] ? ` stroke-dasharray="${dashes[item.dash]}"` : '';
		return (
			`<line x1="${x}" y1="${y}" x2="${x + 26}" y2="${y}" stroke="${item.color}" stroke-width="2.5"${dash}/>` +
			(item.marker === undefined ? '' : marker(item.marker, x + 13, y, item.color)) +
			`<text x="${x + 32}" y="${y}" font-size="11" dominant-baseline="middle">${escapeXml(item.label)}</text>`
		);
	});
	if (note) {
		items.push(`<text x="${x}" y="${margin.top + 8 + series.length * 18 + 6}" font-size="10" fill="#555555">${escapeXml(note)}</text>`);
	}

	return `<g class="legend">${items.join('')}</g>`;
}

function panel(index: number, body: string[], className: string): string {
	return `<g class="${className}" transform="translate(0 ${index * panelHeight})">${body.join('')}</g>`;
}

/** `--labeled 100` for a flag, `preset=quick` for another key: as cell labels say it. */
function settingText(key: string, text: string): string {
	return key.startsWith('--') ? `${key} ${text}` : `${key}=${text}`;
}

/** Final accuracy against the values of `key`, one series per contender × the other varied settings. */
function knobPanel(report: SweepReport, key: string): string[] | undefined {
	const variable = report.varying.find(item => item.key === key)!;
	const others = report.varying.filter(item => item.key !== key).map(item => item.key);
	const contenders = [...new Map(report.cells.flatMap(cell => cell.contenders.map(contender => [contender.id, contender.name]))).entries()];
	const groups = [...new Set(report.cells.map(cell => others.map(other => settingText(other, cell.settings.find(setting => setting.key === other)!.text)).join(' ')))];
	const all = contenders.flatMap(([id, name], contenderIndex) =>
		groups.map((group, groupIndex) => ({
			id,
			group,
			label: group === '' ? name : `${name}, ${group}`,
			color: contenderStyle(contenderIndex).svg,
			dash: groupIndex % dashes.length,
			marker: contenderIndex,
		})),
	);
	const shown = all.slice(0, maxSeries);
	const points = shown.map(series =>
		variable.values.map(value => {
			const cell = report.cells.find(
				candidate =>
					candidate.settings.find(setting => setting.key === key)!.text === value &&
					others.map(other => settingText(other, candidate.settings.find(setting => setting.key === other)!.text)).join(' ') === series.group,
			);
			return cell?.contenders.find(contender => contender.id === series.id)?.final ?? null;
		}),
	);
	const values = points.flat().flatMap(stats => (stats ? [stats.mean - (stats.sd ?? 0), stats.mean + (stats.sd ?? 0)] : []));
	if (values.length === 0) return undefined;
	const [low, high] = accuracyRange(values);
	const {parts, y} = frame(`Final accuracy against ${key} (mean ± 1 sd over seeds)`, key, low, high);
	const step = plotWidth / variable.values.length;
	const bottom = margin.top + plotHeight;
	variable.values.forEach((value, index) => {
		const x = margin.left + step * (index + 0.5);
		parts.push(
			`<line x1="${r(x)}" y1="${bottom}" x2="${r(x)}" y2="${bottom + 5}" stroke="#333333"/>`,
			`<text x="${r(x)}" y="${bottom + 18}" font-size="12" text-anchor="middle">${escapeXml(value)}</text>`,
		);
	});
	const dodge = Math.min(8, step / (shown.length + 1));
	shown.forEach((series, seriesIndex) => {
		const offset = (seriesIndex - (shown.length - 1) / 2) * dodge;
		const located = points[seriesIndex]!.flatMap((stats, index) => (stats ? [{stats, x: margin.left + step * (index + 0.5) + offset}] : []));
		const dash = dashes[series.dash] ? ` stroke-dasharray="${dashes[series.dash]}"` : '';
		const marks = located.map(({stats, x}) => {
			const sd = stats.sd ?? 0;
			const top = r(y(stats.mean + sd));
			const foot = r(y(stats.mean - sd));
			return (
				`<line x1="${r(x)}" y1="${top}" x2="${r(x)}" y2="${foot}" stroke="${series.color}" stroke-width="1.5"/>` +
				`<line x1="${r(x - 4)}" y1="${top}" x2="${r(x + 4)}" y2="${top}" stroke="${series.color}" stroke-width="1.5"/>` +
				`<line x1="${r(x - 4)}" y1="${foot}" x2="${r(x + 4)}" y2="${foot}" stroke="${series.color}" stroke-width="1.5"/>` +
				marker(series.marker, x, y(stats.mean), series.color, `${series.label}: ${pct(stats.mean, 2)}${stats.sd === null ? '' : ` ± ${(stats.sd * 100).toFixed(2)}`} (n=${stats.n})`)
			);
		});
		parts.push(
			`<g class="series"><polyline points="${located.map(({stats, x}) => `${r(x)},${r(y(stats.mean))}`).join(' ')}" fill="none" stroke="${series.color}" stroke-width="2"${dash}><title>${escapeXml(series.label)}</title></polyline>${marks.join('')}</g>`,
		);
	});
	const note = all.length > shown.length ? `${all.length - shown.length} more series not drawn; see report.md` : 'markers: mean; bars: ±1 sd';
	parts.push(legend(shown, note));
	return parts;
}

function band(curve: CurvePoint[], x: (epoch: number) => number, y: (accuracy: number) => number): string {
	const upper = curve.map(point => `${r(x(point.epoch))},${r(y(point.mean + (point.sd ?? 0)))}`);
	const lower = curve.map(point => `${r(x(point.epoch))},${r(y(point.mean - (point.sd ?? 0)))}`).reverse();
	return [...upper, ...lower].join(' ');
}

/** One cell's mean accuracy curves with ±1 sd bands. */
function curvePanel(cell: CellStats, contenderColors: Map<string, string>, title: string): string[] {
	const curves = cell.contenders.filter(contender => contender.curve.length > 0);
	const epochs = curves.flatMap(contender => contender.curve.map(point => point.epoch));
	const first = Math.min(...epochs);
	const last = Math.max(...epochs);
	const values = curves.flatMap(contender => contender.curve.flatMap(point => [point.mean - (point.sd ?? 0), point.mean + (point.sd ?? 0)]));
	const [low, high] = accuracyRange(values);
	const {parts, y} = frame(title, 'epoch', low, high);
	const x = (epoch: number) => margin.left + (last === first ? plotWidth / 2 : ((epoch - first) / (last - first)) * plotWidth);
	const bottom = margin.top + plotHeight;
	const xStep = Math.max(1, niceStep(Math.max(1, last - first), 10));
	for (const epoch of new Set([first, ...Array.from({length: Math.floor(last / xStep)}, (_, index) => (index + 1) * xStep)].filter(epoch => epoch >= first && epoch <= last))) {
		parts.push(
			`<line x1="${r(x(epoch))}" y1="${bottom}" x2="${r(x(epoch))}" y2="${bottom + 5}" stroke="#333333"/>`,
			`<text x="${r(x(epoch))}" y="${bottom + 18}" font-size="12" text-anchor="middle">${epoch}</text>`,
		);
	}

	const series: Series[] = [];
	curves.forEach((contender, index) => {
		const color = contenderColors.get(contender.id) ?? contenderStyle(0).svg;
		const dash = index % dashes.length;
		const dashAttribute = dashes[dash] ? ` stroke-dasharray="${dashes[dash]}"` : '';
		const final = contender.final ? ` ${pct(contender.final.mean, 2)}${contender.final.sd === null ? '' : ` ± ${(contender.final.sd * 100).toFixed(2)}`} (n=${contender.final.n})` : '';
		const label = `${contender.name}${final}`;
		series.push({label, color, dash});
		parts.push(
			`<g class="series"><polygon points="${band(contender.curve, x, y)}" fill="${color}" fill-opacity="0.15" stroke="none"/>` +
				`<polyline points="${contender.curve.map(point => `${r(x(point.epoch))},${r(y(point.mean))}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2"${dashAttribute}><title>${escapeXml(label)}</title></polyline></g>`,
		);
	});
	parts.push(legend(series, `lines: mean; bands: ±1 sd; ${series.map(item => dashNames[item.dash]).join('/')}`));
	return parts;
}

/** The report chart; well-formed XML whatever the names contain. */
export function renderReportSvg(report: SweepReport): string {
	const panels: string[] = [];
	const allContenders = [...new Set(report.cells.flatMap(cell => cell.contenders.map(contender => contender.id)))];
	const contenderColors = new Map(allContenders.map((id, index) => [id, contenderStyle(index).svg]));
	for (const item of report.varying) {
		const body = knobPanel(report, item.key);
		if (body) panels.push(panel(panels.length, body, 'knob-chart'));
	}

	const withCurves = report.cells.filter(cell => cell.contenders.some(contender => contender.curve.length > 0));
	for (const cell of withCurves.slice(0, maxCurvePanels)) {
		const title = `Mean test accuracy per epoch ± 1 sd${cell.label === 'all' ? '' : `: ${cell.label}`} (${cell.trials} race${cell.trials === 1 ? '' : 's'})`;
		panels.push(panel(panels.length, curvePanel(cell, contenderColors, title), 'curves'));
	}

	const notes: string[] = [];
	if (withCurves.length > maxCurvePanels) notes.push(`${withCurves.length - maxCurvePanels} more cells' curves not drawn; see report.md.`);
	if (panels.length === 0) notes.push('No race finished: nothing to draw.');
	const height = panels.length * panelHeight + (notes.length > 0 ? 30 : 0);
	const noteText = notes.map((note, index) => `<text x="${margin.left}" y="${panels.length * panelHeight + 20 + index * 14}" font-size="12">${escapeXml(note)}</text>`);
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
		`\t<title>${escapeXml(`Sweep report: ${report.presets.join(', ')}`)}</title>`,
		`\t<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
		...panels.map(part => `\t${part}`),
		...noteText.map(part => `\t${part}`),
		'</svg>',
		'',
	].join('\n');
}
