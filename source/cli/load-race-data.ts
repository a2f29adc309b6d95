/**
 * The race's data from the command line: `--data PATH` through loadData (any format), else `--data-dir` (an IDX
 * folder), else the embedded MNIST — always into shared memory through toSharedDataset, which keeps the loader's notes
 * (what it did to the data, said once on screen). The predict subcommand reads files of the same kind through this too.
 */
import {loadData} from '../data/load-data.js';
import {loadDataset} from '../data/load-dataset.js';
import {toSharedDataset} from '../data/to-shared-dataset.js';
import {knobTable} from '../config/knobs.js';
import type {SharedDataset} from '../protocol/messages.js';
import type {CliRequest} from './parse-args.js';

export async function loadRaceData(request: Pick<CliRequest, 'data' | 'dataDir' | 'flags'>): Promise<SharedDataset> {
	if (request.data === undefined) return loadDataset(request.dataDir);
	// The held-out test share (data without a test split) follows the race's seed, so `--seed` fixes the whole race.
	const seed = typeof request.flags.seed === 'number' ? request.flags.seed : knobTable.seed.default;
	const loaded = await loadData(request.data.path, {...request.data.options, seed, ...(request.data.format === undefined ? {} : {format: request.data.format})});
	return toSharedDataset(loaded);
}
