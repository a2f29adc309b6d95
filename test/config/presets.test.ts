import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {isDeepStrictEqual} from 'node:util';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {InputError} from '../../source/core/input-error.js';
import {builtInPresetOrder, builtInPresetsDir, listPresets, loadPreset, presetPlan, presetProblem, type Preset} from '../../source/config/presets.js';
import {plannedEpochs} from '../../source/config/contenders.js';
import {knobNamed, readKnob} from '../../source/config/knobs.js';
import {defaultRunConfig, type RunConfig} from '../../source/config/run-config.js';

const totalEpochs = (config: RunConfig) => plannedEpochs('pseudo-label', config);

let userDir: string;

beforeEach(() => {
	userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'presets-test-'));
});

afterEach(() => {
	fs.rmSync(userDir, {recursive: true, force: true});
});

function writeUserPreset(name: string, content: unknown): void {
	const text = typeof content === 'string' ? content : JSON.stringify(content);
	fs.writeFileSync(path.join(userDir, `${name}.json`), text);
}

describe('built-in presets', () => {
	it('ships exactly the six documented presets, all valid', () => {
		const shipped = fs.readdirSync(builtInPresetsDir()).filter(file => file.endsWith('.json')).sort();
		expect(shipped).toEqual([...builtInPresetOrder].map(name => `${name}.json`).sort());
		const {presets, problems} = listPresets();
		expect(problems).toEqual([]);
		expect(presets.map(preset => preset.name)).toEqual(builtInPresetOrder);
		for (const preset of presets) {
			expect(preset.source).toBe('built-in');
			expect(preset.description).not.toContain('\n');
		}
	});

	it('tutorial is exactly the defaults', () => {
		expect(semiConfig(loadPreset('tutorial'))).toEqual(defaultRunConfig);
		expect(defaultRunConfig).toMatchObject({
			labeled: 1000,
			threshold: 0.8,
			warmupEpochs: 15,
			epochsPerRound: 15,
			rounds: 1,
			batchSize: 32,
			augmentation: {rotationDeg: 10, zoom: 0.1, widthShift: 0.1, heightShift: 0.1},
		});
	});

	it('each other preset changes what its name promises', () => {
		expect(totalEpochs(semiConfig(loadPreset('quick')))).toBeLessThan(totalEpochs(defaultRunConfig));
		expect(semiConfig(loadPreset('self-training'))).toMatchObject({rounds: 8, batchSize: 64, augmentEveryEpoch: true, augmentLabeled: true});
		expect(semiConfig(loadPreset('few-labels')).labeled).toBe(100);
		expect(semiConfig(loadPreset('strict')).threshold).toBe(0.95);
		expect(semiConfig(loadPreset('no-augment')).augmentation).toMatchObject({rotationDeg: 0, zoom: 0, widthShift: 0, heightShift: 0});
	});

	it('lists only real differences from the defaults in the files', () => {
		const defaults = defaultRunConfig as unknown as Record<string, unknown>;
		for (const preset of listPresets().presets) {
			for (const [key, value] of Object.entries(preset.patch)) {
				const knob = knobNamed(key)!;
				expect(value, `${preset.name}.${key}`).not.toEqual(readKnob(defaults, knob));
			}
		}
	});
});

describe('user presets', () => {
	it('follow the built-ins in the cycle, sorted by name', () => {
		writeUserPreset('zeta', {name: 'zeta', description: 'Z', rounds: 2});
		writeUserPreset('alpha', {name: 'alpha', description: 'A', threshold: 0.7});
		const {presets, problems} = listPresets({presetsDir: userDir});
		expect(problems).toEqual([]);
		expect(presets.map(preset => preset.name)).toEqual([...builtInPresetOrder, 'alpha', 'zeta']);
		expect(presets.at(-1)?.source).toBe(path.join(userDir, 'zeta.json'));
		expect(semiConfig(presets.at(-2)!)).toEqual({...defaultRunConfig, threshold: 0.7});
	});

	it('a broken one is reported in problems and skipped; the others still load', () => {
		writeUserPreset('good', {name: 'good', description: 'Fine'});
		writeUserPreset('bad-json', '{"name": "bad-json",');
		writeUserPreset('bad-range', {name: 'bad-range', description: 'x', threshold: 2});
		writeUserPreset('tutorial', {name: 'tutorial', description: 'shadow'});
		writeUserPreset('mismatch', {name: 'other', description: 'x'});
		const {presets, problems} = listPresets({presetsDir: userDir});
		expect(presets.map(preset => preset.name)).toEqual([...builtInPresetOrder, 'good']);
		expect(problems).toHaveLength(4);
		expect(problems.join('\n')).toContain('bad-json.json: not valid JSON');
		expect(problems.join('\n')).toContain('bad-range.json: field "threshold" must be a number between 0 and 1 (exclusive), got 2');
		expect(problems.join('\n')).toContain('"tutorial" is a built-in preset name');
		expect(problems.join('\n')).toContain('field "name" must match the file name "mismatch", got "other"');
	});

	it('a missing user folder is no problem', () => {
		const {presets, problems} = listPresets({presetsDir: path.join(userDir, 'absent')});
		expect(problems).toEqual([]);
		expect(presets).toHaveLength(builtInPresetOrder.length);
	});

	it('loads by name from the folder and by path', () => {
		writeUserPreset('mine', {name: 'mine', description: 'Mine', labeled: 500});
		expect(semiConfig(loadPreset('mine', {presetsDir: userDir})).labeled).toBe(500);
		const elsewhere = path.join(userDir, 'sub');
		fs.mkdirSync(elsewhere);
		fs.writeFileSync(path.join(elsewhere, 'experiment.json'), JSON.stringify({name: 'exp-1', description: 'E', seed: 7}));
		const preset = loadPreset(path.join(elsewhere, 'experiment.json'));
		expect(preset.name).toBe('exp-1');
		expect(semiConfig(preset).seed).toBe(7);
	});

	it('a file saved with a UTF-8 byte-order mark (Windows Notepad) loads, by name and by path', () => {
		writeUserPreset('p8', `\uFEFF${JSON.stringify({name: 'p8', description: 'Saved by Notepad', labeled: 300})}`);
		expect(semiConfig(loadPreset('p8', {presetsDir: userDir})).labeled).toBe(300);
		expect(loadPreset(path.join(userDir, 'p8.json')).name).toBe('p8');
		expect(listPresets({presetsDir: userDir}).problems).toEqual([]);
	});

	it('an unknown name is an InputError listing what exists', () => {
		writeUserPreset('mine', {name: 'mine', description: 'Mine'});
		expect(() => loadPreset('nope', {presetsDir: userDir})).toThrow(InputError);
		expect(() => loadPreset('nope', {presetsDir: userDir})).toThrow(
			`unknown preset "nope" (available: ${builtInPresetOrder.join(', ')}, mine; or a path to a .json file)`,
		);
		expect(() => loadPreset(path.join(userDir, 'absent.json'))).toThrow(/absent\.json: cannot read the preset \(no such file\)/);
	});

	it('a broken file loaded by name throws its one-line problem', () => {
		writeUserPreset('broken', {name: 'broken', description: 'x', batchSize: 0});
		expect(() => loadPreset('broken', {presetsDir: userDir})).toThrow(
			/broken\.json: field "batchSize" must be a whole number from 1 to 4096, got 0$/,
		);
	});
});

describe('preset contenders', () => {
	it('presets without a list race supervised and semi; the supervised baseline never takes the shared augmentation switches', () => {
		writeUserPreset('listless', {name: 'listless', description: 'x', rounds: 8, epochsPerRound: 3, augmentLabeled: true, augmentEveryEpoch: true});
		const plan = presetPlan(loadPreset('listless', {presetsDir: userDir}));
		expect(plan.contenders.map(contender => [contender.id, contender.method])).toEqual([['supervised', 'supervised'], ['semi', 'pseudo-label']]);
		expect(plan.contenders[0]!.config.augmentLabeled).toBe(false);
		expect(plan.contenders[1]!.config.augmentLabeled).toBe(true);
		// The epoch budget rule: supervised trains as long as the longest semi-supervised contender.
		expect(plan.contenders[0]!.epochs).toBe(15 + 8 * 3);
	});

	it('fair baselines: every contender that augments its labeled images has a supervised contender with the same augmentation', () => {
		let augmenting = 0;
		for (const preset of listPresets().presets) {
			const {contenders} = presetPlan(preset);
			const supervised = contenders.filter(contender => contender.method === 'supervised');
			for (const contender of contenders.filter(other => other.method !== 'supervised' && other.config.augmentLabeled)) {
				augmenting++;
				const fair = supervised.find(baseline =>
					baseline.config.augmentLabeled && baseline.config.augmentEveryEpoch && isDeepStrictEqual(baseline.config.augmentation, contender.config.augmentation));
				expect(fair, `${preset.name}: ${contender.id} augments its labeled images, no supervised contender does the same`).toBeDefined();
			}

			// The plain baseline stays, id `supervised`, so gaps in sweeps keep one reference.
			expect(supervised[0]?.id, preset.name).toBe('supervised');
			expect(supervised[0]?.config.augmentLabeled, preset.name).toBe(false);
		}

		// The online methods, Noisy Student and self-training augment their labeled images: the check is not vacuous.
		expect(augmenting).toBeGreaterThanOrEqual(8);
	});

	it('thresholds races four contenders that share the split and differ only in threshold', () => {
		const plan = presetPlan(loadPreset('thresholds'));
		expect(plan.contenders.map(contender => contender.config.threshold)).toEqual([0.8, 0.5, 0.8, 0.95]);
		expect(new Set(plan.contenders.map(contender => contender.config.labeled)).size).toBe(1);
	});

	it('flags override every contender, after the contender\'s own values', () => {
		const plan = presetPlan(loadPreset('thresholds'), {threshold: 0.9, labeled: 300});
		expect(plan.contenders.map(contender => contender.config.threshold)).toEqual([0.9, 0.9, 0.9, 0.9]);
		expect(plan.race.labeled).toBe(300);
	});

	it('a preset that does not fit the dataset names its file and the count', () => {
		writeUserPreset('many', {name: 'many', description: 'Many', labeled: 5000});
		const preset = loadPreset('many', {presetsDir: userDir});
		expect(presetProblem(preset, {}, 2000, 10)).toBe(
			`preset many (${path.join(userDir, 'many.json')}): labeled 5000 is more than the 2,000 training images of this dataset; pass --labeled N (10 to 1,999)`,
		);
		expect(presetProblem(preset, {labeled: 3000}, 2000, 10)).toBe('--labeled 3000 is more than the 2,000 training images of this dataset, expected 10 to 1,999');
		expect(presetProblem(preset, {labeled: 500}, 2000, 10)).toBeUndefined();
		// A table's samples are rows.
		expect(presetProblem(preset, {labeled: 3000}, 2000, 10, undefined, 'row')).toBe('--labeled 3000 is more than the 2,000 training rows of this dataset, expected 10 to 1,999');
		expect(presetProblem(preset, {labeled: 2000}, 2000, 10, undefined, 'row')).toBe('--labeled 2000 leaves no unlabeled row among the 2,000 training rows of this dataset, expected 10 to 1,999');
		expect(presetProblem(preset, {labeled: 20}, 2000, 30)).toBe('--labeled 20 is fewer than the 30 classes of this dataset, expected at least one label per class');
	});

	it('a labeled count whose stratified share rounds a small class to 0 fits (the split gives it one); a class without samples is named', () => {
		const preset = loadPreset('quick');
		expect(presetProblem(preset, {labeled: 30}, 204, 3, {counts: [100, 100, 4], names: ['cat', 'dog', 'rare']})).toBeUndefined();
		expect(presetProblem(preset, {labeled: 30}, 200, 3, {counts: [100, 100, 0], names: ['cat', 'dog', 'rare']})).toBe(
			'--labeled 30 leaves class rare without a label: it has no training sample, expected one at least',
		);
	});
});

function semiConfig(preset: Preset): RunConfig {
	return presetPlan(preset).contenders.find(contender => contender.id === 'semi')!.config;
}
