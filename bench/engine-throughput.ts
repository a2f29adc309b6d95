/**
 * Engine throughput on real MNIST: training samples/s at batch 32 and 128 and prediction images/s, measured in
 * 1 or more worker threads at once (2 = the race). Used by bench.ts.
 *
 * Each worker measures its variants in turn, round after round (direct engine, tfjs-ops engine, direct engine with a
 * helper thread), and reports the median of the rounds: on a shared VM the speed drifts by a third from one minute to
 * the next, and only interleaved rounds compare the variants fairly.
 */
import {Worker, isMainThread, parentPort, workerData} from 'node:worker_threads';
import {initBackend, type BackendRequest} from '../source/engine/backend.js';
import {createMlp, type Mlp} from '../source/engine/mlp.js';
import {startOrtEngine, type OrtEngine} from '../source/engine/ort-engine.js';
import {createTeam, type Team} from '../source/engine/team.js';
import {protocolVersion, type HelperStart} from '../source/protocol/messages.js';
import {createTeamBuffer, helperState, teamState, type TeamMemory} from '../source/protocol/team-buffer.js';
import {workerScriptPath} from '../source/race/worker-script.js';
import {yieldToInterface} from '../source/worker/thread-priority.js';
import {loadDataset} from '../source/data/load-dataset.js';
import {hundredths, median} from './stats.js';

/**
 * `native` / `native2`: the opt-in native engine (engine/ort-engine.ts; onnxruntime-node beside the tool or named by
 * PSEUDOLABEL_ORT) with one and two ORT threads.
 */
export type Variant = 'direct' | 'tfjs' | 'helped' | 'native' | 'native2';

/** What one worker measured for one variant: medians over the rounds. */
export interface EngineThroughput {
	trainPerSec: Record<number, number>;
	/**
	 * Median over the rounds of this variant's samples/s over the direct engine's in the same round (when both ran):
	 * steadier than a ratio of medians on a VM whose speed drifts from minute to minute.
	 */
	overDirect?: Record<number, number>;
	/** The lowest and highest of those rounds' ratios: how far this host moved them while the bench ran. */
	overDirectRange?: Record<number, [low: number, high: number]>;
	predictPerSec: number;
}

export type WorkerThroughput = {backend: string} & Partial<Record<Variant, EngineThroughput>>;

const trainImagesPerRound = 3200;

interface BenchWorkerData {
	engineBench: true;
	backend: BackendRequest;
	seed: number;
	variants: Variant[];
	rounds: number;
	team?: TeamMemory;
	/** Helper threads on the team (variant `helped`). */
	helpers: number;
}

async function measure({backend: backendRequest, seed, variants, rounds, team, helpers}: BenchWorkerData): Promise<WorkerThroughput> {
	// As a race's training thread does (its helpers do too): the same priority for both members of a team.
	yieldToInterface();
	const backend = await initBackend(backendRequest);
	if (team) {
		for (let slot = 1; slot <= helpers; slot++) {
			while (helperState(team, slot) !== teamState.ready) await new Promise(resolve => setTimeout(resolve, 10));
		}
	}

	const dataset = await loadDataset();
	const images = new Uint8Array(dataset.trainImages);
	const labels = new Uint8Array(dataset.trainLabels);
	const testImages = new Uint8Array(dataset.testImages);
	const testRows = Int32Array.from({length: dataset.testCount}, (_, i) => i);
	const order = Int32Array.from({length: trainImagesPerRound}, (_, i) => (i * 7919 + seed) % dataset.trainCount);
	const models = new Map<Variant, Mlp>();
	const shared = team ? createTeam(team) : undefined;
	// Each native variant's engine: its steps' forward and backward passes on ORT, with 1 or 2 threads.
	const natives = new Map<Variant, OrtEngine>();
	for (const variant of variants) {
		if (variant === 'native' || variant === 'native2') natives.set(variant, await startOrtEngine({threads: variant === 'native' ? 1 : 2}));
	}

	const teamOf = (variant: Variant): Team | undefined => (variant === 'helped' ? shared : natives.get(variant)?.team);
	for (const variant of variants) {
		// A helped model is made with the team, so its steps go to the helper; a native one with its ORT engine.
		models.set(variant, createMlp({seed, learningRate: 0.001, engine: variant === 'tfjs' ? 'tfjs' : 'direct', team: teamOf(variant)}));
	}

	const samples = new Map<string, number[]>();
	const record = (key: string, value: number) => samples.set(key, [...(samples.get(key) ?? []), value]);
	try {
		for (let round = 0; round <= rounds; round++) {
			for (const variant of variants) {
				const mlp = models.get(variant)!;
				for (const batchSize of [32, 128]) {
					const started = performance.now();
					mlp.trainEpoch(images, labels, round === 0 ? order.subarray(0, batchSize * 20) : order, batchSize);
					// Round 0 is the warm-up: V8 and XNNPACK settle before anything counts.
					if (round > 0) record(`${variant} ${batchSize}`, order.length / ((performance.now() - started) / 1000));
				}

				const started = performance.now();
				mlp.predict(testImages, round === 0 ? testRows.subarray(0, 2048) : testRows);
				if (round > 0) record(`${variant} predict`, testRows.length / ((performance.now() - started) / 1000));
			}
		}
	} finally {
		for (const mlp of models.values()) mlp.dispose();
		for (const engine of natives.values()) engine.dispose();
	}

	const result: WorkerThroughput = {backend};
	const roundRatios = (variant: Variant, batch: number) => {
		const direct = samples.get(`direct ${batch}`)!;
		return samples.get(`${variant} ${batch}`)!.map((value, round) => value / direct[round]!);
	};
	const overDirect = (variant: Variant, batch: number) => hundredths(median(roundRatios(variant, batch)));
	const overDirectRange = (variant: Variant, batch: number): [number, number] => {
		const ratios = roundRatios(variant, batch);
		return [hundredths(Math.min(...ratios)), hundredths(Math.max(...ratios))];
	};

	for (const variant of variants) {
		result[variant] = {
			trainPerSec: {32: Math.round(median(samples.get(`${variant} 32`)!)), 128: Math.round(median(samples.get(`${variant} 128`)!))},
			...(variants.includes('direct')
				? {
					overDirect: {32: overDirect(variant, 32), 128: overDirect(variant, 128)},
					overDirectRange: {32: overDirectRange(variant, 32), 128: overDirectRange(variant, 128)},
				}
				: {}),
			predictPerSec: Math.round(median(samples.get(`${variant} predict`)!)),
		};
	}

	return result;
}

/** The product's helper thread (worker/helper-worker.ts) in member slot `slot` of `team`, with no images of its own. */
export function startHelperThread(team: TeamMemory, slot: number): Worker {
	const helper = new Worker(workerScriptPath('helper-worker'));
	helper.postMessage({type: 'helper-start', protocol: protocolVersion, team, slot, images: []} satisfies HelperStart);
	return helper;
}

/**
 * Runs `workers` worker threads at once (2 = the race), each measuring `variants` in turn for `rounds` rounds; a
 * helper thread per worker is started when a variant is `helped` (it waits, using no core, while others run).
 */
export async function measureEngineThroughput(
	workers: number,
	backend: BackendRequest,
	variants: Variant[],
	rounds = 5,
	helpers = 1,
): Promise<WorkerThroughput[]> {
	return Promise.all(
		Array.from(
			{length: workers},
			async (_, index) =>
				new Promise<WorkerThroughput>((resolve, reject) => {
					const team = variants.includes('helped') ? createTeamBuffer() : undefined;
					const threads = team ? Array.from({length: helpers}, (_, i) => startHelperThread(team, i + 1)) : [];
					const data: BenchWorkerData = {engineBench: true, backend, seed: index + 1, variants, rounds, team, helpers};
					const worker = new Worker(new URL(import.meta.url), {workerData: data});
					worker.once('message', result => {
						resolve(result as WorkerThroughput);
						void worker.terminate();
						for (const helper of threads) void helper.terminate();
					});
					worker.once('error', reject);
				}),
		),
	);
}

if (!isMainThread && (workerData as {engineBench?: boolean} | undefined)?.engineBench) {
	parentPort!.postMessage(await measure(workerData as BenchWorkerData));
}
