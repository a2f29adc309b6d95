/**
 * How the screens and texts speak of a dataset's classes: "digit" for MNIST's digits and "class" for anything else,
 * each class by its name, and — when there are too many classes for the room — which ones to show.
 */
import {className, type DatasetInfo} from '../core/dataset-info.js';

/** "digit" on the embedded MNIST (and on events of races that predate the descriptor), else "class". */
export function classWord(info: DatasetInfo | undefined): 'digit' | 'class' {
	if (info === undefined) return 'digit';
	const numbered = info.classNames.length === 10 && info.classNames.every((name, index) => name === String(index));
	return info.name === 'MNIST' && info.kind === 'image' && numbered ? 'digit' : 'class';
}

/** What one sample of the data is called: "image" (MNIST's digits and every image dataset) or "row" (a table). */
export function sampleWord(info: DatasetInfo | undefined, count: 'one' | 'many' = 'one'): string {
	const word = info?.kind === 'table' ? 'row' : 'image';
	return count === 'one' ? word : `${word}s`;
}

/**
 * `text` written for MNIST (the methods' own explanations: "a threshold per digit", "each unlabeled image") in this
 * data's words: "class" for "digit" where the classes are not digits, "row" for "image" in a table.
 */
export function inDataWords(text: string, info: DatasetInfo | undefined): string {
	const classes = classWord(info) === 'digit' ? text : text.replaceAll(/\b([Dd])igit(s?)\b/g, (_, d: string, plural: string) => `${d === 'D' ? 'C' : 'c'}lass${plural === 's' ? 'es' : ''}`);
	return info?.kind === 'table' ? classes.replaceAll(/\b([Ii])mage(s?)\b/g, (_, i: string, plural: string) => `${i === 'I' ? 'R' : 'r'}ow${plural}`) : classes;
}

/** Class `label`'s name; without a descriptor the label itself (MNIST's digits are their own names). */
export function labelName(info: DatasetInfo | undefined, label: number): string {
	return info === undefined ? String(label) : className(info, label);
}

/** The name in quotes, where it stands as what a model answered ('calls 97% of test images "circle"'). */
export function quotedLabel(info: DatasetInfo | undefined, label: number): string {
	return `"${labelName(info, label)}"`;
}

/**
 * The classes worth a row when only `rows` fit, in class order: the most used ones, and the one whose pseudo-labels
 * are least often right (where the damage is) even when it is not among them. All of them when they fit.
 */
export function classesThatMatter(used: readonly number[], correct: readonly number[], rows: number): number[] {
	const all = used.map((_, index) => index);
	if (used.length <= rows) return all;
	const byUse = [...all].sort((a, b) => used[b]! - used[a]! || a - b);
	const picked = new Set(byUse.slice(0, Math.max(0, rows)));
	const withLabels = all.filter(index => used[index]! > 0);
	if (withLabels.length > 0 && rows > 1) {
		const precision = (index: number) => (correct[index] ?? 0) / used[index]!;
		const worst = withLabels.reduce((a, b) => (precision(b) < precision(a) ? b : a));
		if (!picked.has(worst)) {
			picked.delete(byUse[rows - 1]!);
			picked.add(worst);
		}
	}

	return all.filter(index => picked.has(index));
}
