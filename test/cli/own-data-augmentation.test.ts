// The presets' labeled augmentation is tuned for MNIST digits: on the user's own data it is off unless asked for, and a
// preset's sup+aug, then the same run as supervised, leaves the race. Unit rules, then the built CLI on a real race.
import {describe, expect, it} from 'vitest';
import {resolveRace} from '../../source/config/contenders.js';
import {loadPreset, presetPlan} from '../../source/config/presets.js';
import {ownDataFlags} from '../../source/cli/own-data-augmentation.js';
import {runCli} from './run-cli.js';

const data = {path: 'survey.csv', options: {}};

describe('ownDataFlags', () => {
	it('turns the labeled augmentation off on --data and --data-dir, with a note saying why and how to keep it', () => {
		for (const request of [{data, keepAugmentation: false}, {dataDir: '/tmp/fashion', keepAugmentation: false}]) {
			const own = ownDataFlags(request, {seed: 3});
			// Mean Teacher's views and Noisy Student's noise become Gaussian instead of the digits' affine.
			expect(own.flags).toEqual({seed: 3, augmentLabeled: false, teacherNoise: 0.15, studentNoise: 0.15});
			expect(own.note).toMatch(/tuned for MNIST digits.*--keep-augmentation/);
			// Short: the dashboard's one notes line shows it after the loader's own where they are short.
			expect(own.note!.length).toBeLessThanOrEqual(100);
		}
	});

	it('leaves MNIST, --keep-augmentation and an explicit --augment-labeled / --no-augment-labeled / --teacher-noise alone', () => {
		expect(ownDataFlags({keepAugmentation: false}, {seed: 3})).toEqual({flags: {seed: 3}});
		expect(ownDataFlags({data, keepAugmentation: true}, {})).toEqual({flags: {}});
		expect(ownDataFlags({data, keepAugmentation: false}, {augmentLabeled: true})).toEqual({flags: {augmentLabeled: true, teacherNoise: 0.15, studentNoise: 0.15}});
		// --teacher-noise on the command line wins (0 keeps the affine views).
		expect(ownDataFlags({data, keepAugmentation: false}, {teacherNoise: 0, studentNoise: 0.05})).toEqual({flags: {teacherNoise: 0, studentNoise: 0.05, augmentLabeled: false}, note: expect.any(String) as string});
	});
});

describe('identical supervised contenders', () => {
	it("drop out: the methods preset's sup+aug once nothing augments, and only then", () => {
		const methods = loadPreset('methods');
		expect(presetPlan(methods).contenders.map(contender => contender.id)).toEqual(['supervised', 'sup-aug', 'semi', 'lee', 'flexmatch']);
		expect(presetPlan(methods, {augmentLabeled: false}).contenders.map(contender => contender.id)).toEqual(['supervised', 'semi', 'lee', 'flexmatch']);
		// Two supervised contenders that differ in anything that trains differently both race.
		const plan = resolveRace({}, [
			{id: 'supervised', name: 'supervised', method: 'supervised', patch: {}},
			{id: 'fast', name: 'fast', method: 'supervised', patch: {learningRate: 0.003}},
			{id: 'same', name: 'same', method: 'supervised', patch: {augmentEveryEpoch: true}},
		]);
		expect(plan.contenders.map(contender => contender.id)).toEqual(['supervised', 'fast']);
	});
});

describe('a race on own data (the built CLI)', () => {
	const tiny = ['--labeled', '20', '--warmup', '1', '--online-epochs', '1', '--rounds', '1', '--epochs', '1', '--no-save', '--json', '--preset', 'methods'];
	const start = (args: string[]) => {
		const result = runCli(['--data', 'synthetic', ...tiny, ...args], undefined, 120_000);
		expect(result.status, result.stderr).toBe(0);
		return JSON.parse(result.stdout.split('\n')[0]!) as {contenders: Array<{id: string; config: {augmentLabeled: boolean}}>; dataset: {notes?: string[]}};
	};

	it('races without augmentation and without sup+aug, and says so once; --keep-augmentation restores the preset', () => {
		const plain = start([]);
		expect(plain.contenders.map(contender => [contender.id, contender.config.augmentLabeled])).toEqual([['supervised', false], ['semi', false], ['lee', false], ['flexmatch', false]]);
		expect(plain.dataset.notes?.filter(note => note.includes('--keep-augmentation'))).toHaveLength(1);
		expect(plain.dataset.notes?.at(-1)).toContain('--keep-augmentation');
		const kept = start(['--keep-augmentation']);
		expect(kept.contenders.map(contender => [contender.id, contender.config.augmentLabeled])).toEqual([['supervised', false], ['sup-aug', true], ['semi', false], ['lee', true], ['flexmatch', true]]);
		expect(kept.dataset.notes?.some(note => note.includes('--keep-augmentation'))).toBe(false);
	}, 240_000);

	it('--keep-augmentation without own data is one line, exit 2', () => {
		const result = runCli(['--keep-augmentation', '--dry-run'], undefined, 60_000);
		expect(result.status).toBe(2);
		expect(result.stderr.trim().split('\n')).toEqual(["pseudolabel-tui: --keep-augmentation is for --data or --data-dir: on the embedded MNIST the presets' augmentation is always raced"]);
	});
});
