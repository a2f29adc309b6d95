/** A race built the way the app builds it: a preset's contenders resolved, events through the real reducer, a fake clock. */
import {resolveRace, type ContenderEntry, type ContenderPlan, type KnobPatch} from '../../source/config/contenders.js';
import {methodInfo} from '../../source/config/methods.js';
import {loadPreset, presetPlan} from '../../source/config/presets.js';
import type {RaceEvent} from '../../source/race/race-events.js';
import {createRaceState, reduceRace, type RaceState} from '../../source/race/race-state.js';

export interface FixtureOptions {
	/** A built-in preset to race (its contenders and shared values); `tutorial` when neither this nor `contenders`. */
	preset?: string;
	/** Contenders to race instead of a preset's, with `shared` values for all of them. */
	contenders?: ContenderEntry[];
	/** Shared values; without `contenders` they make a preset without a contender list (supervised and semi). */
	shared?: KnobPatch;
	/** Stop after this many epochs of each contender (a partial race). */
	stopAfter?: number;
	/** Contender ids that crash after `stopAfter` epochs (or their second epoch) while the others finish. */
	crash?: string[];
	startedAt?: number;
}

/** Four contenders, one of each kind worth reporting: baseline, offline rounds, online with α, online with τ per class. */
export const fourContenders: ContenderEntry[] = [
	{id: 'supervised', name: 'supervised', method: 'supervised', patch: {}},
	{id: 'semi', name: 'self-training', method: 'pseudo-label', patch: {}},
	{id: 'lee', name: 'Lee 2013', method: 'lee2013', patch: {}},
	{id: 'flex', name: 'FlexMatch', method: 'flexmatch', patch: {}},
];

/** Small numbers so four contenders stay quick: 5 warm-up, 2 rounds of 4, 8 online epochs. */
export const fourShared: KnobPatch = {warmupEpochs: 5, rounds: 2, epochsPerRound: 4, onlineEpochs: 8};

/** Accuracy after `epoch`: rises towards a ceiling; pseudo-labelers pull ahead after warm-up, later ones faster. */
export function fixtureAccuracy(plan: ContenderPlan, index: number, epoch: number): number {
	const base = 0.8 + 0.09 * (1 - Math.exp(-epoch / 4));
	const after = epoch - plan.config.warmupEpochs;
	return plan.method === 'supervised' || after <= 0 ? base : Math.min(0.995, base + (0.003 + 0.001 * index) * after);
}

function planOf(options: FixtureOptions) {
	if (options.contenders !== undefined || options.shared !== undefined) return resolveRace(options.shared ?? {}, options.contenders);
	return presetPlan(loadPreset(options.preset ?? 'tutorial'));
}

/** Every event of the race, in the order the orchestrator would emit them. */
export function raceEvents(options: FixtureOptions = {}): RaceEvent[] {
	const plan = planOf(options);
	const preset = options.preset ?? (options.contenders === undefined ? 'tutorial' : 'custom');
	const crashing = new Set(options.crash ?? []);
	const stopAt = options.stopAfter ?? (crashing.size > 0 ? 2 : undefined);
	const lastOf = (contender: ContenderPlan) =>
		options.stopAfter !== undefined || crashing.has(contender.id) ? Math.min(contender.epochs, stopAt!) : contender.epochs;
	const {labeled} = plan.race;
	const pool = 60_000 - labeled;
	const semi = plan.contenders.find(contender => contender.id === 'semi') ?? plan.contenders[0]!;
	const events: RaceEvent[] = [
		{
			type: 'start',
			backend: 'wasm',
			preset,
			dataset: {name: 'MNIST', train: 60_000, test: 10_000, labeled, unlabeled: pool},
			race: plan.race,
			contenders: plan.contenders.map(({id, name, method, epochs, config}) => ({id, name, method, epochs, config})),
			epochs: plan.epochs,
			cores: 2,
			config: semi.config,
		},
		...plan.contenders.map(contender => ({type: 'ready', run: contender.id, backend: 'wasm'}) as const),
	];

	const pseudoLabels = (contender: ContenderPlan, round: number, online: boolean): RaceEvent => {
		const accepted = Math.round(pool * (online ? 0.4 + 0.03 * round : 0.8 + 0.02 * round));
		return {
			type: 'pseudo-labels',
			run: contender.id,
			...(online ? {kind: 'online' as const} : {kind: 'round' as const}),
			round,
			pool,
			accepted,
			acceptanceRate: accepted / pool,
			precision: 0.97 + 0.002 * round,
			perClassAccepted: Array.from({length: 10}, () => Math.round(accepted / 10)),
			perClassCorrect: Array.from({length: 10}, () => Math.round((accepted / 10) * 0.97)),
			threshold: contender.config.threshold,
			...(contender.method === 'lee2013' ? {alpha: Math.min(contender.config.alphaFinal, 0.5 * round)} : {}),
			...(contender.method === 'flexmatch' ? {classThresholds: Array.from({length: 10}, (_, digit) => 0.5 + 0.04 * digit)} : {}),
			samples: [{pixels: Array.from({length: 784}, () => 0), pseudoLabel: 3, confidence: 0.93, trueLabel: 3, accepted: true}],
			predictPerSec: 50_000,
			augmentPerSec: 20_000,
		};
	};

	for (let epoch = 1; epoch <= plan.epochs; epoch++) {
		for (const [index, contender] of plan.contenders.entries()) {
			if (epoch > lastOf(contender)) continue;
			const {warmupEpochs, epochsPerRound} = contender.config;
			const kind = methodInfo[contender.method].kind;
			const after = epoch - warmupEpochs;
			const round = kind === 'offline' && after > 0 ? Math.ceil(after / epochsPerRound) : kind === 'online' && after > 0 ? after : 0;
			if (kind === 'offline' && after > 0 && (after - 1) % epochsPerRound === 0) {
				events.push(pseudoLabels(contender, round, false));
			}

			events.push(
				{type: 'progress', run: contender.id, epoch, fraction: 0.5, samplesPerSec: 9000},
				{
					type: 'epoch',
					run: contender.id,
					epoch,
					phase: kind === 'baseline' ? 'training' : after <= 0 ? 'warm-up' : kind === 'online' ? 'training' : 'retraining',
					round,
					testAccuracy: fixtureAccuracy(contender, index, epoch),
					loss: 1 / epoch,
					samplesPerSec: kind === 'baseline' ? 10_000 : 8000,
					trainSize: labeled,
					seconds: 0.5,
				},
			);
			if (kind === 'online' && after > 0) {
				events.push(pseudoLabels(contender, round, true));
			}
		}
	}

	for (const id of crashing) {
		events.push({type: 'error', run: id, message: `RangeError: out of memory in ${id}`});
	}

	if (options.stopAfter !== undefined) return events;
	const finals = new Map<string, number>();
	for (const [index, contender] of plan.contenders.entries()) {
		if (crashing.has(contender.id)) continue;
		finals.set(contender.id, fixtureAccuracy(contender, index, contender.epochs));
		events.push({
			type: 'run-done',
			run: contender.id,
			testAccuracy: finals.get(contender.id)!,
			wallSeconds: contender.epochs * 0.5,
			samplesTrained: contender.epochs * 5000,
		});
	}

	const results = Object.fromEntries(
		plan.contenders.map(contender => [
			contender.id,
			{testAccuracy: finals.get(contender.id) ?? Number.NaN, status: crashing.has(contender.id) ? ('failed' as const) : ('done' as const)},
		]),
	);
	events.push({
		type: 'done',
		results,
		...(finals.has('supervised') ? {supervised: {testAccuracy: finals.get('supervised')!}} : {}),
		...(finals.has('semi') ? {semi: {testAccuracy: finals.get('semi')!}} : {}),
		wallSeconds: plan.epochs * 0.5 + 1,
	});
	return events;
}

/** The state after all of `raceEvents(options)`, one simulated second per event. */
export function raceState(options: FixtureOptions = {}): RaceState {
	const startedAt = options.startedAt ?? Date.UTC(2026, 10, 24, 12, 0, 0);
	return raceEvents(options).reduce(
		(state, event, index) => reduceRace(state, event, startedAt + index * 1000),
		createRaceState(),
	);
}
