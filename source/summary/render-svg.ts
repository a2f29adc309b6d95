/** The race chart as a standalone SVG: one polyline per contender, percent and epoch axes with ticks, and a legend. */
import {contenderStyle} from '../text/contender-style.js';
import {formatPercent, formatPoints} from '../text/format.js';
import {baselineAmong, methodKind, savedGap} from './contender-results.js';
import type {RunSummary} from './run-summary.js';

/** One line of the chart: test accuracy (0..1) after each epoch, epoch 1 first. */
export interface SvgSeries {
	label: string;
	values: number[];
	color: string;
	/** stroke-dasharray, so lines differ without colour too ('' or absent = solid). */
	dash?: string;
}

export interface SvgChartOptions {
	title: string;
	/** Epoch budget: the x-axis spans it even when the lines stop earlier. */
	totalEpochs: number;
	width?: number;
	height?: number;
	/** Dashed vertical lines after the given epochs, e.g. where each labeling round starts. */
	markers?: Array<{epoch: number; label: string}>;
}

const margin = {top: 48, right: 24, bottom: 48, left: 60};
const defaultSize = {width: 720, height: 400};

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
	return text.replaceAll(/[&<>"']/g, char => `&#${char.codePointAt(0)};`);
}

/** A step from 1-2-5 × 10^k giving at most `maxTicks` ticks over `span`. */
function niceStep(span: number, maxTicks: number): number {
	const raw = span / Math.max(1, maxTicks);
	const power = 10 ** Math.floor(Math.log10(raw));
	return ([1, 2, 5, 10].map(factor => factor * power).find(step => step >= raw) ?? 10 * power);
}

/** The visible accuracy range: from the lowest value rounded down to 5 % up to 100 %. */
function accuracyRange(series: SvgSeries[]): [number, number] {
	const values = series.flatMap(item => item.values).filter(value => Number.isFinite(value));
	const lowest = values.length === 0 ? 0 : Math.min(...values);
	const floor = Math.max(0, Math.min(0.95, Math.floor(lowest * 20 + 1e-9) / 20));
	return [floor, 1];
}

function round(value: number): string {
	return String(Math.round(value * 10) / 10);
}

/** A line chart of accuracies per epoch; well-formed XML whatever the labels contain. */
export function renderSvgChart(series: SvgSeries[], options: SvgChartOptions): string {
	const width = options.width ?? defaultSize.width;
	const height = options.height ?? defaultSize.height;
	const plotWidth = width - margin.left - margin.right;
	const plotHeight = height - margin.top - margin.bottom;
	const longest = Math.max(1, ...series.map(item => item.values.length));
	const epochs = Math.max(longest, options.totalEpochs, 1);
	const [low, high] = accuracyRange(series);
	// Epoch 1 sits on the y-axis, the last epoch on the right edge.
	const x = (epoch: number) => margin.left + (epochs === 1 ? 0 : ((epoch - 1) / (epochs - 1)) * plotWidth);
	const y = (accuracy: number) => margin.top + ((high - Math.min(high, Math.max(low, accuracy))) / (high - low)) * plotHeight;
	const parts: string[] = [];
	const bottom = margin.top + plotHeight;

	parts.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
	parts.push(
		`<text x="${margin.left}" y="24" font-size="16" font-weight="bold">${escapeXml(options.title)}</text>`,
	);

	const yStep = niceStep(high - low, 6);
	const yTicks: string[] = [];
	const yTickCount = Math.floor((high - low) / yStep + 1e-9);
	for (let index = 0; index <= yTickCount; index++) {
		const value = high - index * yStep;
		const tickY = round(y(value));
		yTicks.push(
			`<line x1="${margin.left}" y1="${tickY}" x2="${margin.left + plotWidth}" y2="${tickY}" stroke="#e5e5e5"/>`,
			`<line x1="${margin.left - 5}" y1="${tickY}" x2="${margin.left}" y2="${tickY}" stroke="#333333"/>`,
			`<text x="${margin.left - 8}" y="${tickY}" font-size="12" text-anchor="end" dominant-baseline="middle">${Math.round(value * 100)}%</text>`,
		);
	}

	const xStep = Math.max(1, niceStep(epochs, 10));
	const xTicks: string[] = [];
	const tickEpochs = [1, ...Array.from({length: Math.floor(epochs / xStep)}, (_, index) => (index + 1) * xStep)];
	for (const epoch of new Set(tickEpochs.filter(epoch => epoch <= epochs))) {
		const tickX = round(x(epoch));
		xTicks.push(
			`<line x1="${tickX}" y1="${bottom}" x2="${tickX}" y2="${bottom + 5}" stroke="#333333"/>`,
			`<text x="${tickX}" y="${bottom + 18}" font-size="12" text-anchor="middle">${epoch}</text>`,
		);
	}

	parts.push(`<g class="grid">${yTicks.join('')}</g>`, `<g class="x-ticks">${xTicks.join('')}</g>`);
	parts.push(
		`<line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${bottom}" stroke="#333333"/>`,
		`<line x1="${margin.left}" y1="${bottom}" x2="${margin.left + plotWidth}" y2="${bottom}" stroke="#333333"/>`,
		`<text x="${margin.left + plotWidth / 2}" y="${height - 8}" font-size="12" text-anchor="middle">epoch</text>`,
		`<text x="16" y="${margin.top + plotHeight / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 16 ${margin.top + plotHeight / 2})">test accuracy</text>`,
	);

	const markers = (options.markers ?? []).filter(marker => marker.epoch >= 1 && marker.epoch <= epochs);
	parts.push(
		`<g class="markers">${markers
			.map(marker => {
				const markerX = round(x(marker.epoch));
				return (
					`<line x1="${markerX}" y1="${margin.top}" x2="${markerX}" y2="${bottom}" stroke="#999999" stroke-dasharray="4 4"/>` +
					`<text x="${markerX}" y="${margin.top - 6}" font-size="10" fill="#666666" text-anchor="middle">${escapeXml(marker.label)}</text>`
				);
			})
			.join('')}</g>`,
	);

	for (const item of series) {
		const points = item.values
			.map((value, index) => (Number.isFinite(value) ? `${round(x(index + 1))},${round(y(value))}` : undefined))
			.filter(point => point !== undefined)
			.join(' ');
		parts.push(
			`<polyline points="${points}" fill="none" stroke="${escapeXml(item.color)}"${dashAttribute(item.dash)} stroke-width="2" stroke-linejoin="round"><title>${escapeXml(item.label)}</title></polyline>`,
		);
	}

	// Bottom right: accuracy curves rise to the right, so that corner is the one they leave empty. A white backing
	// keeps the text readable where a curve does pass.
	const legendWidth = Math.min(plotWidth - 8, 44 + 7 * Math.max(0, ...series.map(item => item.label.length)));
	const legendX = margin.left + plotWidth - legendWidth;
	const legendTop = bottom - 14 - (series.length - 1) * 18 - 10;
	const legend = series.map((item, index) => {
		const legendY = bottom - 14 - (series.length - 1 - index) * 18;
		return (
			`<line x1="${legendX + 6}" y1="${legendY}" x2="${legendX + 36}" y2="${legendY}" stroke="${escapeXml(item.color)}"${dashAttribute(item.dash)} stroke-width="3"/>` +
			`<text x="${legendX + 42}" y="${legendY}" font-size="12" dominant-baseline="middle">${escapeXml(item.label)}</text>`
		);
	});
	const backing = series.length === 0
		? ''
		: `<rect x="${legendX}" y="${legendTop}" width="${legendWidth}" height="${bottom - 4 - legendTop}" fill="#ffffff" fill-opacity="0.85"/>`;
	parts.push(`<g class="legend">${backing}${legend.join('')}</g>`);

	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
		...parts.map(part => `\t${part}`),
		'</svg>',
		'',
	].join('\n');
}

function dashAttribute(dash: string | undefined): string {
	return dash === undefined || dash === '' ? '' : ` stroke-dasharray="${escapeXml(dash)}"`;
}

type Marker = {epoch: number; label: string};

/**
 * Where each labeling round starts (after the warm-up, then every `epochsPerRound` epochs) — drawn only when every
 * offline contender labels on the same schedule, since one set of lines cannot mark several schedules.
 */
function roundMarkers(summary: RunSummary): Marker[] {
	const schedules = new Map<string, {warmupEpochs: number; epochsPerRound: number; rounds: number}>();
	for (const contender of summary.contenders) {
		if (methodKind(contender.method) !== 'offline') continue;
		const {warmupEpochs, epochsPerRound, rounds} = contender.config as Record<string, unknown>;
		if (typeof warmupEpochs !== 'number' || typeof epochsPerRound !== 'number' || typeof rounds !== 'number') return [];
		schedules.set(`${warmupEpochs}/${epochsPerRound}/${rounds}`, {warmupEpochs, epochsPerRound, rounds});
	}

	const [schedule] = schedules.values();
	if (schedules.size !== 1 || schedule === undefined || schedule.epochsPerRound === 0) {
		return [];
	}

	const {warmupEpochs, epochsPerRound, rounds} = schedule;
	// Short labels when rounds are packed closely, so neighbours don't overlap.
	const isCrowded = (epochsPerRound / Math.max(1, summary.totalEpochs)) * (defaultSize.width - margin.left - margin.right) < 50;
	return Array.from({length: rounds}, (_, index) => ({
		epoch: warmupEpochs + index * epochsPerRound,
		label: isCrowded ? `R${index + 1}` : `round ${index + 1}`,
	}));
}

/** "semi 93.12% (+4.28 pts)": name, final accuracy and gap (vs the baseline's best), so the legend reads without colour. */
function legendLabel(summary: RunSummary, index: number): string {
	const contender = summary.contenders[index]!;
	const baseline = baselineAmong(summary.contenders);
	const accuracy = contender.finalAccuracy === null ? '' : ` ${formatPercent(contender.finalAccuracy, 2)}`;
	const points = savedGap(contender, baseline);
	const gap = points === undefined ? '' : ` (${formatPoints(points, 2)})`;
	const status = contender.status === 'failed' ? ' failed' : '';
	return `${contender.name}${accuracy}${gap}${status}`;
}

/** The summary's race chart: every contender's accuracy per epoch in its contender-style colour and dash. */
export function renderSvg(summary: RunSummary): string {
	return renderSvgChart(
		summary.contenders.map((contender, index) => {
			const style = contenderStyle(index);
			return {
				label: legendLabel(summary, index),
				values: contender.epochs.map(point => point.testAccuracy),
				color: style.svg,
				dash: style.dash,
			};
		}),
		{
			title: `Pseudo-labeling race: ${summary.preset} (${summary.id})${summary.partial ? ', stopped early' : ''}`,
			totalEpochs: summary.totalEpochs,
			markers: roundMarkers(summary),
		},
	);
}
