/** Race state → run summary: the numbers worth keeping once the race is over (or stopped). */
import {randomBytes} from 'node:crypto';
import type {RaceState, RunState} from '../race/race-state.js';
import {summaryFormatVersion, type RunEnvironment, type RunRecord, type RunSummary} from './run-summary.js';
import {summaryName} from './summary-name.js';

export interface SummaryMeta {
	/** The race was stopped before both runs finished. */
	partial: boolean;
	presetName: string;
	environment: RunEnvironment;
	now: Date;
	/** Six hex digits; random when absent. */
	id?: string;
}

/** A fresh random summary id: six hex digits. */
export function newSummaryId(): string {
	return randomBytes(3).toString('hex');
}

function finiteOrNull(value: number | undefined): number | null {
	return value === undefined || !Number.isFinite(value) ? null : value;
}

function runRecord(run: RunState): RunRecord {
	const epochs = run.epochs.map(point => ({...point, loss: finiteOrNull(point.loss)}));
	const finalAccuracy = run.finalAccuracy ?? run.epochs.at(-1)?.testAccuracy;
	// A finished run knows its own totals; a stopped one only has what each epoch reported.
	const measured =
		run.samplesTrained !== undefined && run.wallSeconds !== undefined && run.wallSeconds > 0
			? run.samplesTrained / run.wallSeconds
			: undefined;
	const perEpoch =
		epochs.length === 0 ? undefined : epochs.reduce((sum, point) => sum + point.samplesPerSec, 0) / epochs.length;
	return {
		epochs,
		finalAccuracy: finiteOrNull(finalAccuracy),
		wallSeconds: finiteOrNull(run.wallSeconds),
		samplesTrained: finiteOrNull(run.samplesTrained),
		samplesPerSec: finiteOrNull(measured ?? perEpoch),
		...(run.error === undefined ? {} : {error: run.error}),
	};
}

function raceSeconds(state: RaceState, now: Date): number {
	if (state.wallSeconds !== undefined) {
		return state.wallSeconds;
	}

	if (state.startedAt !== undefined) {
		return Math.max(0, (now.getTime() - state.startedAt) / 1000);
	}

	return Math.max(state.supervised.wallSeconds ?? 0, state.semi.wallSeconds ?? 0);
}

/** The summary of a race that has started (it needs the race's config and dataset). */
export function buildSummary(state: RaceState, meta: SummaryMeta): RunSummary {
	if (state.config === undefined || state.dataset === undefined) {
		throw new Error('cannot summarise a race that has not started');
	}

	const id = meta.id ?? newSummaryId();
	return {
		formatVersion: summaryFormatVersion,
		id,
		name: summaryName(meta.now, meta.presetName, id),
		createdAt: meta.now.toISOString(),
		preset: meta.presetName,
		partial: meta.partial,
		config: state.config,
		totalEpochs: state.totalEpochs,
		environment: meta.environment,
		dataset: state.dataset,
		runs: {supervised: runRecord(state.supervised), semi: runRecord(state.semi)},
		rounds: state.rounds.map(({samples: _samples, ...round}) => ({...round, precision: finiteOrNull(round.precision)})),
		wallSeconds: raceSeconds(state, meta.now),
	};
}
