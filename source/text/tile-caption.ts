/**
 * A sample tile's caption fitted to its columns: "✓cat 98% WRONG(fox)". Class names of own data can be long
 * ("green_square"); cut as a whole line the caption lost its confidence and verdict, the very things a tile is for, so
 * the names are shortened instead (an ellipsis inside the name: "✓green_sq… 96% ok"), the longer first — but no
 * shorter than tells a name from the dataset's other class names: barbera and barolo both cut to "ba…" made
 * "✓ba… 98% WRONG(ba…)" say nothing.
 */
import {displayWidth, truncate} from './wrap.js';

export interface TileCaptionParts {
	/** ✓ used, ✗ rejected. */
	mark: string;
	/** The class the model gave. */
	label: string;
	/** "98%". */
	confidence: string;
	/** "ok", or "WRONG"/"wrong" with the true class; absent where there is no truth to check against. */
	verdict?: {word: string; truth?: string};
	/** All the class names, from which each name's shortest telling form is found (distinctColumns). */
	classNames?: readonly string[];
}

/** Names are cut to no fewer columns than this: a letter and the ellipsis. */
const shortestName = 2;

/**
 * The fewest columns `name` may be shortened to and still be told from every other of `names`: its shortest prefix
 * no other name starts with, and the ellipsis ("barb…" beside barolo), or the whole name when that is no longer
 * (or when no prefix tells it: "cat" beside "cats").
 */
export function distinctColumns(name: string, names: readonly string[]): number {
	const whole = displayWidth(name);
	const characters = [...name];
	const others = names.filter(other => other !== name);
	for (let length = 1; length < characters.length; length++) {
		const prefix = characters.slice(0, length).join('');
		if (!others.some(other => other.startsWith(prefix))) return Math.min(whole, displayWidth(prefix) + 1);
	}

	return whole;
}

/** The caption within `width` columns, the names shortened before anything else is cut. */
export function tileCaption(parts: TileCaptionParts, width: number): string {
	const {mark, label, confidence, verdict, classNames = []} = parts;
	const truth = verdict?.truth;
	const compose = (labelRoom: number, truthRoom: number) => {
		const verdictText = verdict === undefined ? '' : ` ${verdict.word}${truth === undefined ? '' : `(${truncate(truth, truthRoom)})`}`;
		return `${mark}${truncate(label, labelRoom)} ${confidence}${verdictText}`;
	};

	let labelRoom = displayWidth(label);
	let truthRoom = truth === undefined ? 0 : displayWidth(truth);
	const shrink = (labelFloor: number, truthFloor: number) => {
		while (displayWidth(compose(labelRoom, truthRoom)) > width) {
			// One column off the longer name (the label on a tie), until both are at their floors.
			if (labelRoom > labelFloor && (labelRoom >= truthRoom || truthRoom <= truthFloor)) labelRoom--;
			else if (truthRoom > truthFloor) truthRoom--;
			else break;
		}
	};

	// Down to names that still tell the classes apart; where even those do not fit, down to a letter each (a cut
	// name still beats a cut verdict).
	const telling = (name: string, room: number) => Math.min(room, Math.max(shortestName, distinctColumns(name, classNames)));
	shrink(telling(label, labelRoom), truth === undefined ? 0 : telling(truth, truthRoom));
	shrink(Math.min(labelRoom, shortestName), Math.min(truthRoom, shortestName));
	// Too narrow even so: the end goes, as any cut line's does.
	return truncate(compose(labelRoom, truthRoom), width);
}
