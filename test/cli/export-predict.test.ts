// A real tiny race exports its pseudo-labels and model beside the summary; `predict` labels the same samples, written
// as PNG files, the same way; the weights file round-trips exactly; bad models are one line, exit 2.
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {encode} from 'fast-png';
import {describe, expect, it} from 'vitest';
import {loadIdxFolder} from '../../source/data/formats/idx.js';
import {decodeWeights, encodeWeights, readModel, weightsName} from '../../source/summary/model-file.js';
import {writePatternDataset} from '../fixtures/idx-files.js';
import {runCli} from './run-cli.js';

const exportPreset = {
	name: 'export',
	description: 'one of each kind of semi-supervised method, on a tiny dataset',
	labeled: 30,
	threshold: 0.8,
	contenders: [
		{id: 'supervised', method: 'supervised'},
		{id: 'semi', method: 'pseudo-label'},
		{id: 'noisy', method: 'noisy-student', studentHidden: [32, 16]},
		{id: 'flex', method: 'flexmatch'},
	],
};

function csvRows(text: string): string[][] {
	return text.trim().split('\n').slice(1).map(line => line.split(','));
}

describe('taking the result home', () => {
	it('a race exports one CSV row per pool sample and a model that predict loads and agrees with', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'pltui-export-'));
		const data = path.join(dir, 'data');
		const runs = path.join(dir, 'runs');
		mkdirSync(data);
		writePatternDataset(data, {side: 12, labelValues: [2, 4, 7], train: 300, test: 60});
		const preset = path.join(dir, 'export.json');
		writeFileSync(preset, JSON.stringify(exportPreset));
		const race = runCli(
			['--json', '--backend', 'wasm', '--data-dir', data, '--preset', preset, '--warmup', '3', '--epochs', '2', '--online-epochs', '2', '--rounds', '1', '--runs-dir', runs],
			undefined,
			200_000,
		);
		expect(race.status, race.stderr).toBe(0);
		const summaryFile = readdirSync(runs).find(file => file.endsWith('.json'))!;
		const summary = JSON.parse(readFileSync(path.join(runs, summaryFile), 'utf8')) as {exports: Array<{contender: string; labels: string; model: string; samples: number}>};
		// Every semi-supervised contender exports; supervised has no pool to label.
		expect(summary.exports.map(entry => entry.contender)).toEqual(['semi', 'noisy', 'flex']);
		// Noisy Student's model is its last student, of the student's widths.
		const noisy = await readModel(path.join(runs, summary.exports[1]!.model));
		expect(noisy.manifest.shape).toEqual({input: 144, hidden1: 32, hidden2: 16, classes: 3});
		expect(csvRows(readFileSync(path.join(runs, summary.exports[2]!.labels), 'utf8'))).toHaveLength(270);
		const entry = summary.exports[0]!;
		expect(entry.samples).toBe(270);
		const rows = csvRows(readFileSync(path.join(runs, entry.labels), 'utf8'));
		expect(rows).toHaveLength(270);
		expect(new Set(rows.map(row => row[0])).size).toBe(270);
		expect(readFileSync(path.join(runs, entry.labels), 'utf8').split('\n')[0]).toBe('source,label,confidence,confident');
		for (const [source, label, confidence, confident] of rows) {
			// The IDX file and the image's place in it.
			expect(source).toMatch(/^train-images-idx3-ubyte(\.gz)?\[\d+\]$/);
			expect(['2', '4', '7']).toContain(label);
			expect(Number(confidence)).toBeGreaterThanOrEqual(0);
			expect(Number(confidence)).toBeLessThanOrEqual(1);
			// The preset's threshold for pseudo-label.
			expect(confident).toBe(String(Number(confidence) >= 0.8));
		}

		// The weights file round-trips exactly: decoding and re-encoding gives the same bytes.
		const modelDir = path.join(runs, entry.model);
		const model = await readModel(modelDir);
		const bytes = new Uint8Array(readFileSync(path.join(modelDir, weightsName)));
		expect(Buffer.from(encodeWeights(decodeWeights(bytes, model.manifest, 'weights.bin'))).equals(Buffer.from(bytes))).toBe(true);
		expect(model.manifest.shape).toMatchObject({input: 144, classes: 3});
		expect(model.manifest.classNames).toEqual(['2', '4', '7']);

		// The first 40 pool samples as PNG files: predict labels them as the export did.
		const train = (await loadIdxFolder(data)).train;
		const images = path.join(dir, 'new');
		mkdirSync(images);
		const chosen = rows.slice(0, 40);
		const placeOf = (source: string) => Number(/\[(\d+)\]$/.exec(source)![1]);
		for (const [source] of chosen) {
			const row = placeOf(source!);
			writeFileSync(path.join(images, `r${row}.png`), encode({width: 12, height: 12, channels: 1, depth: 8, data: train.samples.subarray(row * 144, (row + 1) * 144)}));
		}

		const out = path.join(dir, 'labels.csv');
		const predicted = runCli(['predict', '--model', modelDir, '--data', images, '--out', out]);
		expect(predicted.status, predicted.stderr).toBe(0);
		const byFile = new Map(csvRows(readFileSync(out, 'utf8')).map(([file, label, confidence]) => [file, {label, confidence: Number(confidence)}]));
		expect(byFile.size).toBe(40);
		for (const [source, label, confidence] of chosen) {
			const mine = byFile.get(`r${placeOf(source!)}.png`)!;
			expect(mine.label, source).toBe(label);
			expect(mine.confidence).toBeCloseTo(Number(confidence), 3);
		}

		// An --out that exists is never written over.
		const again = runCli(['predict', '--model', modelDir, '--data', images, '--out', out]);
		expect(again.status).toBe(2);
		expect(again.stderr).toMatch(/labels\.csv already exists/);
		// An --out in a folder that is not there: said of --out before any work, not of a temporary file.
		const nowhere = path.join(dir, 'no-such-folder', 'labels.csv');
		const lost = runCli(['predict', '--model', modelDir, '--data', images, '--out', nowhere]);
		expect(lost.status).toBe(2);
		expect(lost.stderr.trim().split('\n')).toEqual([`pseudolabel-tui: --out ${nowhere}: there is no folder ${path.dirname(nowhere)} to write it in`]);

		// Bad models: a missing manifest, corrupt weights, a model of another shape than the images.
		const missing = runCli(['predict', '--model', dir, '--data', images]);
		expect(missing.status).toBe(2);
		expect(missing.stderr.trim().split('\n')).toHaveLength(1);
		expect(missing.stderr).toMatch(/no model\.json/);
		const corrupt = path.join(dir, 'corrupt');
		mkdirSync(corrupt);
		writeFileSync(path.join(corrupt, 'model.json'), readFileSync(path.join(modelDir, 'model.json')));
		const broken = new Uint8Array(bytes);
		broken[100] = (broken[100]! + 1) % 256;
		writeFileSync(path.join(corrupt, weightsName), broken);
		const corrupted = runCli(['predict', '--model', corrupt, '--data', images]);
		expect(corrupted.status).toBe(2);
		expect(corrupted.stderr).toMatch(/corrupt, its sha256 does not match/);
		const other = path.join(dir, 'other');
		mkdirSync(other);
		const manifest = JSON.parse(readFileSync(path.join(modelDir, 'model.json'), 'utf8')) as {shape: {input: number}};
		manifest.shape.input = 100;
		writeFileSync(path.join(other, 'model.json'), JSON.stringify(manifest));
		writeFileSync(path.join(other, weightsName), bytes);
		const mismatched = runCli(['predict', '--model', other, '--data', images]);
		expect(mismatched.status).toBe(2);
		expect(mismatched.stderr).toMatch(/does not match the model's 100 inputs/);
	}, 240_000);

	it('--no-export writes the summary alone', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'pltui-noexport-'));
		const data = path.join(dir, 'data');
		const runs = path.join(dir, 'runs');
		mkdirSync(data);
		writePatternDataset(data, {side: 8, labelValues: [0, 1], train: 120, test: 20});
		const race = runCli(['--json', '--backend', 'wasm', '--data-dir', data, '--preset', 'quick', '--labeled', '20', '--warmup', '1', '--epochs', '1', '--rounds', '1', '--no-export', '--runs-dir', runs]);
		expect(race.status, race.stderr).toBe(0);
		const files = readdirSync(runs);
		expect(files.filter(file => file.endsWith('.json'))).toHaveLength(1);
		expect(files.filter(file => file.includes('.labels.') || file.endsWith('.model'))).toEqual([]);
		const summary = JSON.parse(readFileSync(path.join(runs, files.find(file => file.endsWith('.json'))!), 'utf8')) as {exports?: unknown};
		expect(summary.exports).toBeUndefined();
	}, 120_000);
});
