/**
 * The events that move a contender's line, as chart epochs: each labeling round of an offline method (its retraining
 * starts on new pseudo-labels), the end of an online method's warm-up, and Lee 2013's α reaching its final weight.
 * The chart marks the focused contender's on its x-axis; the note names the marks.
 */
import {methodInfo, type Method} from '../config/methods.js';
import type {RunConfig} from '../config/run-config.js';
import {roundEpochRange} from './progress-words.js';

export interface LineEvent {
	/** The first chart epoch the event shows in. */
	epoch: number;
	char: '◆' | '▲' | 'α';
	word: string;
	/** The same in a few columns, for a chart note that must share its line ("uses pool", "full at 3"). */
	short: string;
}

/** The mark characters and what each means, in the order the note names them (the few-column forms after). */
export const eventWords: Record<LineEvent['char'], string> = {'◆': 'labels the pool', '▲': 'starts using the pool', α: 'α at full weight'};
const shortWords: Record<LineEvent['char'], string> = {'◆': 'labels pool', '▲': 'uses pool', α: 'full'};

export function lineEvents(method: Method, config: RunConfig | undefined): LineEvent[] {
	if (config === undefined) return [];
	const kind = methodInfo[method].kind;
	if (kind === 'baseline') return [];
	if (kind === 'online') {
		const events: LineEvent[] = [{epoch: config.warmupEpochs + 1, char: '▲', word: eventWords['▲'], short: shortWords['▲']}];
		// Lee 2013's ramp ends at a share of the online epochs (rampEnd), after which its line can only settle.
		if (method === 'lee2013') {
			events.push({epoch: config.warmupEpochs + Math.max(1, Math.round(config.rampEnd * config.onlineEpochs)), char: 'α', word: `unlabeled weight reaches ${config.alphaFinal}`, short: `full at ${config.alphaFinal}`});
		}

		return events;
	}

	return Array.from({length: config.rounds}, (_, index) => ({epoch: roundEpochRange(index + 1, config)[0], char: '◆' as const, word: eventWords['◆'], short: shortWords['◆']}));
}
