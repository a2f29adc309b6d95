/**
 * One contender over the races of a cell: its final accuracy's mean, sd and range, the gap to the supervised contender
 * paired seed by seed, the last pseudo-label round's rates, and the mean accuracy curve by epoch. Pure.
 */
import {sampleSd, spread, type Spread} from './stats.js';
import {supervisedOf, type ContenderRecord, type TrialSummary} from './summary-schema.js';

/** Paired differences contender − supervised (accuracy fractions) over the seeds where both finished. */
export interface GapStats extends Spread {
	/** Seeds whose difference has the mean difference's sign. */
	sameSign: number;
}

export interface CurvePoint {
	epoch: number;
	mean: number;
	sd: number | null;
	n: number;
}

export interface ContenderStats {
	id: string;
	name: string;
	method: string;
	/** Complete races of this cell that include this contender. */
	trials: number;
	/** Final test accuracy over the races where it has one. */
	final: Spread | null;
	/** Seeds with a final accuracy, in ascending order. */
	seeds: number[];
	/** Races where the contender is present without a final accuracy (it failed). */
	failed: number;
	/** Races of the cell without this contender. */
	missing: number;
	/** Versus the supervised contender; null for the supervised contender itself or without any pair. */
	gap: GapStats | null;
	/** The last pseudo-label round: acceptance rate (share used, for online methods) and precision. */
	lastRound: {kind: 'round' | 'online'; rate: Spread | null; precision: Spread | null} | null;
	/** Mean test accuracy per epoch over the races, aligned by epoch number. */
	curve: CurvePoint[];
	wallSeconds: Spread | null;
}

/** Every contender of the races, in the order first seen. */
export function contenderOrder(summaries: TrialSummary[]): Array<{id: string; name: string; method: string}> {
	const seen = new Map<string, {id: string; name: string; method: string}>();
	for (const summary of summaries) {
		for (const contender of summary.contenders) {
			if (!seen.has(contender.id)) seen.set(contender.id, {id: contender.id, name: contender.name, method: contender.method});
		}
	}

	return [...seen.values()];
}

function lastRoundOf(contender: ContenderRecord) {
	return contender.rounds.length === 0
		? undefined
		: contender.rounds.reduce((last, round) => (round.round >= last.round ? round : last));
}

function curveOf(contenders: ContenderRecord[]): CurvePoint[] {
	const byEpoch = new Map<number, number[]>();
	for (const contender of contenders) {
		for (const point of contender.epochs) {
			if (!Number.isFinite(point.testAccuracy)) continue;
			const list = byEpoch.get(point.epoch) ?? [];
			list.push(point.testAccuracy);
			byEpoch.set(point.epoch, list);
		}
	}

	return [...byEpoch.entries()]
		.sort(([a], [b]) => a - b)
		.map(([epoch, values]) => ({epoch, mean: spread(values)!.mean, sd: sampleSd(values), n: values.length}));
}

function gapOf(pairs: number[]): GapStats | null {
	const stats = spread(pairs);
	if (stats === null) return null;
	const sign = Math.sign(stats.mean);
	return {...stats, sameSign: pairs.filter(difference => Math.sign(difference) === sign).length};
}

/** The statistics of one contender over a cell's races (one per seed). */
export function contenderStats(
	entry: {id: string; name: string; method: string},
	summaries: TrialSummary[],
	supervisedId: string | null,
): ContenderStats {
	const present = summaries.flatMap(summary => {
		const contender = summary.contenders.find(candidate => candidate.id === entry.id);
		return contender ? [{summary, contender}] : [];
	});
	const finished = present.filter(({contender}) => contender.finalAccuracy !== null && Number.isFinite(contender.finalAccuracy));
	const pairs: number[] = [];
	if (entry.id !== supervisedId) {
		for (const {summary, contender} of finished) {
			const supervised = supervisedOf(summary);
			if (supervised && supervised.id !== entry.id && supervised.finalAccuracy !== null) {
				pairs.push(contender.finalAccuracy! - supervised.finalAccuracy);
			}
		}
	}

	const lastRounds = present.flatMap(({contender}) => {
		const last = lastRoundOf(contender);
		return last ? [last] : [];
	});
	return {
		...entry,
		trials: present.length,
		final: spread(finished.map(({contender}) => contender.finalAccuracy)),
		seeds: finished.flatMap(({summary}) => (summary.seed === null ? [] : [summary.seed])).sort((a, b) => a - b),
		failed: present.length - finished.length,
		missing: summaries.length - present.length,
		gap: gapOf(pairs),
		lastRound:
			lastRounds.length === 0
				? null
				: {
						kind: lastRounds.every(round => round.kind === 'online') ? 'online' : 'round',
						rate: spread(lastRounds.map(round => round.acceptanceRate)),
						precision: spread(lastRounds.map(round => round.precision)),
					},
		curve: curveOf(finished.map(({contender}) => contender)),
		wallSeconds: spread(present.map(({contender}) => contender.wallSeconds)),
	};
}
