/**
 * Short forms of the names on screen, for legends and status lines that cannot fit them whole: each name's own short
 * form ("Lee 2013" → "Lee", "self-training" → "self-tr…"), never an id the screen does not show elsewhere, and
 * distinct from each other ("pseudo 0.50", "pseudo 0.80" → "ps…0.50", "ps…0.80": the words that differ survive).
 */

/** `name` cut to `max` columns with "…" at the end (whole when it fits). */
function cut(name: string, max: number): string {
	return name.length <= max ? name : `${name.slice(0, Math.max(1, max - 1)).trimEnd()}…`;
}

/** The shortest form of `name` within `max` columns, alone: whole, its first word, or cut. */
function ownShortForm(name: string, max: number): string {
	if (name.length <= max) return name;
	const first = name.split(' ')[0]!;
	if (first.length > 1 && first.length <= max && first !== name) return first;
	return cut(name, max);
}

/** Columns a tail needs to tell `names` apart: its last word when that differs between them, else the shortest suffix. */
function distinguishingTail(names: readonly string[], max: number): number | undefined {
	const lastWords = names.map(name => name.split(' ').at(-1)!);
	const words = new Set(lastWords);
	const wordLength = Math.max(...lastWords.map(word => word.length));
	if (words.size === names.length && wordLength + 2 <= max) return wordLength;
	for (let length = 1; length + 2 <= max; length++) {
		if (new Set(names.map(name => name.slice(-length))).size === names.length) return length;
	}

	return undefined;
}

/** Each name's short form within `max` columns, distinct from the others' where the names are. */
export function shortForms(names: readonly string[], max: number): string[] {
	const forms = names.map(name => ownShortForm(name, max));
	const groups = new Map<string, number[]>();
	for (const [index, form] of forms.entries()) groups.set(form, [...(groups.get(form) ?? []), index]);
	for (const indices of groups.values()) {
		const group = indices.map(index => names[index]!);
		if (indices.length < 2 || new Set(group).size < group.length) continue;
		const tail = distinguishingTail(group, max);
		for (const index of indices) {
			const name = names[index]!;
			if (name.length <= max) continue;
			if (tail === undefined) {
				forms[index] = `${name.slice(0, Math.max(0, max - 1 - String(index + 1).length))}…${index + 1}`;
				continue;
			}

			const head = name.slice(0, Math.max(1, max - 1 - tail)).trimEnd();
			forms[index] = `${head}…${name.slice(-tail).trimStart()}`;
		}
	}

	return forms;
}
