/** The `pseudo-labels` event of an offline labeling round (pseudo-label rounds, Noisy Student), built in one place. */
import type {PseudoLabelSelection} from '../core/pseudo-labels.js';
import type {DigitSample} from '../core/digit-samples.js';
import type {RunName, WorkerEvent} from '../protocol/messages.js';

export interface RoundFacts {
	run: RunName;
	round: number;
	/** The pool's size. */
	pool: number;
	selection: PseudoLabelSelection;
	threshold: number;
	samples: DigitSample[];
	predictSeconds: number;
	/** Images augmented for the retraining set, and how long that took. */
	augmented: number;
	augmentSeconds: number;
	/** Of the previous round's wrong pseudo-labels: how many are fixed, still wrong (and surer) or dropped. */
	carriedOver?: Extract<WorkerEvent, {type: 'pseudo-labels'}>['carriedOver'];
}

export function roundLabelsEvent(facts: RoundFacts): WorkerEvent {
	const {selection} = facts;
	return {
		type: 'pseudo-labels',
		run: facts.run,
		kind: 'round',
		round: facts.round,
		pool: facts.pool,
		accepted: selection.accepted.length,
		acceptanceRate: selection.acceptanceRate,
		precision: selection.precision,
		perClassAccepted: selection.perClassAccepted,
		perClassCorrect: selection.perClassCorrect,
		perClassTopConfusion: selection.perClassTopConfusion,
		...(facts.carriedOver === undefined ? {} : {carriedOver: facts.carriedOver}),
		threshold: facts.threshold,
		samples: facts.samples,
		predictPerSec: facts.pool / Math.max(facts.predictSeconds, 1e-6),
		augmentPerSec: facts.augmented / Math.max(facts.augmentSeconds, 1e-6),
	};
}
