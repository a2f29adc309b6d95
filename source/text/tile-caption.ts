/**
 * A sample tile's caption fitted to its columns: "✓cat 98% WRONG(fox)". Class names of own data can be long
 * ("green_square"); cut as a whole line the caption lost its confidence and verdict, the very things a tile is for, so
 * the names are shortened instead (an ellipsis inside the name: "✓green_sq… 96% ok"), the longer first.
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
}

/** Names are cut to no fewer columns than this: a letter and the ellipsis. */
const shortestName = 2;

/** The caption within `width` columns, the names shortened before anything else is cut. */
export function tileCaption(parts: TileCaptionParts, width: number): string {
	const {mark, label, confidence, verdict} = parts;
	const truth = verdict?.truth;
	const compose = (labelRoom: number, truthRoom: number) => {
		const verdictText = verdict === undefined ? '' : ` ${verdict.word}${truth === undefined ? '' : `(${truncate(truth, truthRoom)})`}`;
		return `${mark}${truncate(label, labelRoom)} ${confidence}${verdictText}`;
	};

	let labelRoom = displayWidth(label);
	let truthRoom = truth === undefined ? 0 : displayWidth(truth);
	const labelFloor = Math.min(labelRoom, shortestName);
	const truthFloor = Math.min(truthRoom, shortestName);
	while (displayWidth(compose(labelRoom, truthRoom)) > width) {
		// One column off the longer name (the label on a tie), until both are at their shortest.
		if (labelRoom > labelFloor && (labelRoom >= truthRoom || truthRoom <= truthFloor)) labelRoom--;
		else if (truthRoom > truthFloor) truthRoom--;
		else break;
	}

	// Too narrow even so: the end goes, as any cut line's does.
	return truncate(compose(labelRoom, truthRoom), width);
}
