import {describe, expect, it} from 'vitest';
import {InputError} from '../../source/core/input-error.js';
import {parsePresetFile} from '../../source/config/preset-schema.js';

function errorOf(text: string): InputError {
	try {
		parsePresetFile(text, 'presets/foo.json');
	} catch (error) {
		expect(error).toBeInstanceOf(InputError);
		return error as InputError;
	}

	throw new Error('expected an InputError');
}

const head = '"name": "foo", "description": "A test preset"';

describe('parsePresetFile', () => {
	it('accepts a minimal preset and returns its fields', () => {
		const file = parsePresetFile(`{${head}, "threshold": 0.9}`, 'presets/foo.json');
		expect(file).toEqual({name: 'foo', description: 'A test preset', patch: {threshold: 0.9}});
	});

	it('names the file, the field, the range and the value when out of range', () => {
		expect(errorOf(`{${head}, "threshold": 1.5}`).message).toBe(
			'presets/foo.json: field "threshold" must be a number between 0 and 1 (exclusive), got 1.5',
		);
		expect(errorOf(`{${head}, "labeled": 5}`).message).toBe(
			'presets/foo.json: field "labeled" must be a whole number from 10 to 1000000, got 5',
		);
		expect(errorOf(`{${head}, "learningRate": 0}`).message).toBe(
			'presets/foo.json: field "learningRate" must be a number greater than 0 and at most 1, got 0',
		);
		// A range open only at the top says so: "from 0 to 1" read as if 1 were allowed.
		expect(errorOf(`{${head}, "flexFloor": 1}`).message).toBe(
			'presets/foo.json: field "flexFloor" must be a number from 0 to less than 1, got 1',
		);
		expect(errorOf(`{${head}, "augmentation": {"zoom": 0.95}}`).message).toBe(
			'presets/foo.json: field "augmentation.zoom" must be a number from 0 to 0.9, got 0.95',
		);
	});

	it('rejects the edges of exclusive ranges and accepts those of inclusive ones', () => {
		expect(() => parsePresetFile(`{${head}, "threshold": 1}`, 'f')).toThrow(InputError);
		expect(() => parsePresetFile(`{${head}, "threshold": 0}`, 'f')).toThrow(InputError);
		expect(parsePresetFile(`{${head}, "labeled": 60000, "rounds": 0, "learningRate": 1}`, 'f').patch.labeled).toBe(60_000);
	});

	it('reports wrong types with the expected kind', () => {
		expect(errorOf(`{${head}, "rounds": "six"}`).message).toBe(
			'presets/foo.json: field "rounds" must be a whole number from 0 to 50, got "six"',
		);
		expect(errorOf(`{${head}, "batchSize": 32.5}`).message).toBe(
			'presets/foo.json: field "batchSize" must be a whole number from 1 to 4096, got 32.5',
		);
		expect(errorOf(`{${head}, "augmentLabeled": "yes"}`).message).toBe(
			'presets/foo.json: field "augmentLabeled" must be true or false, got "yes"',
		);
	});

	it('rejects unknown fields at the top and inside augmentation, listing the allowed ones', () => {
		expect(errorOf(`{${head}, "epochz": 3, "x": 1}`).message).toMatch(
			/^presets\/foo\.json: unknown field "epochz", "x" \(allowed: name, description, notes, labeled, seed, warmupEpochs, .*contenders\)$/,
		);
		expect(errorOf(`{${head}, "augmentation": {"shear": 5}}`).message).toBe(
			'presets/foo.json: unknown field "shear" in "augmentation" (allowed: rotationDeg, zoom, widthShift, heightShift, elasticAlpha, elasticSigma, tableNoise)',
		);
	});

	it('suggests the field a typo was meant to be', () => {
		expect(errorOf(`{${head}, "treshold": 0.9}`).message).toBe(
			'presets/foo.json: unknown field "treshold" (did you mean "threshold"?)',
		);
		expect(errorOf(`{${head}, "augmentation": {"rotationdeg": 5}}`).message).toBe(
			'presets/foo.json: unknown field "rotationdeg" in "augmentation" (did you mean "rotationDeg"?)',
		);
	});

	it('requires a name and a one-line description', () => {
		expect(errorOf('{"name": "foo"}').message).toBe(
			'presets/foo.json: field "description" is missing; it must be one non-empty line of text',
		);
		expect(errorOf('{"name": "foo", "description": "two\\nlines"}').message).toMatch(/field "description" must be one non-empty line/);
		expect(errorOf('{"name": "../x", "description": "d"}').message).toMatch(/field "name" must be a preset name/);
	});

	it('names the file when the JSON is broken or not an object', () => {
		expect(errorOf(`{${head}, "threshold": }`).message).toMatch(/^presets\/foo\.json: not valid JSON \(.+\)$/);
		expect(errorOf('[1, 2]').message).toBe('presets/foo.json: must be a JSON object');
	});

	it('gives every message on one line', () => {
		for (const text of ['{', '[]', `{${head}, "x": 1}`, `{${head}, "seed": -1}`]) {
			expect(errorOf(text).message).not.toContain('\n');
		}
	});
});

describe('contenders in a preset file', () => {
	const contender = (fields: string) => `{"id": "a", "method": "pseudo-label"${fields}}`;
	const withContenders = (...list: string[]) => `{${head}, "contenders": [${list.join(', ')}]}`;

	it('accepts 1 to 6 contenders with their own knob values, nested groups included', () => {
		const file = parsePresetFile(
			withContenders(contender(', "threshold": 0.5, "augmentation": {"zoom": 0}'), '{"id": "sup", "name": "baseline", "method": "supervised"}'),
			'f',
		);
		expect(file.contenders).toEqual([
			{id: 'a', name: 'a', method: 'pseudo-label', patch: {threshold: 0.5, zoom: 0}},
			{id: 'sup', name: 'baseline', method: 'supervised', patch: {}},
		]);
	});

	it('rejects 0 or 7 contenders and duplicate ids in one line', () => {
		expect(errorOf(withContenders()).message).toBe(
			'presets/foo.json: field "contenders" must be a list of 1 to 6 contenders with different ids, got []',
		);
		const seven = Array.from({length: 7}, (_, index) => `{"id": "c${index}", "method": "supervised"}`);
		expect(errorOf(withContenders(...seven)).message).toMatch(/^presets\/foo\.json: field "contenders" must be a list of 1 to 6 contenders/);
		expect(errorOf(withContenders(contender(''), contender(''))).message).toMatch(/field "contenders" must be a list of 1 to 6 contenders with different ids/);
	});

	it('names the contender and field of an unknown method or an out-of-range knob', () => {
		expect(errorOf(withContenders('{"id": "a", "method": "magic"}')).message).toBe(
			'presets/foo.json: field "contenders[0].method" must be one of supervised, pseudo-label, lee2013, noisy-student, fixmatch, flexmatch, freematch, mean-teacher, vat, got "magic"',
		);
		expect(errorOf(withContenders(contender(''), '{"id": "b", "method": "supervised", "threshold": 2}')).message).toBe(
			'presets/foo.json: field "contenders[1].threshold" must be a number between 0 and 1 (exclusive), got 2',
		);
		expect(errorOf(withContenders('{"id": "Bad Id", "method": "supervised"}')).message).toMatch(/field "contenders\[0\]\.id" must be a short id/);
	});

	it('keeps race-wide knobs at the top: a contender cannot have its own labeled count', () => {
		expect(errorOf(withContenders(contender(', "labeled": 100'))).message).toBe(
			'presets/foo.json: "labeled" in "contenders[0]" is shared by the whole race: set it at the top of the preset, not per contender',
		);
	});
});
