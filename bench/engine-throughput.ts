/**
 * Engine throughput on real MNIST: training samples/s at batch 32 and 128 and prediction images/s, measured in
 * 1 or more worker threads at once (2 = the race). Used by bench.ts.
 */
import {Worker, isMainThread, parentPort, workerData} from 'node:worker_threads';
import {initBackend, type BackendRequest} from '../source/engine/backend.js';
import {createMlp} from '../source/engine/mlp.js';
import {loadDataset} from '../source/data/load-dataset.js';

/** What one worker measured. */
export interface EngineThroughput {
	backend: string;
	trainPerSec: Record<number, number>;
	predictPerSec: number;
	trainSeconds: number;
}

const trainImagesPerBatchSize = 6000;

async function measure(backendRequest: BackendRequest, seed: number): Promise<EngineThroughput> {
	const backend = await initBackend(backendRequest);
	const dataset = await loadDataset();
	const images = new Uint8Array(dataset.trainImages);
	const labels = new Uint8Array(dataset.trainLabels);
	const testImages = new Uint8Array(dataset.testImages);
	const mlp = createMlp({seed, learningRate: 0.001});
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

/** Trains and predicts in `workers` worker threads at once (2 = the race) and returns what each measured. */
export async function measureEngineThroughput(workers: number, backend: BackendRequest): Promise<EngineThroughput[]> {
	return Promise.all(
		Array.from(
			{length: workers},
			async (_, index) =>
				new Promise<EngineThroughput>((resolve, reject) => {
					const worker = new Worker(new URL(import.meta.url), {workerData: {engineBench: true, backend, seed: index + 1}});
					worker.once('message', result => {
						resolve(result as EngineThroughput);
						void worker.terminate();
					});
					worker.once('error', reject);
				}),
		),
	);
}

if (!isMainThread && (workerData as {engineBench?: boolean} | undefined)?.engineBench) {
	const {backend, seed} = workerData as {backend: BackendRequest; seed: number};
	parentPort!.postMessage(await measure(backend, seed));
}
