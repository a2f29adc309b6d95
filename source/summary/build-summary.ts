/** Race state → run summary: the numbers worth keeping once the race is over (or stopped). */
import {randomBytes} from 'node:crypto';
import {raceSeconds, type ContenderState, type RaceState} from '../race/race-state.js';
import {summaryFormatVersion, type ContenderRecord, type DeterminedBy, type RunEnvironment, type RunSummary} from './run-summary.js';
import {summaryName} from './summary-name.js';

export interface SummaryMeta {
	/** The race was stopped before every contender finished. */
	partial: boolean;
	presetName: string;
	environment: RunEnvironment;
	now: Date;
	/** Six hex digits; random when absent. */
	id?: string;
	/** The race's own flags as a sweep of it takes them (parse-args.ts `sweepFlags`): `runs show`'s hint needs them. */
	sweepFlags?: readonly string[];
}

/** A fresh random summary id: six hex digits. */
export function newSummaryId(): string {
	return randomBytes(3).toString('hex');
}

function finiteOrNull(value: number | undefined): number | null {
	return value === undefined || !Number.isFinite(value) ? null : value;
}

function contenderRecord(run: ContenderState): ContenderRecord {
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
		id: run.id,
		name: run.name,
		method: run.method,
		status: run.life.status,
		config: run.config ?? {},
		plannedEpochs: run.plannedEpochs,
		epochs,
		rounds: run.rounds.map(({samples: _samples, ...round}) => ({...round, precision: finiteOrNull(round.precision)})),
		finalAccuracy: finiteOrNull(finalAccuracy),
		wallSeconds: finiteOrNull(run.wallSeconds),
		samplesTrained: finiteOrNull(run.samplesTrained),
		samplesPerSec: finiteOrNull(measured ?? perEpoch),
		...(run.error === undefined ? {} : {error: run.error}),
	};
}

function wallSecondsOf(state: RaceState, now: Date): number {
	return raceSeconds(state, now.getTime()) ?? Math.max(0, ...state.contenders.map(contender => contender.wallSeconds ?? 0));
}

/** What besides the settings fixes the numbers; `unknown` for what the race has not told (yet). */
function determinedBy(state: RaceState, environment: RunEnvironment): DeterminedBy {
	const engines = [...new Set(state.contenders.flatMap(contender => (contender.engine === undefined ? [] : [contender.engine])))].sort();
	return {
		dataset: state.dataset?.fingerprint ?? 'unknown',
		engine: engines.length === 0 ? 'unknown' : engines.join('+'),
		backend: state.backend ?? environment.backend,
		version: environment.version ?? 'unknown',
	};
}

/** The summary of a race that has started (it needs the race's config and dataset). */
export function buildSummary(state: RaceState, meta: SummaryMeta): RunSummary {
	if (state.race === undefined || state.dataset === undefined) {
		throw new Error('cannot summarise a race that has not started');
	}

	const id = meta.id ?? newSummaryId();
	// Real data's labeled set is every labeled sample it has; --labeled is not used there. Recorded as the flag said,
	// reports and comparisons showed a count no contender trained with ("labeled: 1000 · 200" for two 200-label races).
	const real = state.dataset.info?.mode === 'real';
	const labeled = <T extends object>(config: T): T => (real && 'labeled' in config ? {...config, labeled: state.dataset!.labeled} : config);
	// The fingerprint is kept under determinedBy.
	const {fingerprint: _fingerprint, ...dataset} = state.dataset;
	return {
		formatVersion: summaryFormatVersion,
		id,
		name: summaryName(meta.now, meta.presetName, id),
		createdAt: meta.now.toISOString(),
		preset: meta.presetName,
		partial: meta.partial,
		race: labeled(state.race),
		totalEpochs: state.totalEpochs,
		...(state.cores === undefined ? {} : {cores: state.cores}),
		environment: meta.environment,
		dataset,
		contenders: state.contenders.map(contenderRecord).map(record => ({...record, config: labeled(record.config)})),
		wallSeconds: wallSecondsOf(state, meta.now),
		determinedBy: determinedBy(state, meta.environment),
		...(meta.sweepFlags === undefined || meta.sweepFlags.length === 0 ? {} : {sweepFlags: [...meta.sweepFlags]}),
	};
}
