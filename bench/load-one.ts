/**
 * One timed load in a process of its own (bench/data-loading.ts starts it): `node load-one.js PATH` loads PATH as
 * `--data PATH` does (loadData, then into shared memory) and prints one JSON line: seconds, samples, the decoded
 * bytes, and the resident memory before loading and at its peak (getrusage's high-water mark, which a synchronous
 * load cannot hide from, unlike sampling on a timer).
 */
import {inputSize} from '../source/core/dataset-info.js';
import {loadData} from '../source/data/load-data.js';
import {toSharedDataset} from '../source/data/to-shared-dataset.js';

const target = process.argv[2]!;
const megabytes = (bytes: number) => Math.round(bytes / 2 ** 20);
const baseline = process.memoryUsage().rss;
const started = performance.now();
const loaded = await loadData(target, {});
const shared = toSharedDataset(loaded);
const seconds = (performance.now() - started) / 1000;
const samples = shared.trainCount + shared.testCount;
process.stdout.write(
	`${JSON.stringify({
		seconds: Math.round(seconds * 100) / 100,
		samples,
		decodedMB: megabytes(samples * inputSize(shared.info)),
		baselineMB: megabytes(baseline),
		peakMB: megabytes(process.resourceUsage().maxRSS * 1024),
	})}\n`,
);
