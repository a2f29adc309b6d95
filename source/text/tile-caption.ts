/**
 * A sample tile's caption fitted to its columns: "✓cat 98% WRONG(fox)". Class names of own data can be long
 * ("green_square"); cut as a whole line the caption lost its confidence and verdict, the very things a tile is for, so
 * the names are shortened instead (an ellipsis inside the name: "✓green_sq… 96% ok"), the longer first — but no
 * shorter than tells a name from the dataset's other class names: barbera and barolo both cut to "ba…" made
 * "✓ba… 98% WRONG(ba…)" say nothing.
 */
import {shortClassName, tellingColumns} from './class-short-name.js';
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
	/** All the class names, from which each name's shortest telling form is found (class-short-name.ts). */
	classNames?: readonly string[];
}

/** Names are cut to no fewer columns than this: a letter and the ellipsis. */
const shortestName = 2;

/** The caption within `width` columns, the names shortened before anything else is cut. */
export function tileCaption(parts: TileCaptionParts, width: number): string {
	const {mark, label, confidence, verdict, classNames = []} = parts;
	const truth = verdict?.truth;
	const compose = (labelRoom: number, truthRoom: number) => {
		const verdictText = verdict === undefined ? '' : ` ${verdict.word}${truth === undefined ? '' : `(${shortClassName(truth, truthRoom, classNames)})`}`;
		return `${mark}${shortClassName(label, labelRoom, classNames)} ${confidence}${verdictText}`;
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
	const telling = (name: string, room: number) => Math.min(room, Math.max(shortestName, tellingColumns(name, classNames)));
	shrink(telling(label, labelRoom), truth === undefined ? 0 : telling(truth, truthRoom));
	shrink(Math.min(labelRoom, shortestName), Math.min(truthRoom, shortestName));
	// Too narrow even so: the end goes, as any cut line's does.
	return truncate(compose(labelRoom, truthRoom), width);
}
