/**
 * The status line's notice fitted to its room. A notice is often where a run was saved, and a path cut at its end
 * cannot be found; so before anything is cut the home folder becomes `~`, the exports' sentence becomes "+ exports",
 * the run's id goes (the file name says it), then the file name gives way to the id ("saved run e9cc6b in
 * /tmp/tb/data/runs/"), and only then does the middle of the folder go (`~/.local/…/runs/20261207-115947-quick-e9cc6b.md`,
 * the file name whole). A save's notice comes as fields (save-notice.ts); a sentence that
 * names a path (a save that failed) gets the same `~` and folder cut, found by its shape.
 */
import {exportsTail, type Notice, type SavedNotice} from './save-notice.js';
import {displayWidth, truncate} from './wrap.js';

/** A path in a sentence: from a `/` or `~/` that starts a word to the next space or `;`. */
const pathPattern = /(?<=^|\s)(?:~|\/)[^\s;]*\/[^\s;]*/g;

function tilde(path: string, home: string | undefined): string {
	return home === undefined || home.length <= 1 || !(path === home || path.startsWith(`${home}/`)) ? path : `~${path.slice(home.length)}`;
}

/** `path` with its folder's middle cut to lose `excess` columns (the file name whole), or undefined when it cannot. */
function shortenPath(path: string, excess: number): string | undefined {
	const slash = path.lastIndexOf('/');
	const folder = [...path.slice(0, slash)];
	// The folder keeps its first character (`/` or `~`) and the "…" takes one column of what is cut.
	const keep = folder.length - excess - 1;
	if (keep < 1) return undefined;
	const head = Math.max(1, Math.ceil(keep / 2));
	const tail = keep - head;
	return `${folder.slice(0, head).join('')}…${tail > 0 ? folder.slice(-tail).join('') : ''}${path.slice(slash)}`;
}

/** A way of saying the notice: the text around its path, and the path (the part that may lose its folder's middle). */
interface Wording {
	before: string;
	path: string;
	after: string;
}

const said = ({before, path, after}: Wording) => `${before}${path}${after}`;

/** The ways of saying a save's notice, most detailed first, each no longer than the one before. */
function savedWordings(notice: SavedNotice, home: string | undefined): Wording[] {
	const lead = `${notice.verb}${notice.id === undefined ? '' : ` run ${notice.id}`}: `;
	const short = tilde(notice.path, home);
	const plus = notice.exports.length === 0 ? '' : ' + exports';
	return [
		{before: lead, path: notice.path, after: exportsTail(notice)},
		{before: lead, path: short, after: exportsTail(notice)},
		{before: lead, path: short, after: plus},
		// Past here only with the folder's middle cut: first without the id (the file name says it), then the exports.
		{before: `${notice.verb}: `, path: short, after: plus},
		{before: `${notice.verb}: `, path: short, after: ''},
	];
}

/**
 * Where the whole path does not fit: the folder whole and the run's id (its file is the one named with it there, and
 * `runs show` takes it) — a folder cut to "/t…s/" to keep the file name left a reader nowhere to look.
 */
function folderWordings(notice: SavedNotice, home: string | undefined): Wording[] {
	if (notice.id === undefined) return [];
	const short = tilde(notice.path, home);
	const folder = short.slice(0, short.lastIndexOf('/') + 1);
	const plus = notice.exports.length === 0 ? '' : ' + exports';
	return [
		{before: `${notice.verb} run ${notice.id} in `, path: folder, after: plus},
		{before: `${notice.verb} run ${notice.id} in `, path: folder, after: ''},
	];
}

/** A sentence's ways: as it is, then its longest path with `~`. */
function sentenceWordings(text: string, home: string | undefined): Wording[] {
	const paths = [...text.matchAll(pathPattern)];
	if (paths.length === 0) return [{before: text, path: '', after: ''}];
	const longest = paths.reduce((a, b) => (displayWidth(b[0]) > displayWidth(a[0]) ? b : a));
	const before = text.slice(0, longest.index);
	const after = text.slice(longest.index + longest[0].length);
	return [
		{before, path: longest[0], after},
		{before, path: tilde(longest[0], home), after},
	];
}

export interface FittedNotice {
	text: string;
	/** How much was given up to fit: 0 nothing, higher is worse (a shorter way of saying it, the folder's middle, the end). */
	loss: number;
}

/** `notice` within `width` columns: whole when it fits, else said shorter, then with the folder's middle cut, cut at the end last. */
export function fitNotice(notice: Notice, width: number, home?: string): FittedNotice {
	const wordings = typeof notice === 'string' ? sentenceWordings(notice, home) : savedWordings(notice, home);
	const folders = typeof notice === 'string' ? [] : folderWordings(notice, home);
	// Every way of saying it whole, the folder-and-id ones last; only then the folder's middle goes.
	for (const [index, wording] of [...wordings, ...folders].entries()) {
		if (displayWidth(said(wording)) <= width) return {text: said(wording), loss: index};
	}

	const whole = typeof notice === 'string' ? wordings.length : 3;

	// The folder's middle goes, from the shortest whole way of saying it, then the later ways.
	for (const [index, wording] of wordings.slice(whole - 1).entries()) {
		const path = wording.path === '' ? undefined : shortenPath(wording.path, displayWidth(said(wording)) - width);
		if (path !== undefined) return {text: said({...wording, path}), loss: wordings.length + folders.length + index};
	}

	return {text: truncate(said(wordings[whole - 1]!), width), loss: 2 * wordings.length + folders.length + 1};
}

