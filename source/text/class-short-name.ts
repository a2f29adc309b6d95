/**
 * A class name shortened to a number of columns so that it still tells its class from the dataset's others. Cut at
 * its end ("barb…" beside barolo) where the start tells it; where names differ only near their end
 * ("nebbiolo_langhe_2019", "_2020", "_2021" all cut to "nebbi…"), the ellipsis goes inside and the telling end stays
 * ("neb…2019"). Tile captions, the pseudo-label panel's rows and its "really" column all cut names here, so a class
 * reads the same everywhere.
 */
import {displayWidth, truncate} from './wrap.js';

/** A middle form keeps at least this many columns of the name's start ("ne…2019"): fewer reads as noise. */
const headColumns = 2;

/** Past this many columns a name told only by its start is cut in the middle instead, where that is shorter. */
const longestTellingStart = 8;

/** The first `columns` columns of `text` (never splitting a wide character). */
function head(text: string, columns: number): string {
	let kept = '';
	let used = 0;
	for (const char of text) {
		const width = displayWidth(char);
		if (used + width > columns) break;
		kept += char;
		used += width;
	}

	return kept;
}

/**
 * The fewest columns at which `name` cut at its end is no other name's start: its shortest prefix no other name
 * starts with, and the ellipsis ("barb…" beside barolo), or the whole name (when no prefix tells it: "cat", "cats").
 */
export function prefixColumns(name: string, names: readonly string[]): number {
	const whole = displayWidth(name);
	const characters = [...name];
	const others = names.filter(other => other !== name);
	for (let length = 1; length < characters.length; length++) {
		const prefix = characters.slice(0, length).join('');
		if (!others.some(other => other.startsWith(prefix))) return Math.min(whole, displayWidth(prefix) + 1);
	}

	return whole;
}

/** The name's last word ("2019" of "nebbiolo_langhe_2019") when no other name ends with it. */
function telling(name: string, names: readonly string[]): string | undefined {
	const word = /[ _.-]([^ _.-]+)$/.exec(name)?.[1];
	return word !== undefined && !names.some(other => other !== name && other.endsWith(word)) ? word : undefined;
}

/** `name` in `room` columns as start…end, the end one no other name has (its last word where that tells it). */
function middleForm(name: string, room: number, names: readonly string[]): string | undefined {
	const others = names.filter(other => other !== name);
	const fits = (tail: string) => room - 1 - displayWidth(tail) >= headColumns;
	const form = (tail: string) => `${head(name, room - 1 - displayWidth(tail))}…${tail}`;
	const word = telling(name, names);
	if (word !== undefined && fits(word)) return form(word);
	const characters = [...name];
	for (let length = 1; length < characters.length; length++) {
		const tail = characters.slice(-length).join('');
		if (others.some(other => other.endsWith(tail))) continue;
		return fits(tail) ? form(tail) : undefined;
	}

	return undefined;
}

/** `name` in at most `room` columns (2 at least), told apart from the other `names` where the room allows. */
export function shortClassName(name: string, room: number, names: readonly string[]): string {
	if (displayWidth(name) <= room) return name;
	const cut = truncate(name, Math.max(2, room));
	if (room >= prefixColumns(name, names)) return cut;
	return middleForm(name, room, names) ?? cut;
}

const tellingCache = new WeakMap<readonly string[], Map<string, number>>();

/**
 * The fewest columns at which `name`'s short form tells it from the others: its telling start when that is short
 * ("barb…": 5), else the narrowest start…end form ("ne…2019": 7), else the whole name. Memoised per list of names:
 * tiles and panel rows ask every frame.
 */
export function tellingColumns(name: string, names: readonly string[]): number {
	let cache = tellingCache.get(names);
	if (!cache) {
		cache = new Map();
		tellingCache.set(names, cache);
	}

	const known = cache.get(name);
	if (known !== undefined) return known;
	const prefix = prefixColumns(name, names);
	let columns = prefix;
	const word = telling(name, names);
	if (prefix > longestTellingStart && word !== undefined) {
		// Its last word whole ("ne…2019"), rather than a narrower end that is only a character ("ne…9").
		columns = Math.min(prefix, headColumns + 1 + displayWidth(word));
	} else if (prefix > longestTellingStart) {
		for (let room = headColumns + 2; room < prefix; room++) {
			if (middleForm(name, room, names) !== undefined) {
				columns = room;
				break;
			}
		}
	}

	cache.set(name, columns);
	return columns;
}
