/**
 * Real mode has no hidden truth: the pool's label bytes are all `unlabeledMark`, so whatever a worker measured
 * against them (precision, right per class, confusions, fixed / still wrong) is meaningless. The orchestrator drops
 * those numbers from every pseudo-label event before any sink sees it, so the JSON stream, the summaries and the
 * screen agree: precision is NaN (null in JSON and summaries), the per-class "right" counts are empty, and the
 * confusions and carried-over counts are absent. Acceptance, confidence and class balance stay.
 */
import type {WorkerEvent} from '../protocol/messages.js';

type PseudoLabelEvent = Extract<WorkerEvent, {type: 'pseudo-labels'}>;

export function withoutTruth(event: PseudoLabelEvent): PseudoLabelEvent {
	const {perClassTopConfusion: _confusion, carriedOver: _carried, ...rest} = event;
	return {...rest, precision: Number.NaN, perClassCorrect: []};
}
