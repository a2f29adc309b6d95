/**
 * One line of small vertical bars, one per class, each led by its class's name so the line says which bar is which:
 * MNIST's `0▆ 1█ 2▄ …`, a table's `cat█ dog▇ fox▁`. Names too long for the room are shortened alike and stay distinct
 * (`blue_str…▇ green_sq…█ red_circ…▁`); below three letters a name is a guess, so the bars take the names' first
 * letters (`b▇ g█ r▁`) and a legend line names the classes; where not even that fits (many classes in a narrow
 * panel) the bars stand alone and the legend names them left to right.
 */
import {shortForms} from './short-names.js';
import {displayWidth} from './wrap.js';

export interface ClassSparks {
	line: string;
	/** Which bar is which class, for a line of its own under the sparks when room allows; absent when the labels say it. */
	legend?: string;
}

/** Letters a shortened name keeps before its "…" to read as its class without a legend. */
const readableHead = 3;

/** `sparks[i]` (one column each) labelled with `names[i]`, within `width` columns. */
export function classSparks(sparks: readonly string[], names: readonly string[], width: number): ClassSparks {
	const labelled = (labels: readonly string[], gap: string) => labels.map((label, index) => `${label}${sparks[index] ?? ' '}`).join(gap);
	const fits = (line: string) => displayWidth(line) <= width;
	const distinct = (labels: readonly string[]) => new Set(labels).size === labels.length;
	// Names of one character (digits, letters): as MNIST always drew them, spaced where that fits, else packed.
	if (names.every(name => displayWidth(name) === 1)) {
		for (const gap of [' ', '']) {
			const line = labelled(names, gap);
			if (fits(line)) return {line};
		}

		return {line: sparks.join(''), legend: inOrder(names, width)};
	}

	const longest = Math.max(...names.map(name => displayWidth(name)));
	for (let max = longest; max >= Math.min(longest, readableHead + 1); max--) {
		const labels = shortForms(names, max);
		const readable = labels.every((label, index) => label === names[index] || displayWidth(label.split('…')[0]!) >= readableHead);
		const line = labelled(labels, ' ');
		if (readable && distinct(labels) && fits(line)) return {line};
	}

	// First letters, as few as tell the classes apart, and the legend for what they stand for.
	for (let letters = 1; letters <= readableHead; letters++) {
		const labels = names.map(name => [...name].slice(0, letters).join(''));
		if (!distinct(labels)) continue;
		for (const gap of [' ', '']) {
			const line = labelled(labels, gap);
			if (fits(line)) return {line, legend: legendOf(labels, names, width)};
		}

		break;
	}

	return {line: sparks.join(''), legend: inOrder(names, width)};
}

/** "b=blue_stripes g=green_square r=red_circle": each label with its whole name, or the names in order (as long as fits). */
function legendOf(labels: readonly string[], names: readonly string[], width: number): string {
	const pairs = labels.map((label, index) => `${label}=${names[index]}`).join(' ');
	return displayWidth(pairs) <= width ? pairs : inOrder(names, width);
}

/** "left to right: c0 c1 … c29": the classes, in the bars' order, each as long as the width lets it be. */
function inOrder(names: readonly string[], width: number): string {
	const longest = Math.max(...names.map(name => displayWidth(name)));
	const variants = [`left to right: ${names.join(' ')}`, names.join(' ')];
	for (let max = longest - 1; max >= readableHead + 1; max--) {
		const forms = shortForms(names, max);
		if (forms.every(form => !form.startsWith('…'))) variants.push(forms.join(' '));
	}

	variants.push(`left to right: ${names[0]} … ${names.at(-1)}`, `${names[0]} … ${names.at(-1)}`);
	return variants.find(variant => displayWidth(variant) <= width) ?? `${names[0]} … ${names.at(-1)}`;
}
