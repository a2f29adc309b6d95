// A table model's export records the CSV loader's standardisation, and `predict` prepares new rows with it: on the
// same rows it gives the labels and confidences of the documented forward pass (summary/model-file.ts), computed here
// by hand on the bytes the real loader made. The weights are drawn at random: the format, not training, is tested.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {createRandom} from '../../source/core/random.js';
import {unlabeledMark} from '../../source/core/dataset-info.js';
import {loadData} from '../../source/data/load-data.js';
import {createContenderState} from '../../source/race/race-state.js';
import {exportRace} from '../../source/summary/export-race.js';
import {forward} from '../fixtures/forward-pass.js';
import {runCli} from './run-cli.js';

describe('predict on a table', () => {
	it('prepares new rows as the loader prepared the training rows, and labels them as the exported model says', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'pltui-table-'));
		const random = createRandom(3);
		const lines = ['height,weight,label,age'];
		const unlabeledLines = ['age,weight,height'];
		for (let row = 0; row < 60; row++) {
			const [h, w, a] = [150 + random() * 50, 50 + random() * 40, 20 + Math.floor(random() * 50)];
			const labeled = row < 24;
			lines.push(`${h.toFixed(2)},${w.toFixed(2)},${labeled ? ['cat', 'dog', 'eel'][row % 3] : ''},${row === 30 ? 'NA' : a}`);
			if (!labeled) unlabeledLines.push(`${row === 30 ? '' : a},${w.toFixed(2)},${h.toFixed(2)}`);
		}

		writeFileSync(path.join(dir, 'train.csv'), `${lines.join('\n')}\n`);
		const loaded = await loadData(path.join(dir, 'train.csv'), {seed: 1});
		expect(loaded.tableScaling?.mean).toHaveLength(3);
		const pool = Int32Array.from([...loaded.train.labels.keys()].filter(row => loaded.train.labels[row] === unlabeledMark));
		expect(pool.length).toBe(36);

		const exports = await exportRandomModel(loaded, pool, random, dir);
		const exported = readFileSync(path.join(dir, exports[0]!.labels), 'utf8').trim().split('\n').slice(1).map(line => line.split(','));
		expect(exported).toHaveLength(36);
		expect(exported.every(([source]) => /^train\.csv:\d+$/.test(source!))).toBe(true);

		// The same unlabeled rows, columns in another order and without a label column: predict finds them by name.
		const fresh = path.join(dir, 'new.csv');
		writeFileSync(fresh, `${unlabeledLines.join('\n')}\n`);
		const result = runCli(['predict', '--model', path.join(dir, exports[0]!.model), '--data', fresh]);
		expect(result.status, result.stderr).toBe(0);
		const predicted = result.stdout.trim().split('\n').slice(1).map(line => line.split(','));
		expect(predicted.map(row => row[0])).toEqual(Array.from({length: 36}, (_, i) => `new.csv:${i + 2}`));
		expect(predicted.map(row => row[1])).toEqual(exported.map(row => row[1]));
		for (const [i, row] of predicted.entries()) expect(Number(row[2])).toBeCloseTo(Number(exported[i]![2]), 4);
		expect(new Set(predicted.map(row => row[1])).size).toBeGreaterThan(1);

		// The same rows with semicolons (a European spreadsheet's CSV): the race's loader sniffs the delimiter, so does predict.
		const semicolons = path.join(dir, 'new-semicolons.csv');
		writeFileSync(semicolons, `${unlabeledLines.map(line => line.replaceAll(',', ';')).join('\n')}\n`);
		const semi = runCli(['predict', '--model', path.join(dir, exports[0]!.model), '--data', semicolons]);
		expect(semi.status, semi.stderr).toBe(0);
		expect(semi.stdout.trim().split('\n').slice(1).map(line => line.split(',')[1])).toEqual(exported.map(row => row[1]));

		// A table without one of the model's features, and images given to a table model: one line each.
		writeFileSync(path.join(dir, 'short.csv'), 'age,weight\n30,60\n');
		const short = runCli(['predict', '--model', path.join(dir, exports[0]!.model), '--data', path.join(dir, 'short.csv')]);
		expect(short.status).toBe(2);
		expect(short.stderr.trim()).toMatch(/short\.csv line 1: no column "height"/);
		const images = runCli(['predict', '--model', path.join(dir, exports[0]!.model), '--data', dir]);
		expect(images.status).toBe(2);
		expect(images.stderr.trim().split('\n')).toHaveLength(1);
		expect(images.stderr).toMatch(/the model labels table rows, expected a \.csv, \.tsv, \.npy or \.npz file/);
	}, 60_000);

	it('labels the rows of a headerless table with the model trained on it (features f0, f1, …; the text label column left out)', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'pltui-headerless-'));
		const random = createRandom(5);
		const lines: string[] = [];
		for (let row = 0; row < 60; row++) {
			const label = row < 24 ? ['Iris-setosa', 'Iris-versicolor', 'Iris-virginica'][row % 3] : '?';
			lines.push(`${(4 + random() * 3).toFixed(1)},${(2 + random() * 2).toFixed(1)},${(1 + random() * 5).toFixed(1)},${label}`);
		}

		const file = path.join(dir, 'iris.csv');
		writeFileSync(file, `${lines.join('\n')}\n`);
		const loaded = await loadData(file, {seed: 1});
		expect(loaded.info.featureNames).toEqual(['f0', 'f1', 'f2']);
		const pool = Int32Array.from([...loaded.train.labels.keys()].filter(row => loaded.train.labels[row] === unlabeledMark));
		const exports = await exportRandomModel(loaded, pool, random, dir);
		const exported = new Map(readFileSync(path.join(dir, exports[0]!.labels), 'utf8').trim().split('\n').slice(1).map(line => line.split(',')).map(row => [row[0]!, row[1]!]));

		const result = runCli(['predict', '--model', path.join(dir, exports[0]!.model), '--data', file]);
		expect(result.status, result.stderr).toBe(0);
		const predicted = result.stdout.trim().split('\n').slice(1).map(line => line.split(','));
		// Every row is labeled, the first one too (no header); the pool's rows as the race's export labeled them.
		expect(predicted.map(row => row[0])).toEqual(lines.map((_, i) => `iris.csv:${i + 1}`));
		expect(exported.size).toBe(pool.length);
		for (const row of predicted) if (exported.has(row[0]!)) expect(row[1]).toBe(exported.get(row[0]!));
		expect(predicted.filter(row => exported.has(row[0]!))).toHaveLength(pool.length);

		writeFileSync(path.join(dir, 'two.csv'), '4.1,2.2\n');
		const two = runCli(['predict', '--model', path.join(dir, exports[0]!.model), '--data', path.join(dir, 'two.csv')]);
		expect(two.status).toBe(2);
		expect(two.stderr).toBe(`pseudolabel-tui: ${path.join(dir, 'two.csv')} line 1: 2 numeric columns, expected the model's 3 features (f0 to f2) in a row without a header\n`);
	}, 60_000);
});

/**
 * Exports a 3-feature, 3-class model of random weights for `loaded`'s pool rows, with the probabilities the documented
 * forward pass gives (the format is tested, not training): the race's export files, as a real race writes them.
 */
async function exportRandomModel(loaded: Awaited<ReturnType<typeof loadData>>, pool: Int32Array, random: () => number, dir: string) {
	const shape = {input: 3, hidden1: 5, hidden2: 4, classes: 3};
	const draw = (length: number) => Float32Array.from({length}, () => (random() - 0.5) * 8);
	const weights = {p1: draw(5 * 4), p2: draw(4 * 6), p3: draw(3 * 5)};
	// First-layer units centred on the middle byte, so the rows' differences, not the biases, decide the class.
	for (let o = 0; o < 5; o++) weights.p1[o * 4 + 3] = -0.5 * (weights.p1[o * 4]! + weights.p1[o * 4 + 1]! + weights.p1[o * 4 + 2]!);
	const layers = [
		{values: weights.p1, rows: 5, columns: 4},
		{values: weights.p2, rows: 4, columns: 6},
		{values: weights.p3, rows: 3, columns: 5},
	];
	const probabilities = new Float32Array(pool.length * 3);
	for (const [i, row] of pool.entries()) probabilities.set(forward(layers, loaded.train.samples.subarray(row * 3, row * 3 + 3)), i * 3);
	const contender = {...createContenderState('semi', 'semi', 'pseudo-label'), finalModel: {poolRows: pool, probabilities, shape, weights}};
	return exportRace({contenders: [contender], info: loaded.info, sources: loaded.train.sources, tableScaling: loaded.tableScaling, runsDir: dir, base: 'race'});
}
