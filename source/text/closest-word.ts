/** "did you mean …?" for flags, preset fields and knob names: the one candidate within two typos, if any. */

/** Levenshtein distance, to catch typos like "treshold". */
export function editDistance(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
		}

		previous = current;
	}

	return previous[b.length]!;
}

/** The candidate closest to `word` (case-insensitive) within `maxDistance` edits, or undefined. */
export function closestWord(word: string, candidates: readonly string[], maxDistance = 2): string | undefined {
	let best: string | undefined;
	let bestDistance = maxDistance + 1;
	for (const candidate of candidates) {
		const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
		if (distance < bestDistance) {
			best = candidate;
			bestDistance = distance;
		}
	}

	return best;
}
