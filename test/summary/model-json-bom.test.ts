// `predict --model DIR` reads a model.json saved again by Windows Notepad (UTF-8 with a byte-order mark).
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, expect, it} from 'vitest';
import {encodeModel, manifestName, readModel, weightsName} from '../../source/summary/model-file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'model-bom-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

it('reads a model.json that starts with a byte-order mark', async () => {
	const shape = {input: 4, hidden1: 3, hidden2: 2, classes: 2};
	const {manifest, bytes} = encodeModel({
		contender: 'semi',
		method: 'pseudo-label',
		shape,
		dataset: {name: 'tiny', kind: 'image', height: 2, width: 2, channels: 1, classNames: ['a', 'b'], mode: 'simulation'},
		weights: {p1: new Float32Array(3 * 5).fill(0.5), p2: new Float32Array(2 * 4).fill(-1), p3: new Float32Array(2 * 3).fill(2)},
	});
	writeFileSync(path.join(dir, manifestName), `\uFEFF${JSON.stringify(manifest, undefined, '\t')}\n`);
	writeFileSync(path.join(dir, weightsName), bytes);
	const model = await readModel(dir);
	expect(model.manifest).toEqual(manifest);
	expect(model.weights.p3).toEqual(new Float32Array(6).fill(2));
});
