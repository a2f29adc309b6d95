/**
 * The one answer to "how wide may printed text be": the terminal's columns when the stream is a terminal, 80 when it
 * is a pipe, a file or CI (a reader there has no width to tell us, and 80 is what a pager or an editor shows whole).
 */

/** The stream's width in columns: its terminal's when it is one, else 80. */
export function outputWidth(stream: {isTTY?: boolean; columns?: number}): number {
	const columns = stream.isTTY === true ? stream.columns : undefined;
	return columns !== undefined && Number.isFinite(columns) && columns > 0 ? Math.floor(columns) : 80;
}
