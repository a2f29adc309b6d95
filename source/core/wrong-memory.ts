/**
 * Confirmation bias, online: an online method labels each pool image again every time a batch draws it, so "what
 * became of a wrong pseudo-label" is asked per image, at its next draw. The memory keeps, per pool position, whether
 * its last draw was used with a wrong label and how confident the model was; each new draw of such an image counts as
 * fixed (used, now right), still wrong (used, wrong again; surer when more confident than before) or dropped (not
 * used now). Counts gather until taken, once per online epoch. Pure; two arrays of the pool's size, nothing per step.
 */
import type {CarriedOver} from './pseudo-labels.js';

/** What a batch's decision says of each image: used or not, its label and the model's confidence. */
export interface DrawDecision {
	mask: Uint8Array;
	pseudoLabels: Uint8Array;
	confidence: Float32Array;
}

export class WrongMemory {
	private readonly wrong: Uint8Array;
	private readonly confidence: Float32Array;
	private counts: CarriedOver = WrongMemory.empty();

	constructor(poolSize: number) {
		this.wrong = new Uint8Array(poolSize);
		this.confidence = new Float32Array(poolSize);
	}

	private static empty(): CarriedOver {
		return {wrongBefore: 0, fixed: 0, stillWrong: 0, moreConfident: 0, dropped: 0};
	}

	/** One batch: the pool positions it drew, the rule's decision on them and their hidden true labels. */
	add(positions: ArrayLike<number>, decision: DrawDecision, truth: ArrayLike<number>): void {
		const counts = this.counts;
		for (let i = 0; i < positions.length; i++) {
			const position = positions[i]!;
			const used = decision.mask[i] === 1;
			const label = decision.pseudoLabels[i];
			const confidence = decision.confidence[i]!;
			if (this.wrong[position] === 1) {
				counts.wrongBefore++;
				if (!used) counts.dropped++;
				else if (label === truth[i]) counts.fixed++;
				else {
					counts.stillWrong++;
					if (confidence > this.confidence[position]!) counts.moreConfident++;
				}
			}

			this.wrong[position] = used && label !== truth[i] ? 1 : 0;
			this.confidence[position] = confidence;
		}
	}

	/** The counts since the last take, and a fresh start. */
	take(): CarriedOver {
		const counts = this.counts;
		this.counts = WrongMemory.empty();
		return counts;
	}
}
