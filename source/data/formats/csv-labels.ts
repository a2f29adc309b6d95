/**
 * A table's label texts as classes (csv.ts; numpy.ts too, its labels as texts, so both read -1 the same way): which
 * texts mark an unlabeled row (the defaults, -1 read as the labels say, or --unlabeled-value), the class values in
 * order, and each row's class index.
 */
import {unlabeledMark, type LoadOptions} from '../dataset-source.js';
import {classIndex, sortClassValues} from './class-names.js';

/** Label or cell texts (lower case) that mean "no value": an unlabeled row's label, a missing feature. */
export const defaultMarkers = ['', '?', 'na', 'n/a', 'nan', 'null', 'none'];

/** A label text's class index (any spelling of it: `labelClasses`), or undefined for a text that is no class. */
export interface ClassLookup {
	get(label: string): number | undefined;
}

/**
 * The unlabeled markers, the class values (sorted) and each one's index, from the training file's label texts;
 * `samples` is what the notes call them. A class is its text without surrounding spaces, and where every label is a
 * number, the number: `1`, `1.0` and ` 1` are one class (named `1`), as a user who wrote them means — read as text
 * they were three. Classes that differ only in case stay apart, and a note says so.
 */
export function labelClasses(labels: readonly string[], options: LoadOptions, notes: string[], samples = 'rows'): {markers: Set<string>; classValues: string[]; index: ClassLookup} {
	const markers = unlabeledMarkers(labels, options, notes, samples);
	const present = [...new Set(labels.filter(label => !markers.has(label.toLowerCase())))];
	const numeric = present.length > 0 && present.every(label => label.trim() !== '' && Number.isFinite(Number(label)));
	const canonical = (label: string): string => {
		const text = label.trim();
		return numeric && text !== '' && Number.isFinite(Number(text)) ? String(Number(text)) : text;
	};

	const spellings = new Map<string, string[]>();
	for (const label of present) spellings.set(canonical(label), [...(spellings.get(canonical(label)) ?? []), label]);
	const merged = [...spellings].filter(([, texts]) => texts.length > 1);
	if (merged.length > 0) {
		const said = merged.slice(0, 3).map(([name, texts]) => `${texts.map(text => JSON.stringify(text)).join(' and ')} as ${name}`);
		notes.push(`labels written differently read as one class: ${said.join('; ')}${merged.length > 3 ? ` (+${merged.length - 3} more)` : ''}`);
	}

	const classValues = sortClassValues(spellings.keys());
	const byCase = new Map<string, string[]>();
	for (const name of classValues) byCase.set(name.toLowerCase(), [...(byCase.get(name.toLowerCase()) ?? []), name]);
	const cased = [...byCase.values()].filter(names => names.length > 1);
	if (cased.length > 0) {
		notes.push(`classes that differ only in case, kept apart: ${cased.slice(0, 3).map(names => names.map(name => JSON.stringify(name)).join(' and ')).join('; ')}`);
	}

	const classOf = classIndex(classValues);
	return {markers, classValues, index: {get: label => classOf.get(canonical(label))}};
}

/** Each training row's class index (unlabeledMark for a marker), then `unlabeledRows` more rows without a label. */
export function labelCodes(labels: readonly string[], markers: Set<string>, index: ClassLookup, unlabeledRows: number): Uint8Array {
	const codes = new Uint8Array(labels.length + unlabeledRows).fill(unlabeledMark);
	labels.forEach((label, i) => {
		if (!markers.has(label.toLowerCase())) codes[i] = index.get(label)!;
	});
	return codes;
}

/** The label texts (lower case) that mark an unlabeled row, and a note saying which reading of -1 was used. */
export function unlabeledMarkers(labels: readonly string[], options: LoadOptions, notes: string[], samples = 'rows'): Set<string> {
	if (options.unlabeledValue !== undefined) {
		const values = options.unlabeledValue.split(',').map(value => value.trim().toLowerCase());
		notes.push(`unlabeled ${samples}: label empty or ${values.map(value => JSON.stringify(value)).join(' or ')} (--unlabeled-value)`);
		return new Set(['', ...values]);
	}

	const markers = new Set(defaultMarkers);
	const distinct = new Set(labels.map(label => label.toLowerCase()));
	const minusOne = [...distinct].filter(label => label !== '' && Number(label) === -1);
	if (minusOne.length > 0) {
		const others = [...distinct].filter(label => !markers.has(label) && !minusOne.includes(label));
		const numeric = others.every(label => Number.isFinite(Number(label)));
		const plusMinusOne = numeric && others.length > 0 && others.every(label => Number(label) === 1);
		const otherNegatives = numeric && others.some(label => Number(label) < 0);
		if (plusMinusOne || otherNegatives) {
			notes.push(`label -1 read as a class (${plusMinusOne ? 'the labels are -1 and 1' : 'other negative labels occur'}); --unlabeled-value=-1 to read it as unlabeled`);
		} else {
			for (const label of minusOne) markers.add(label);
			const count = labels.filter(label => minusOne.includes(label.toLowerCase())).length;
			notes.push(`label -1 read as unlabeled (scikit-learn's marker): ${count} ${samples}; --unlabeled-value to choose another marker`);
		}
	}

	return markers;
}


