// Samples larger than the model takes are refused at load with the flags that shrink them (model-input-limit.ts):
// beyond it the engine's heap cannot hold a contender, and XNNPACK's failure left a race training to chance silently.
import {rmSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {inputSize} from '../../source/core/dataset-info.js';
import {InputError} from '../../source/core/input-error.js';
import {loadData} from '../../source/data/load-data.js';
import {maxInputSize} from '../../source/data/model-input-limit.js';
import {runCli} from '../cli/run-cli.js';
import {npyBytes, npzBytes, put, temporaryFolder} from './formats/data-files.js';

const root = temporaryFolder('input-limit');
afterAll(() => rmSync(root, {recursive: true, force: true}));

/** Six colour images of side × side (three of each of two classes) as an .npz. */
function colourImages(side: number): string {
	const count = 6;
	const values = new Uint8Array(count * side * side * 3);
	for (let i = 0; i < values.length; i++) values[i] = (i * 37) % 251;
	return put(
		path.join(root, `colour-${side}.npz`),
		npzBytes({x_train: npyBytes(values, [count, side, side, 3], '|u1'), y_train: npyBytes([0, 1, 0, 1, 0, 1], [count], '<i8')}),
	);
}

describe('the largest sample the model takes', () => {
	const big = colourImages(150);

	it('refuses colour images over the limit, naming the data, the size and the flags that fit', async () => {
		expect(150 * 150 * 3).toBeGreaterThan(maxInputSize);
		const refused = await loadData(big, {}).then(() => undefined, (error: unknown) => error);
		expect(refused).toBeInstanceOf(InputError);
		expect((refused as Error).message).toBe(
			`--data ${big}: images of 150×150×3 are 67,500 numbers each, more than the 65,536 the model takes; pass --image-size 147 or less, or --channels 1`,
		);
	});

	it('loads them at the size it names, and not one pixel more; grey at full size', async () => {
		expect(inputSize((await loadData(big, {imageSize: 147})).info)).toBe(147 * 147 * 3);
		await expect(loadData(big, {imageSize: 148})).rejects.toThrow(/148×148×3 are 65,712 numbers each/);
		expect((await loadData(big, {channels: 1})).info).toMatchObject({height: 150, width: 150, channels: 1});
	});

	it('refuses a table with more columns than that, pointing at --drop', async () => {
		const columns = maxInputSize + 1;
		const file = put(
			path.join(root, 'wide.npz'),
			npzBytes({x_train: npyBytes(new Uint8Array(4 * columns), [4, columns], '|u1'), y_train: npyBytes([0, 1, 0, 1], [4], '<i8')}),
		);
		await expect(loadData(file, {})).rejects.toThrow(`--data ${file}: rows of 65,537 numbers, more than the 65,536 the model takes; leave columns out with --drop`);
	});

	it('is one line and exit 2 from the command line, before any training', () => {
		const result = runCli(['--headless', '--no-save', '--data', big]);
		expect(result.status).toBe(2);
		expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining('pass --image-size 147 or less, or --channels 1')]);
		expect(result.stdout).toBe('');
	});
});
