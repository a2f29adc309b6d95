/** Files as users' editors save them: Windows Notepad starts UTF-8 with a byte-order mark, which JSON.parse refuses. */

export function withoutBom(text: string): string {
	return text.replace(/^\uFEFF/, '');
}

/** JSON.parse of a file's text, a leading byte-order mark ignored. */
export function parseJson(text: string): unknown {
	return JSON.parse(withoutBom(text));
}
