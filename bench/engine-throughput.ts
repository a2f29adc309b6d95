/**
 * Engine throughput on real MNIST: training samples/s at batch 32 and 128 and prediction images/s, measured in
 * 1 or more worker threads at once (2 = the race). Used by bench.ts.
 */
import {Worker, isMainThread, parentPort, workerData} from 'node:worker_threads';
import {initBackend, type BackendRequest} from '../source/engine/backend.js';
import {joinTeam} from '../source/engine/direct-mlp.js';
import {createMlp, type MlpEngine} from '../source/engine/mlp.js';
import {createTeamBuffer, helperState, teamState} from '../source/protocol/team-buffer.js';
import {workerScriptPath} from '../source/race/worker-script.js';
import {loadDataset} from '../source/data/load-dataset.js';

/** What one worker measured. */
export interface EngineThroughput {
	backend: string;
	trainPerSec: Record<number, number>;
	predictPerSec: number;
	trainSeconds: number;
}

const trainImagesPerBatchSize = 6000;

interface BenchWorkerData {
	engineBench: true;
	backend: BackendRequest;
	seed: number;
	engine: MlpEngine;
	team?: SharedArrayBuffer;
}

async function measure({backend: backendRequest, seed, engine, team}: BenchWorkerData): Promise<EngineThroughput> {
	const backend = await initBackend(backendRequest);
	if (team) {
		while (helperState(team) !== teamState.ready) await new Promise(resolve => setTimeout(resolve, 10));
		joinTeam(team);
	}

	const dataset = await loadDataset();
	const images = new Uint8Array(dataset.trainImages);
	const labels = new Uint8Array(dataset.trainLabels);
	const testImages = new Uint8Array(dataset.testImages);
	const mlp = createMlp({seed, learningRate: 0.001, engine});
	const trainPerSec: Record<number, number> = {};
	let trainSeconds = 0;
	try {
		for (const batchSize of [32, 128]) {
			const order = Int32Array.from({length: trainImagesPerBatchSize}, (_, i) => (i * 7919 + seed) % dataset.trainCount);
			// A short warm-up lets V8 and XNNPACK settle before the clock starts.
			mlp.trainEpoch(images, labels, order.subarray(0, batchSize * 20), batchSize);
			const started = performance.now();
			mlp.trainEpoch(images, labels, order, batchSize);
			const seconds = (performance.now() - started) / 1000;
			trainSeconds += seconds;
			trainPerSec[batchSize] = Math.round(order.length / seconds);
		}

		const rows = Int32Array.from({length: dataset.testCount}, (_, i) => i);
		mlp.predict(testImages, rows.subarray(0, 2048));
		const started = performance.now();
		mlp.predict(testImages, rows);
		const predictPerSec = Math.round(rows.length / ((performance.now() - started) / 1000));
		return {backend, trainPerSec, predictPerSec, trainSeconds};
	} finally {
		mlp.dispose();
	}
}

/**
 * Trains and predicts in `workers` worker threads at once (2 = the race) and returns what each measured; with
 * `helped`, each worker shares its steps with a helper thread (engine/team.ts), as a lone contender does in a race.
 */
export async function measureEngineThroughput(
	workers: number,
	backend: BackendRequest,
	engine: MlpEngine = 'direct',
	helped = false,
): Promise<EngineThroughput[]> {
	return Promise.all(
		Array.from(
			{length: workers},
			async (_, index) =>
				new Promise<EngineThroughput>((resolve, reject) => {
					const team = helped ? createTeamBuffer() : undefined;
					const helper = team ? new Worker(workerScriptPath('helper-worker')) : undefined;
					helper?.postMessage({team});
					const data: BenchWorkerData = {engineBench: true, backend, seed: index + 1, engine, team};
					const worker = new Worker(new URL(import.meta.url), {workerData: data});
					worker.once('message', result => {
						resolve(result as EngineThroughput);
						void worker.terminate();
						void helper?.terminate();
					});
					worker.once('error', reject);
				}),
		),
	);
}

if (!isMainThread && (workerData as {engineBench?: boolean} | undefined)?.engineBench) {
	parentPort!.postMessage(await measure(workerData as BenchWorkerData));
}
