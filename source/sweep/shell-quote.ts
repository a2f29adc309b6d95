/** POSIX shell quoting for the commands `sweep --plan` prints. Pure. */

const safe = /^[\w@%+=:,./-]+$/;

/** `word` as one shell word: bare when it has only safe characters, else in single quotes. */
export function shellQuote(word: string): string {
	if (word !== '' && safe.test(word)) return word;
	return `'${word.replaceAll("'", String.raw`'\''`)}'`;
}

export function shellJoin(words: string[]): string {
	return words.map(word => shellQuote(word)).join(' ');
}
