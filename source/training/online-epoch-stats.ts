/**
 * An online epoch-equivalent's bookkeeping: what the rule used and how right it was, per class; the time spent
 * predicting and augmenting; the last few steps' batches for the digit samples. It builds the epoch's `pseudo-labels`
 * event, so the loop only adds steps. Nothing is allocated per step: the sample ring's buffers are made once.
 */
import type {ConfidenceMask} from '../core/confidence-mask.js';
import {pickDigitSamples} from '../core/digit-samples.js';
import type {CarriedOver, PseudoLabelSelection} from '../core/pseudo-labels.js';
import type {Random} from '../core/random.js';
import type {RunName, WorkerEvent} from '../protocol/messages.js';
import type {RuleSignals} from './online-rule.js';

export class OnlineEpochStats {
	seen = 0;
	used = 0;
	correct = 0;
	predictSeconds = 0;
	augmentSeconds = 0;
	augmented = 0;
	readonly perClassUsed: number[];
	readonly perClassCorrect: number[];

	constructor(private readonly classes: number) {
		this.perClassUsed = new Array<number>(classes).fill(0);
		this.perClassCorrect = new Array<number>(classes).fill(0);
	}

	/** Starts a new epoch-equivalent. */
	reset(): void {
		this.seen = 0;
		this.used = 0;
		this.correct = 0;
		this.predictSeconds = 0;
		this.augmentSeconds = 0;
		this.augmented = 0;
		this.perClassUsed.fill(0);
		this.perClassCorrect.fill(0);
	}

	/** Adds the time since `started` (a performance.now()) spent augmenting `images` images. */
	augmentedSince(started: number, images: number): void {
		this.augmentSeconds += (performance.now() - started) / 1000;
		this.augmented += images;
	}

	/** Adds the time since `started` spent predicting. */
	predictedSince(started: number): void {
		this.predictSeconds += (performance.now() - started) / 1000;
	}

	addStep(decision: ConfidenceMask): void {
		this.seen += decision.mask.length;
		this.used += decision.used;
		this.correct += decision.correct;
		for (let c = 0; c < this.classes; c++) {
			this.perClassUsed[c]! += decision.perClassUsed[c] ?? 0;
			this.perClassCorrect[c]! += decision.perClassCorrect[c] ?? 0;
		}
	}

	/**
	 * The epoch-equivalent's `pseudo-labels` event (kind 'online'): `pool` counts the unlabeled images seen;
	 * `carriedOver`, what became of earlier wrong pseudo-labels drawn again this epoch (core/wrong-memory.ts).
	 */
	event(run: RunName, round: number, signals: RuleSignals, samples: ReturnType<typeof pickDigitSamples>, carriedOver?: CarriedOver): WorkerEvent {
		const {seen, used} = this;
		return {
			type: 'pseudo-labels',
			run,
			kind: 'online',
			round,
			pool: seen,
			accepted: used,
			acceptanceRate: seen === 0 ? 0 : used / seen,
			precision: used === 0 ? Number.NaN : this.correct / used,
			perClassAccepted: [...this.perClassUsed],
			perClassCorrect: [...this.perClassCorrect],
			threshold: signals.threshold,
			samples,
			predictPerSec: seen / Math.max(this.predictSeconds, 1e-6),
			augmentPerSec: this.augmented / Math.max(this.augmentSeconds, 1e-6),
			...(carriedOver === undefined || carriedOver.wrongBefore === 0 ? {} : {carriedOver}),
			...(signals.alpha === undefined ? {} : {alpha: signals.alpha}),
			...(signals.classThresholds === undefined ? {} : {classThresholds: [...signals.classThresholds]}),
			...(signals.extra === undefined ? {} : {signals: signals.extra.map(signal => ({...signal}))}),
		};
	}
}

/** The last `capacity` steps' unlabeled batches (rows, truth, decision), oldest first, in buffers made once. */
export class RecentBatches {
	private readonly rows: Int32Array[];
	private readonly truth: Uint8Array[];
	private readonly decisions: Array<ConfidenceMask | undefined>;
	private next = 0;
	private count = 0;

	constructor(private readonly capacity: number, batchSize: number) {
		this.rows = Array.from({length: capacity}, () => new Int32Array(batchSize));
		this.truth = Array.from({length: capacity}, () => new Uint8Array(batchSize));
		this.decisions = new Array<ConfidenceMask | undefined>(capacity).fill(undefined);
	}

	clear(): void {
		this.next = 0;
		this.count = 0;
	}

	push(rows: Int32Array, truth: Uint8Array, decision: ConfidenceMask): void {
		this.rows[this.next]!.set(rows);
		this.truth[this.next]!.set(truth);
		this.decisions[this.next] = decision;
		this.next = (this.next + 1) % this.capacity;
		this.count = Math.min(this.count + 1, this.capacity);
	}

	/** Digit samples from the kept batches: used and right, confidently wrong, rejected. */
	samples(images: Uint8Array, pixels: number, count: number, random: Random): ReturnType<typeof pickDigitSamples> {
		const slots = Array.from({length: this.count}, (_, k) => (this.next - this.count + k + this.capacity) % this.capacity);
		const n = slots.reduce((sum, slot) => sum + this.rows[slot]!.length, 0);
		const rows = new Int32Array(n);
		const truth = new Uint8Array(n);
		const predicted = new Uint8Array(n);
		const confidence = new Float32Array(n);
		const accepted: number[] = [];
		let at = 0;
		for (const slot of slots) {
			const decision = this.decisions[slot]!;
			rows.set(this.rows[slot]!, at);
			truth.set(this.truth[slot]!, at);
			predicted.set(decision.pseudoLabels, at);
			confidence.set(decision.confidence, at);
			for (let i = 0; i < decision.mask.length; i++) {
				if (decision.mask[i]) accepted.push(at + i);
			}

			at += decision.mask.length;
		}

		// pickDigitSamples reads only which positions were used, their labels and confidences.
		const selection: PseudoLabelSelection = {
			accepted: Int32Array.from(accepted),
			labels: Uint8Array.from(accepted, position => predicted[position]!),
			confidence,
			predicted,
			acceptanceRate: n === 0 ? 0 : accepted.length / n,
			precision: Number.NaN,
			perClassAccepted: [],
			perClassCorrect: [],
			perClassTopConfusion: [],
		};
		return pickDigitSamples(selection, images, rows, truth, count, random, pixels);
	}
}
