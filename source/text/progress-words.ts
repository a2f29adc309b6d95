/**
 * The one progress vocabulary every screen uses (header, panels, tiles, chart caption, headless lines): a contender's
 * progress is its phase plus "epoch e of E" on the chart's own epoch count, rounds are "round k of R", and the gap
 * is always "pts vs supervised's best so far" (core/gap.ts). Pure words from the race state, so every place says the same.
 */
import type {MethodKind} from '../methods/method.js';
import type {RunConfig} from '../config/run-config.js';
import type {ContenderState, RoundStats} from '../race/race-state.js';

/** What one gap means, said once wherever a gap is shown (core/gap.ts: supervised's best up to the same epoch). */
export const gapMeaning = "vs supervised's best so far";

/** "round 1 of 3" (or "round 1" when the plan is unknown). */
export function roundName(round: number, rounds: number | undefined): string {
	return rounds === undefined || round > rounds ? `round ${round}` : `round ${round} of ${rounds}`;
}

/** "epoch 12 of 25" on the chart's count (or "epoch 12" when the plan is unknown). */
export function epochName(epoch: number, planned: number | undefined): string {
	return planned === undefined || planned <= 0 ? `epoch ${epoch}` : `epoch ${epoch} of ${planned}`;
}

/**
 * The chart epoch a pseudo-label record belongs to. An online record counts its online epochs from 1 after the
 * warm-up; the chart counts from the race's first epoch, so the warm-up is added (taken from the epoch points when
 * they are there, which also covers a plan whose warm-up is unknown). An offline round's first retraining epoch.
 */
export function chartEpochOf(
	round: Pick<RoundStats, 'kind' | 'round'>,
	contender: {epochs: ReadonlyArray<Pick<ContenderState['epochs'][number], 'phase' | 'round' | 'epoch'>>; config?: object},
): number {
	const phase = round.kind === 'online' ? 'training' : 'retraining';
	const point = contender.epochs.find(item => item.phase === phase && item.round === round.round);
	if (point !== undefined) return point.epoch;
	// A saved summary's config is a looser record than RunConfig: its numbers are read where they are numbers.
	const setting = (name: 'warmupEpochs' | 'epochsPerRound') => {
		const value = (contender.config as Partial<Record<string, unknown>> | undefined)?.[name];
		return typeof value === 'number' ? value : 0;
	};

	const warmup = setting('warmupEpochs');
	if (round.kind === 'online') return warmup + round.round;
	return warmup + (round.round - 1) * setting('epochsPerRound') + 1;
}

/** The chart epochs an offline round trains on: [first, last]. */
export function roundEpochRange(round: number, config: Pick<RunConfig, 'warmupEpochs' | 'epochsPerRound'>): [number, number] {
	const first = config.warmupEpochs + (round - 1) * config.epochsPerRound + 1;
	return [first, first + config.epochsPerRound - 1];
}

/** Why a contender plans its epoch count, in one short phrase: "15 warm-up + 1 round × 15", "as long as the longest". */
export function planPhrase(kind: MethodKind, config: RunConfig | undefined): string | undefined {
	if (config === undefined) return undefined;
	if (kind === 'baseline') return 'as long as the longest';
	if (kind === 'online') return `${config.warmupEpochs} warm-up + ${config.onlineEpochs} online`;
	return `${config.warmupEpochs} warm-up + ${config.rounds} round${config.rounds === 1 ? '' : 's'} × ${config.epochsPerRound}`;
}

/** "25 epochs: 10 warm-up + 15 online": a contender's planned count and why, where the counts show. */
export function planText(kind: MethodKind, contender: Pick<ContenderState, 'plannedEpochs' | 'config'>): string | undefined {
	const why = planPhrase(kind, contender.config);
	if (why === undefined || contender.plannedEpochs <= 0) return undefined;
	return `${contender.plannedEpochs} epochs: ${why}`;
}

/**
 * The phase in the shared words: "warm-up", "round 1 of 3, labeling", "round 1 of 3", "online" (an online method
 * past its warm-up), "training" (a baseline); `short` gives "warm", "r1 label" ("label" for a single round), "r1",
 * "online", "train".
 */
export function phaseWords(contender: Pick<ContenderState, 'phase' | 'round' | 'config'>, kind: MethodKind, short = false): string {
	const {phase, round} = contender;
	const rounds = contender.config?.rounds;
	switch (phase) {
		case 'warm-up': {
			return short ? 'warm' : 'warm-up';
		}

		case 'labeling': {
			// A single round needs no number to tell it from the others.
			if (short) return rounds === 1 ? 'label' : `r${round} label`;
			return `${roundName(round, rounds)}, labeling`;
		}

		case 'retraining': {
			return short ? `r${round}` : roundName(round, rounds);
		}

		case 'training': {
			if (kind === 'online') return 'online';
			return short ? 'train' : 'training';
		}

		default: {
			return phase;
		}
	}
}

/**
 * Epochs a contender has finished: the chart's last point, and the epoch every other place names (the panel's and
 * the tiles' latest record, the caption's gap). The epoch still training is not counted, so the header never runs
 * one ahead of the panel ("13/25" beside "epoch 12 of 25").
 */
export function epochsDone(contender: Pick<ContenderState, 'epochs'>): number {
	return contender.epochs.length;
}

/** "warm-up, 3 of 25 epochs": phase and finished chart epochs together, as the header's longest form says it. */
export function progressText(contender: ContenderState, kind: MethodKind): string {
	const phase = phaseWords(contender, kind);
	const done = epochsDone(contender);
	return done > 0 ? `${phase}, ${done} of ${contender.plannedEpochs} epochs` : phase;
}

/** True while the contender has not trained on any pseudo-label yet: its gap is not a verdict on its method. */
export function warmingUpAt(contender: Pick<ContenderState, 'epochs'>, epoch: number): boolean {
	const point = contender.epochs[epoch - 1];
	return point === undefined || point.phase === 'warm-up';
}
