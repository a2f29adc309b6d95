/**
 * What the terminal shows while the user's own data loads, before the dashboard or a headless race starts: one line
 * on stderr naming the path (a folder of 10,000 images takes seconds, and the screen stayed blank), erased once the
 * data is in. Only on a terminal: a redirected stderr keeps no line that says nothing once loading is over.
 */
const eraseLine = '\r\u001B[2K';

/** The part of a stream this needs (process.stderr, or a test's stand-in). */
export interface LineStream {
	isTTY?: boolean;
	write(text: string): unknown;
}

/** Writes the loading line for `path` and returns what erases it (nothing either way off a terminal). */
export function showLoadingLine(stream: LineStream, path: string, columns = 80): () => void {
	if (stream.isTTY !== true) return () => {};
	const text = `pseudolabel-tui: loading ${path}…`;
	// Kept to one row: a wrapped line would leave its first row behind when erased.
	const fitted = text.length < columns ? text : `${text.slice(0, Math.max(columns - 2, 1))}…`;
	stream.write(fitted);
	let erased = false;
	return () => {
		if (erased) return;
		erased = true;
		stream.write(eraseLine);
	};
}
