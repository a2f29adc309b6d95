/**
 * Pure text for the contenders on screen: the chart legend (best first, with the gap to the supervised baseline) and
 * the header's one-line status of every contender, each shortened together until the whole line fits.
 */
import {baselineOf, latestAccuracy, type ContenderState, type RaceState} from '../race/race-state.js';
import {methodInfo} from '../config/methods.js';
import {formatCount, formatPercent, formatPoints, formatShortCount} from '../text/format.js';
import {gapMeaning, phaseWords, progressText, warmingUpAt} from '../text/progress-words.js';

/**
 * The name when it fits, else the id (short by design, and distinct where cut names may not be: "pseudo 0.50" and
 * "pseudo 0.80" both cut to "pseudo…", their ids t50 and t80 do not), cut only as a last resort.
 */
export function shortName(contender: ContenderState, maxName: number): string {
	if (contender.name.length <= maxName) return contender.name;
	if (contender.id.length <= maxName) return contender.id;
	return `${contender.id.slice(0, Math.max(1, maxName - 1))}…`;
}

export interface LegendEntry {
	/** Position in the race: its colour and glyph. */
	index: number;
	text: string;
}

/**
 * The one gap: a contender's accuracy minus the supervised baseline's at the same epoch (the later of the two
 * contenders' common epochs), `warming` while the contender had not trained on a pseudo-label at that epoch yet.
 */
export function sameEpochGap(contender: ContenderState, baseline: ContenderState): {points: number; epoch: number; warming: boolean} | undefined {
	const epoch = Math.min(contender.epochs.length, baseline.epochs.length);
	if (epoch === 0) return undefined;
	const points = contender.epochs[epoch - 1]!.testAccuracy - baseline.epochs[epoch - 1]!.testAccuracy;
	return {points, epoch, warming: warmingUpAt(contender, epoch)};
}

/** One entry per contender, best latest accuracy first; crashed and not-yet-started ones last, in race order. */
export function legendEntries(state: RaceState, maxName = Number.POSITIVE_INFINITY): LegendEntry[] {
	const baseline = baselineOf(state);
	const rank = (contender: ContenderState) => (contender.life.status === 'failed' ? -2 : (latestAccuracy(contender) ?? -1));
	return state.contenders
		.map((contender, index) => ({contender, index}))
		.sort((a, b) => rank(b.contender) - rank(a.contender) || a.index - b.index)
		.map(({contender, index}) => {
			const name = shortName(contender, maxName);
			if (contender.life.status === 'failed') return {index, text: `${name} ✗ crashed`};
			const accuracy = latestAccuracy(contender);
			if (accuracy === undefined) return {index, text: name};
			const gap = baseline !== undefined && contender !== baseline && state.contenders.length > 1 ? sameEpochGap(contender, baseline) : undefined;
			// A warm-up has used no unlabeled image yet: a negative number there would read as "pseudo-labels hurt".
			const gapText = gap === undefined ? '' : gap.warming ? ' warming up' : ` ${formatPoints(gap.points).replace(' pts', '')}`;
			return {index, text: `${name} ${formatPercent(accuracy)}${gapText}`};
		});
}

/** The legend's title, defining the numbers after each accuracy. */
export const legendGapTitle = `gap: pts ${gapMeaning}`;

/**
 * The legend laid out in at most `maxLines` lines of `width` columns, each entry as `glyph text`; names are cut
 * shorter until it fits. Returns lines of entries.
 */
export function layoutLegend(state: RaceState, width: number, maxLines: number, glyphWidth = 2): LegendEntry[][] {
	for (const maxName of [Number.POSITIVE_INFINITY, 14, 10, 7, 4]) {
		const lines = packLines(legendEntries(state, maxName), width, glyphWidth);
		if (lines.length <= maxLines) return lines;
	}

	return packLines(legendEntries(state, 4), width, glyphWidth).slice(0, maxLines);
}

function packLines(entries: LegendEntry[], width: number, glyphWidth: number): LegendEntry[][] {
	const lines: LegendEntry[][] = [];
	let used = 0;
	for (const entry of entries) {
		const size = glyphWidth + 1 + entry.text.length;
		const line = lines.at(-1);
		if (line && used + 2 + size <= width) {
			line.push(entry);
			used += 2 + size;
		} else {
			lines.push([entry]);
			used = size;
		}
	}

	return lines;
}

/** What a contender is doing, at detail `level` (0 most detailed), as its (possibly shortened) name and the rest. */
export function statusParts(contender: ContenderState, level: number, maxName: number): {name: string; rest: string} {
	const name = shortName(contender, maxName);
	const text = statusWords(contender, level, name);
	return {name, rest: text.slice(name.length)};
}

function statusWords(contender: ContenderState, level: number, name: string): string {
	const {phase} = contender;
	// "done" is a word (or ■), never ✓: the tiles' ✓ means a pseudo-label was used.
	if (phase === 'done') {
		return level <= 2 ? `${name}: done ${formatPercent(contender.finalAccuracy)}` : `${name} ■${formatPercent(contender.finalAccuracy)}`;
	}

	if (phase === 'error') return `${name}: ✗ crashed`;
	if (phase === 'starting') return level <= 2 ? `${name}: starting` : `${name} …`;
	const kind = methodInfo[contender.method].kind;
	const epoch = contender.currentEpoch > 0 ? `${contender.currentEpoch}/${contender.plannedEpochs}` : '';
	const training = phase === 'warm-up' || phase === 'training' || phase === 'retraining';
	const speed = training && contender.samplesPerSec > 0 ? contender.samplesPerSec : undefined;
	const progress = `${name}: ${progressText(contender, kind)}`;
	switch (level) {
		case 0: {
			return [progress, speed && `${formatCount(speed)}/s`].filter(Boolean).join(' · ');
		}

		case 1: {
			return [progress, speed && `${formatShortCount(speed)}/s`].filter(Boolean).join(' · ');
		}

		case 2: {
			return progress;
		}

		case 3: {
			return [`${name}: ${phaseWords(contender, kind, true)}`, epoch].filter(Boolean).join(' ');
		}

		default: {
			return [`${name} ${phaseWords(contender, kind, true)}`, contender.currentEpoch > 0 ? String(contender.currentEpoch) : ''].filter(Boolean).join(' ');
		}
	}
}

/** Every contender's status on one line of `width`, shortened together so none looks more important. */
export function statusLine(state: RaceState, width: number, separator = '  '): Array<{name: string; rest: string}> {
	const levels = [0, 1, 2, 3, 4];
	for (const maxName of [24, 12, 8, 5, 3]) {
		for (const level of levels) {
			const parts = state.contenders.map(contender => statusParts(contender, level, maxName));
			const length = parts.reduce((sum, part) => sum + part.name.length + part.rest.length, 0) + separator.length * Math.max(0, parts.length - 1) + 1;
			if (length <= width) return parts;
		}
	}

	return state.contenders.map(contender => statusParts(contender, 4, 3));
}
