/**
 * The status line's notice fitted to its room. A notice is often where a run was saved ("saved run e9cc6b:
 * /home/me/runs/20261207-115947-quick-e9cc6b.md; pseudo-labels and model of semi beside it"), and a path cut at its
 * end cannot be found; so before anything is cut the home folder becomes `~`, the exports' tail becomes "+ exports",
 * and then the middle of the folder goes (`~/.local/…/runs/20261207-115947-quick-e9cc6b.md`), then the run's id and the
 * exports' mention: the file name stays whole.
 */
import {displayWidth, truncate} from './wrap.js';

/** save-race-summary.ts's tail naming the files written beside the summary. */
const exportsTail = /; pseudo-labels and model of .* beside it$/;
/** A path in a notice: from a `/` or `~/` that starts a word to the next space or `;`. */
const pathPattern = /(?<=^|\s)(?:~|\/)[^\s;]*\/[^\s;]*/g;

/** The ways of saying `notice`, most detailed first, each no longer than the one before. */
export function noticeVariants(notice: string, home: string | undefined): string[] {
	const tilde = home === undefined || home.length <= 1 ? notice : notice.replace(pathPattern, path => (path === home || path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path));
	const short = tilde.replace(exportsTail, ' + exports');
	return [...new Set([notice, tilde, short])];
}

/** The longest path in `text`, its folder's middle cut to lose `excess` columns (the file name whole), or undefined when it cannot. */
function shortenPath(text: string, excess: number): string | undefined {
	const paths = [...text.matchAll(pathPattern)];
	if (paths.length === 0) return undefined;
	const longest = paths.reduce((a, b) => (displayWidth(b[0]) > displayWidth(a[0]) ? b : a));
	const path = longest[0];
	const slash = path.lastIndexOf('/');
	const folder = [...path.slice(0, slash)];
	const file = path.slice(slash);
	// The folder keeps its first character (`/` or `~`) and the "…" takes one column of what is cut.
	const keep = folder.length - excess - 1;
	if (keep < 1) return undefined;
	const head = Math.max(1, Math.ceil(keep / 2));
	const tail = keep - head;
	const shortened = `${folder.slice(0, head).join('')}…${tail > 0 ? folder.slice(-tail).join('') : ''}${file}`;
	return text.slice(0, longest.index) + shortened + text.slice(longest.index + path.length);
}

export interface FittedNotice {
	text: string;
	/** How much was given up to fit: 0 nothing, higher is worse (a shorter way of saying it, the folder's middle, the end). */
	loss: number;
}

/** `notice` within `width` columns: whole when it fits, else said shorter (noticeVariants, then the folder's middle cut), cut at the end last. */
export function fitNotice(notice: string, width: number, home?: string): FittedNotice {
	const variants = noticeVariants(notice, home);
	const whole = variants.findIndex(variant => displayWidth(variant) <= width);
	if (whole !== -1) return {text: variants[whole]!, loss: whole};
	const shortest = variants.at(-1)!;
	// Then the folder's middle goes, from the shortest way of saying it; where that is not enough, the run's id (its
	// file name says it too), then the exports.
	const withoutId = shortest.replace(/^(saved (?:partial )?)run \S+: /, '$1');
	for (const [index, variant] of [shortest, withoutId, withoutId.replace(/ \+ exports$/, '')].entries()) {
		const shortened = shortenPath(variant, displayWidth(variant) - width);
		if (shortened !== undefined) return {text: shortened, loss: variants.length + index};
	}

	return {text: truncate(shortest, width), loss: variants.length + 3};
}
