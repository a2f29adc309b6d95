/**
 * Loading speed of the own-data loaders on MNIST written out as users would have it: 70,000 28×28 PNGs in
 * train/<digit>/ and test/<digit>/ folders, and Kaggle's 60,000 × 785 pixel CSV. The files are written once into the
 * temp folder and reused (writing them takes longer than reading them); each load is timed alone, with peak RSS.
 */
import {existsSync, mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {encode} from 'fast-png';
import {loadDataset} from '../source/data/load-dataset.js';
import {loadData} from '../source/data/load-data.js';

export interface LoadingMeasurement {
	seconds: number;
	samples: number;
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

async function timeLoad(target: string): Promise<LoadingMeasurement> {
	const before = process.memoryUsage().rss;
	let peak = before;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
	const started = performance.now();
	const data = await loadData(target, {});
	const seconds = (performance.now() - started) / 1000;
	clearInterval(sampler);
	peak = Math.max(peak, process.memoryUsage().rss);
	return {seconds: Math.round(seconds * 100) / 100, samples: data.train.count + data.test.count, rssMB: Math.round(peak / 2 ** 20)};
}

export async function measureLoading(): Promise<{pngFolder: LoadingMeasurement; pixelCsv: LoadingMeasurement}> {
	await writeFiles();
	return {pngFolder: await timeLoad(pngRoot), pixelCsv: await timeLoad(csvFile)};
}
