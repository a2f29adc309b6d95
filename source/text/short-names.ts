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

const vowels = /[aeiouy]/i;

/**
 * Abbreviations of one word, longest first: a word ending in "-ing" by its stem ("training" → "train"), then cut
 * after a consonant that a vowel follows, with a dot ("supervised" → "supervis.", "superv.", "sup.") — the way
 * people shorten words, never a stub like "supe…".
 */
function wordAbbreviations(word: string): string[] {
	const forms: string[] = [];
	if (/^[a-z]{5,}ing$/i.test(word)) forms.push(word.slice(0, -3));
	for (let end = word.length - 2; end >= 2; end--) {
		const before = word[end - 1]!;
		if (/[a-z]/i.test(before) && !vowels.test(before) && vowels.test(word[end]!)) forms.push(`${word.slice(0, end)}.`);
	}

	return forms;
}

/**
 * The readable short forms of one contender name, most readable first (each is tried against the room in turn):
 * "Lee 2013" → "Lee"; "Mean Teacher" → "Mean T."; "pseudo no-aug" → "ps. no-aug"; "self-training" → "self-train",
 * "self-tr.", "self";
 * "FlexMatch" → "Flex"; "supervised" → "supervis.", "superv.", "sup.".
 */
export function nameAbbreviations(name: string): string[] {
	const words = name.split(' ');
	if (words.length > 1) {
		const [first, ...rest] = words as [string, ...string[]];
		// A number after a name ("Lee 2013", a year or a version) says least: the name alone first; where that is not
		// enough to tell it from the others ("pseudo 0.50", "pseudo 0.80"), the number with the name abbreviated.
		if (rest.every(word => /^\d/.test(word))) return [first, ...wordAbbreviations(first).map(head => `${head} ${rest.join(' ')}`)];
		// A proper name ("Mean Teacher") keeps its first word; a description ("pseudo no-aug") its last words, which
		// say how it differs.
		const proper = words.every(word => /^[A-Z]/.test(word));
		const initials = `${first} ${rest.map(word => `${word[0]}.`).join(' ')}`;
		return proper ? [initials, first] : [...wordAbbreviations(first).map(head => `${head} ${rest.join(' ')}`), initials, first];
	}

	const parts = name.split('-');
	if (parts.length > 1 && parts.every(part => part.length > 0)) {
		const head = parts.slice(0, -1).join('-');
		return [...wordAbbreviations(parts.at(-1)!).map(tail => `${head}-${tail}`), head];
	}

	// CamelCase ("FlexMatch", "FixMatch"): its first part names it among the others.
	const camel = /^([A-Z][a-z]{2,})[A-Z]/.exec(name);
	if (camel) return [camel[1]!];
	return wordAbbreviations(name);
}

/**
 * Contender names within `max` columns for legends and status lines: whole when they fit, else each name's first
 * abbreviation (nameAbbreviations) that fits and that no other contender's name shows too ("pseudo 0.50" and
 * "pseudo 0.80" both "pseudo": on to "ps. 0.50", "ps. 0.80"), and only when none is left shortForms' cut forms.
 */
export function contenderShortForms(names: readonly string[], max: number): string[] {
	const cut = shortForms(names, max);
	const candidates = names.map(name => (name.length <= max ? [name] : nameAbbreviations(name).filter(form => form.length <= max)));
	const at = names.map(() => 0);
	const form = (index: number) => candidates[index]![at[index]!] ?? cut[index]!;
	// Two different names may not share a form, nor may a form be another contender's whole name.
	const clashes = (index: number) =>
		names.some((other, j) => j !== index && other !== names[index] && form(j) === form(index)) || (form(index) !== names[index] && names.includes(form(index)));
	for (let round = 0; round < 8; round++) {
		const clashing = names.map((_, index) => clashes(index) && at[index]! < candidates[index]!.length);
		if (!clashing.some(Boolean)) break;
		for (const [index, moves] of clashing.entries()) if (moves) at[index]!++;
	}

	return names.map((_, index) => (clashes(index) ? cut[index]! : form(index)));
}
