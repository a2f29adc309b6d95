/**
 * Who beat whom, the same way in every report: the baseline rule, the gap to it, the ranking, and which settings
 * differ between contenders (or runs).
 */
import {knobs} from '../config/knobs.js';
import {gapToBaselineBest} from '../core/gap.js';
import {baselineAmong} from '../config/contenders.js';
import {methodInfo, isMethod} from '../config/methods.js';
import type {ContenderRecord, RunSummary} from './run-summary.js';

export {baselineAmong};

/**
 * The one gap (core/gap.ts) of a saved contender: its final accuracy minus the best the baseline had reached by the
 * same epoch, from the saved curves; undefined for the baseline itself or without a common epoch.
 */
export function savedGap(contender: Pick<ContenderRecord, 'epochs'>, baseline: Pick<ContenderRecord, 'epochs'> | undefined): number | undefined {
	if (baseline === undefined || baseline === contender) return undefined;
	return gapToBaselineBest(contender.epochs.map(point => point.testAccuracy), baseline.epochs.map(point => point.testAccuracy))?.points;
}

/** Contenders best first by final accuracy (unknown last, then in race order). */
export function rankedContenders(summary: RunSummary): ContenderRecord[] {
	const score = (contender: ContenderRecord) => contender.finalAccuracy ?? Number.NEGATIVE_INFINITY;
	return [...summary.contenders].sort((a, b) => score(b) - score(a));
}

/** Offline methods label in rounds, online ones every epoch, the baseline never. */
export function methodKind(method: string): 'baseline' | 'offline' | 'online' {
	return isMethod(method) ? methodInfo[method].kind : 'offline';
}

/** Human label of a method ("Lee 2013"), or the raw name of one this version does not know. */
export function methodLabel(method: string): string {
	return isMethod(method) ? methodInfo[method].label : method;
}

const knobOrder = new Map(knobs.map((knob, index) => [knob.path, index]));

/** Settings paths in the settings table's order (whatever order a file stored them in); unknown ones last, by name. */
export function inKnobOrder(paths: Iterable<string>): string[] {
	const rank = (path: string) => knobOrder.get(path) ?? Number.POSITIVE_INFINITY;
	return [...paths].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Every leaf of a nested settings object by its dotted path, as JSON text, in the settings table's order. */
export function flattenSettings(value: unknown): Map<string, string> {
	const entries = flattenInto(value, '');
	return new Map(inKnobOrder(entries.keys()).map(path => [path, entries.get(path)!]));
}

function flattenInto(value: unknown, prefix: string): Map<string, string> {
	const entries = new Map<string, string>();
	if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
		for (const [key, inner] of Object.entries(value)) {
			for (const [path, text] of flattenInto(inner, prefix === '' ? key : `${prefix}.${key}`)) {
				entries.set(path, text);
			}
		}
	} else if (prefix !== '') {
		entries.set(prefix, value === undefined ? '–' : JSON.stringify(value));
	}

	return entries;
}

/**
 * Settings paths whose values differ between the given settings objects, each with every object's value. Settings
 * some objects lack (added by a later version than the one that saved them) are not compared.
 */
export function settingsDifferences(settings: readonly unknown[]): Array<{path: string; values: string[]}> {
	const flat = settings.map(item => flattenSettings(item));
	const paths = inKnobOrder(new Set(flat.flatMap(map => [...map.keys()])));
	return paths
		.filter(path => flat.every(map => map.has(path)))
		.map(path => ({path, values: flat.map(map => map.get(path)!)}))
		.filter(({values}) => values.some(value => value !== values[0]));
}
