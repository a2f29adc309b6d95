/**
 * A contender's rule for which guesses it uses ("> 80% sure", "every image, ε 2"), in the data's words: the methods
 * write it for MNIST, and on a table "every image" and "labeled images only" read as rows.
 */
import {methodInfo} from '../config/methods.js';
import type {DatasetInfo} from '../core/dataset-info.js';
import type {ContenderState} from '../race/race-state.js';
import {inDataWords} from '../text/class-words.js';

/** Empty until the contender's settings are known. */
export function ruleWords(contender: Pick<ContenderState, 'method' | 'config'> | undefined, info: DatasetInfo | undefined): string {
	return contender?.config === undefined ? '' : inDataWords(methodInfo[contender.method].ruleText(contender.config), info);
}
