/**
 * Loading speed of the own-data loaders on MNIST written out as users would have it: 70,000 28×28 PNGs in
 * train/<digit>/ and test/<digit>/ folders, and Kaggle's 60,000 × 785 pixel CSV. The files are written once into the
 * temp folder and reused (writing them takes longer than reading them); each load runs in a process of its own
 * (bench/load-one.ts), timed, with its peak resident memory over its baseline against the decoded data's size.
 */
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {encode} from 'fast-png';
import {loadDataset} from '../source/data/load-dataset.js';

export interface LoadingMeasurement {
	seconds: number;
	samples: number;
	/** The samples' bytes once decoded: count × inputs. */
	decodedMB: number;
	/** Resident memory of the loading process before it loaded, and at its peak. */
	baselineMB: number;
	peakMB: number;
	/** How much V8's young generation grew during the load (to its fixed ceiling; see bench/load-one.ts). */
	youngGenerationMB: number;
	/** (peak − baseline − young generation's growth) / decoded: what the loader holds; the target is at most 2. */
	peakOverDecoded: number;
	/** (peak − baseline) / decoded, the young generation included. */
	peakWithYoungOverDecoded: number;
	/** Peak RSS of the whole process, as before (kept for comparison with older bench output). */
	rssMB: number;
}

const folder = path.join(tmpdir(), 'pseudolabel-tui-bench-data');
const pngRoot = path.join(folder, 'mnist-png');
const csvFile = path.join(folder, 'mnist.csv');
const doneMark = path.join(folder, 'complete');

async function writeFiles(): Promise<void> {
	if (existsSync(doneMark)) return;
	rmSync(folder, {recursive: true, force: true});
	const mnist = await loadDataset();
	const parts = [
		{split: 'train', images: new Uint8Array(mnist.trainImages), labels: new Uint8Array(mnist.trainLabels), count: mnist.trainCount},
		{split: 'test', images: new Uint8Array(mnist.testImages), labels: new Uint8Array(mnist.testLabels), count: mnist.testCount},
	];
	for (const {split, images, labels, count} of parts) {
		for (let digit = 0; digit < 10; digit++) mkdirSync(path.join(pngRoot, split, String(digit)), {recursive: true});
		for (let i = 0; i < count; i++) {
			const data = images.subarray(i * 784, (i + 1) * 784);
			writeFileSync(path.join(pngRoot, split, String(labels[i]), `${i}.png`), encode({width: 28, height: 28, channels: 1, depth: 8, data}));
		}
	}

	const train = parts[0]!;
	const lines = [['label', ...Array.from({length: 784}, (_, i) => `pixel${i}`)].join(',')];
	for (let i = 0; i < train.count; i++) lines.push(`${train.labels[i]},${train.images.subarray(i * 784, (i + 1) * 784).join(',')}`);
	writeFileSync(csvFile, `${lines.join('\n')}\n`);
	writeFileSync(doneMark, '');
}

/** Loads `target` in a fresh process, so its peak memory is the load's alone (bench/load-one.ts). */
function timeLoad(target: string): LoadingMeasurement {
	const script = fileURLToPath(new URL('load-one.js', import.meta.url));
	const result = spawnSync(process.execPath, [script, target], {encoding: 'utf8'});
	if (result.status !== 0) throw new Error(`loading ${target} failed: ${result.stderr}`);
	const measured = JSON.parse(result.stdout) as Omit<LoadingMeasurement, 'peakOverDecoded' | 'peakWithYoungOverDecoded' | 'rssMB'>;
	const ratio = (megabytes: number) => Math.round((megabytes / measured.decodedMB) * 100) / 100;
	const added = measured.peakMB - measured.baselineMB;
	return {...measured, peakOverDecoded: ratio(added - measured.youngGenerationMB), peakWithYoungOverDecoded: ratio(added), rssMB: measured.peakMB};
}

export async function measureLoading(): Promise<{pngFolder: LoadingMeasurement; pixelCsv: LoadingMeasurement}> {
	await writeFiles();
	return {pngFolder: timeLoad(pngRoot), pixelCsv: timeLoad(csvFile)};
}
