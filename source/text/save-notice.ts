/**
 * What a save says, kept as fields: the status line shortens it step by step (fit-notice.ts) from these, not by reading
 * its words back out of a sentence; `noticeText` is the sentence, for stderr and wherever there is room.
 */

export interface SavedNotice {
	/** `saved`, `saved partial`, `already saved`. */
	verb: string;
	/** The run's id: said while there is room (the file name carries it too). */
	id?: string;
	path: string;
	/** The contenders whose pseudo-labels and model were written beside the summary. */
	exports: readonly string[];
}

/** A status-line notice: a sentence, or where a save went. */
export type Notice = string | SavedNotice;

export function exportsTail(notice: SavedNotice): string {
	return notice.exports.length === 0 ? '' : `; pseudo-labels and model of ${notice.exports.join(', ')} beside it`;
}

/** `saved run ab12cd: /home/me/…/x.md; pseudo-labels and model of semi beside it`, `already saved: /…/x.md`. */
export function noticeText(notice: Notice): string {
	if (typeof notice === 'string') return notice;
	return `${notice.verb}${notice.id === undefined ? '' : ` run ${notice.id}`}: ${notice.path}${exportsTail(notice)}`;
}
