/** A method's own live numbers (a pseudo-labels event's `signals`) as one line: "teacher 91.2% · student 90.8%". */
import type {MethodSignal} from '../protocol/messages.js';
import {formatPercent} from './format.js';

export function methodSignalsText(signals: readonly MethodSignal[]): string {
	return signals.map(({name, value, percent}) => `${name} ${percent ? formatPercent(value, 1) : Number(value.toFixed(3))}`).join(' · ');
}
