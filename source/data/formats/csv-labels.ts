/**
 * A table's label texts as classes (csv.ts; numpy.ts too, its labels as texts, so both read -1 the same way): which
 * texts mark an unlabeled row (the defaults, -1 read as the labels say, or --unlabeled-value), the class values in
 * order, and each row's class index.
 */
import {unlabeledMark, type LoadOptions} from '../dataset-source.js';
import {classIndex, sortClassValues} from './class-names.js';

/** Label or cell texts (lower case) that mean "no value": an unlabeled row's label, a missing feature. */
export const defaultMarkers = ['', '?', 'na', 'n/a', 'nan', 'null', 'none'];

/**
 * The unlabeled markers, the class values (sorted) and each one's index, from the training file's label texts;
 * `samples` is what the notes call them.
 */
export function labelClasses(labels: readonly string[], options: LoadOptions, notes: string[], samples = 'rows'): {markers: Set<string>; classValues: string[]; index: Map<string, number>} {
	const markers = unlabeledMarkers(labels, options, notes, samples);
	const classValues = sortClassValues(labels.filter(label => !markers.has(label.toLowerCase())));
	return {markers, classValues, index: classIndex(classValues)};
}

/** Each training row's class index (unlabeledMark for a marker), then `unlabeledRows` more rows without a label. */
export function labelCodes(labels: readonly string[], markers: Set<string>, index: Map<string, number>, unlabeledRows: number): Uint8Array {
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


