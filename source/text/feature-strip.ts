/**
 * A table row as a sample tile, in the slot an image takes (text/digit-art.ts sizes): the most informative features
 * (core/table-profile.ts, chosen once at load) as vertical bars of the row's z-scores, a line of marks, then the same
 * bars for the mean row of the class the model gave it, so a glance shows whether the row looks like its label.
 *
 *   ▅▅▅▇▇▇▃▃▃▂▂▂      the row: one bar per feature, −2 σ (a foot) to +2 σ (full)
 *    ▲        ▼       ▲ / ▼: the row is more than 1 σ above / below the class mean there
 *   ▃▃▃▆▆▆▅▅▅▆▆▆      the class mean (drawn faint)
 */
import {byteToZ, type TableProfile} from '../core/table-profile.js';
import {renderColumn} from './bar.js';
import {digitArtSize, type DigitArtSize} from './digit-art.js';
import {displayWidth} from './wrap.js';

/** One line of a tile; `faint` lines (the class mean) are drawn dim where the terminal can. */
export interface TileLine {
	text: string;
	faint: boolean;
}

/** The bars span z ∈ [−zSpan, zSpan]: a row more than two standard deviations out fills its bar or shows its foot. */
const zSpan = 2;
/** A row this many standard deviations from the class mean gets a mark. */
const markAt = 1;

/** How many features a tile of `size` shows: one column each at least, up to the profile's ranking. */
export function shownFeatureCount(profile: TableProfile, size: DigitArtSize): number {
	return Math.min(profile.features.length, digitArtSize(size).columns);
}

/** Bar lines per strip: 3 on a compact tile (24 levels), 6 on a full one (48). */
function barLines(size: DigitArtSize): number {
	return size === 'full' ? 6 : 3;
}

/**
 * The tile of a row (its bytes, as the table loader quantized them) given class `prototype` (the profile's mean z of
 * each shown feature; undefined: no mean row is drawn). Every line is exactly the tile's width.
 */
export function renderFeatureStrip(row: ArrayLike<number>, prototype: readonly number[] | undefined, profile: TableProfile, size: DigitArtSize): TileLine[] {
	const {columns, lines} = digitArtSize(size);
	const shown = shownFeatureCount(profile, size);
	const width = Math.max(1, Math.floor(columns / Math.max(1, shown)));
	const height = barLines(size);
	const pad = (text: string) => text + ' '.repeat(Math.max(0, columns - [...text].length));
	const strip = (z: (index: number) => number): string[] => {
		const bars = Array.from({length: shown}, (_, index) => renderColumn((Math.max(-zSpan, Math.min(zSpan, z(index))) + zSpan) / (2 * zSpan), height));
		return Array.from({length: height}, (_, line) => pad(bars.map(bar => bar[line]!.repeat(width)).join('')));
	};

	const rowZ = (index: number) => byteToZ(row[profile.features[index]!] ?? 0);
	const marks = Array.from({length: shown}, (_, index) => {
		const gap = prototype === undefined ? 0 : rowZ(index) - prototype[index]!;
		const mark = gap > markAt ? '▲' : gap < -markAt ? '▼' : ' ';
		const left = Math.floor((width - 1) / 2);
		return ' '.repeat(left) + mark + ' '.repeat(width - 1 - left);
	}).join('');
	const result: TileLine[] = [
		...strip(rowZ).map(text => ({text, faint: false})),
		{text: pad(marks), faint: false},
		...(prototype === undefined ? Array.from({length: height}, () => pad('')) : strip(index => prototype[index]!)).map(text => ({text, faint: true})),
	];
	// A full tile has a line to spare: it goes on top, as headroom above the row's bars.
	while (result.length < lines) result.unshift({text: pad(''), faint: false});
	return result;
}

/**
 * The legend naming a tile's columns left to right ("cols: alcohol proline hue …"), cut to `width` columns with "…";
 * features without names are called by their column number.
 */
export function featureLegend(profile: TableProfile, featureNames: readonly string[] | undefined, size: DigitArtSize, width: number): string {
	const names = profile.features.slice(0, shownFeatureCount(profile, size)).map(f => featureNames?.[f] ?? `#${f}`);
	let text = 'cols:';
	for (const [index, name] of names.entries()) {
		const rest = index < names.length - 1 ? 2 : 0;
		if (displayWidth(text) + 1 + displayWidth(name) + rest > width) return `${text} …`;
		text += ` ${name}`;
	}

	return text;
}

/**
 * A table panel's caption: the longest of `explanations` that still leaves the legend (`legend(width)`, the columns'
 * names cut to that width) its whole length or a third of the line, whichever is less, then " · " and the legend.
 * The legend always shows, and so does what the bars are while a short explanation fits.
 */
export function captionWithLegend(explanations: readonly string[], legend: (width: number) => string, width: number): string {
	const whole = displayWidth(legend(Number.MAX_SAFE_INTEGER));
	const need = Math.min(whole, Math.max(12, Math.floor(width / 3)));
	const explanation = explanations.find(text => displayWidth(text) + 3 + need <= width) ?? explanations.at(-1) ?? '';
	const room = width - displayWidth(explanation) - 3;
	return room >= 8 ? `${explanation} · ${legend(room)}` : legend(width);
}
