/**
 * One timed load in a process of its own (bench/data-loading.ts starts it): `node load-one.js PATH` loads PATH as
 * `--data PATH` does (loadData, then into shared memory) and prints one JSON line: seconds, samples, the decoded
 * bytes, and the resident memory before loading and at its peak (getrusage's high-water mark, which a synchronous
 * load cannot hide from, unlike sampling on a timer). It also says how much V8's young generation (new space) grew
 * meanwhile: V8 grows it from 1 MB to its ceiling (2 × 16 MB semi-spaces in Node 20) in any process that allocates
 * steadily for a second, and never gives it back while it does. The dashboard's own process holds those 32 MB during
 * every race whatever it loaded, so the bench does not count them against the loader (bench/data-loading.ts).
 */
import {getHeapSpaceStatistics} from 'node:v8';
import {inputSize} from '../source/core/dataset-info.js';
import {loadData} from '../source/data/load-data.js';
import {toSharedDataset} from '../source/data/to-shared-dataset.js';

const target = process.argv[2]!;
const megabytes = (bytes: number) => Math.round(bytes / 2 ** 20);
const youngGeneration = () => getHeapSpaceStatistics().find(space => space.space_name === 'new_space')?.physical_space_size ?? 0;
const baseline = process.memoryUsage().rss;
const youngBefore = youngGeneration();
const started = performance.now();
const loaded = await loadData(target, {});
const shared = toSharedDataset(loaded);
const seconds = (performance.now() - started) / 1000;
// Read at the end: the young generation only shrinks at a full collection when allocation has gone quiet, so this is
// at most its size at the peak (an undercount makes the loader's figure larger, never smaller).
const youngGrowth = Math.max(0, youngGeneration() - youngBefore);
const samples = shared.trainCount + shared.testCount;
process.stdout.write(
	`${JSON.stringify({
		seconds: Math.round(seconds * 100) / 100,
		samples,
		decodedMB: megabytes(samples * inputSize(shared.info)),
		baselineMB: megabytes(baseline),
		peakMB: megabytes(process.resourceUsage().maxRSS * 1024),
		youngGenerationMB: megabytes(youngGrowth),
	})}\n`,
);
