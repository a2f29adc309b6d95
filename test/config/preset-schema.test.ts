import {describe, expect, it} from 'vitest';
import {InputError} from '../../source/core/input-error.js';
import {applyOverrides, parsePresetFile} from '../../source/config/preset-schema.js';
import {defaultRunConfig} from '../../source/config/run-config.js';

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
		expect(file).toEqual({name: 'foo', description: 'A test preset', threshold: 0.9});
	});

	it('names the file, the field, the range and the value when out of range', () => {
		expect(errorOf(`{${head}, "threshold": 1.5}`).message).toBe(
			'presets/foo.json: field "threshold" must be between 0 and 1 (exclusive), got 1.5',
		);
		expect(errorOf(`{${head}, "labeled": 5}`).message).toBe(
			'presets/foo.json: field "labeled" must be an integer from 10 to 60000, got 5',
		);
		expect(errorOf(`{${head}, "learningRate": 0}`).message).toBe(
			'presets/foo.json: field "learningRate" must be greater than 0 and at most 1, got 0',
		);
		expect(errorOf(`{${head}, "augmentation": {"zoom": 0.95}}`).message).toBe(
			'presets/foo.json: field "augmentation.zoom" must be between 0 and 0.9, got 0.95',
		);
	});

	it('rejects the edges of exclusive ranges and accepts those of inclusive ones', () => {
		expect(() => parsePresetFile(`{${head}, "threshold": 1}`, 'f')).toThrow(InputError);
		expect(() => parsePresetFile(`{${head}, "threshold": 0}`, 'f')).toThrow(InputError);
		expect(parsePresetFile(`{${head}, "labeled": 60000, "rounds": 0, "learningRate": 1}`, 'f').labeled).toBe(60_000);
	});

	it('reports wrong types with the expected kind', () => {
		expect(errorOf(`{${head}, "rounds": "six"}`).message).toBe(
			'presets/foo.json: field "rounds" must be an integer from 0 to 50, got "six"',
		);
		expect(errorOf(`{${head}, "batchSize": 32.5}`).message).toBe(
			'presets/foo.json: field "batchSize" must be an integer from 1 to 4096, got 32.5',
		);
		expect(errorOf(`{${head}, "augmentLabeled": "yes"}`).message).toBe(
			'presets/foo.json: field "augmentLabeled" must be true or false, got "yes"',
		);
	});

	it('rejects unknown fields at the top and inside augmentation, listing the allowed ones', () => {
		expect(errorOf(`{${head}, "epochs": 3}`).message).toBe(
			'presets/foo.json: unknown field "epochs" (allowed: name, description, notes, labeled, threshold, warmupEpochs, ' +
				'epochsPerRound, rounds, batchSize, learningRate, seed, augmentation, augmentEveryEpoch, augmentLabeled)',
		);
		expect(errorOf(`{${head}, "augmentation": {"shear": 5}}`).message).toBe(
			'presets/foo.json: unknown field "shear" in "augmentation" (allowed: rotationDeg, zoom, widthShift, heightShift)',
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

describe('applyOverrides', () => {
	it('replaces only the given fields and merges augmentation field by field', () => {
		const config = applyOverrides({threshold: 0.95, augmentation: {zoom: 0}});
		expect(config).toEqual({
			...defaultRunConfig,
			threshold: 0.95,
			augmentation: {...defaultRunConfig.augmentation, zoom: 0},
		});
		expect(defaultRunConfig.augmentation.zoom).toBe(0.1);
	});
});
