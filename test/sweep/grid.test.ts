import {spawnSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {InputError} from '../../source/core/input-error.js';
import {settingsCatalog} from '../../source/cli/knob-catalog.js';
import {buildTrials, cellId, defaultJobs, folderSafe, parseCellId, parseJobs, parseSeeds, parseTrialId, parseVary} from '../../source/sweep/grid.js';
import {defaultPlanProgram, planCommands} from '../../source/sweep/plan.js';
import {shellQuote} from '../../source/sweep/shell-quote.js';
import {testCatalog} from './fixtures/catalog.js';

function inputError(run: () => unknown): string {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(InputError);
		const message = (error as Error).message;
		expect(message).not.toContain('\n');
		return message;
	}

	throw new Error('expected an InputError');
}

describe('parseSeeds', () => {
	it('reads a count as seeds 1..N and a list as itself', () => {
		expect(parseSeeds('5', testCatalog)).toEqual([1, 2, 3, 4, 5]);
		expect(parseSeeds('42,7, 0', testCatalog)).toEqual([42, 7, 0]);
		expect(parseSeeds(undefined, testCatalog)).toEqual([1, 2, 3]);
	});

	it('names the flag and what was expected', () => {
		expect(inputError(() => parseSeeds('x', testCatalog))).toMatch(/^--seeds: expected a count .* got "x"$/);
		expect(inputError(() => parseSeeds('1,,2', testCatalog))).toMatch(/^--seeds: expected/);
		expect(inputError(() => parseSeeds('-3', testCatalog))).toMatch(/^--seeds: expected/);
		expect(inputError(() => parseSeeds('0', testCatalog))).toBe('--seeds: expected a count from 1 to 10000, got 0');
		expect(inputError(() => parseSeeds('1,2,1', testCatalog))).toBe('--seeds: seed 1 is listed twice');
	});

	it('takes the seed range from the seed knob of the settings table (D10)', () => {
		// The seed knob allows 2^32 − 1 (32-bit generators); the sweep used to cap seeds at 2^31 − 1 on its own.
		expect(parseSeeds('4294967295,1', settingsCatalog)).toEqual([4_294_967_295, 1]);
		expect(inputError(() => parseSeeds('4294967296,1', settingsCatalog))).toBe(
			'--seeds: each seed is a whole number from 0 to 4294967295, got 4294967296',
		);
		// Another catalog, another range: the bound is not written in the sweep code.
		expect(inputError(() => parseSeeds('2147483648,1', testCatalog))).toBe('--seeds: each seed is a whole number from 0 to 2147483647, got 2147483648');
	});
});

describe('parseVary', () => {
	it('keeps knobs and values in the order given', () => {
		expect(parseVary(['threshold=0.5,0.8', 'labeled=100,1000'], testCatalog)).toEqual([
			{name: 'threshold', flag: '--threshold', values: ['0.5', '0.8']},
			{name: 'labeled', flag: '--labeled', values: ['100', '1000']},
		]);
	});

	it('names a knob as the race does: its flag, with or without dashes; the knob name and config path work too', () => {
		const warmup = [{name: 'warmupEpochs', flag: '--warmup', values: ['5', '10']}];
		expect(parseVary(['warmup=5,10'], testCatalog)).toEqual(warmup);
		expect(parseVary(['--warmup=5,10'], testCatalog)).toEqual(warmup);
		expect(parseVary(['warmupEpochs=5,10'], testCatalog)).toEqual(warmup);
		// The real settings table: flags, names and paths of grouped knobs.
		expect(parseVary(['strong-rotation=10,30', 'rotation=0,10'], settingsCatalog).map(knob => [knob.name, knob.flag])).toEqual([
			['strongRotationDeg', '--strong-rotation'],
			['rotationDeg', '--rotation'],
		]);
		expect(parseVary(['augmentation.rotationDeg=5'], settingsCatalog)[0]!.flag).toBe('--rotation');
		expect(parseVary(['learning-rate=0.001'], settingsCatalog)[0]!.name).toBe('learningRate');
		expect(inputError(() => parseVary(['warmup=5', 'warmupEpochs=10'], testCatalog))).toMatch(/^--vary warmup: given twice/);
		expect(inputError(() => parseVary(['--warmup=-1'], testCatalog))).toBe('--vary warmup=-1: a whole number from 0 to 500');
	});

	it('answers an unknown knob with one line, a did-you-mean in flag words, and the flags', () => {
		expect(inputError(() => parseVary(['warmpu=5'], testCatalog))).toMatch(/^--vary: unknown knob "warmpu": did you mean warmup\? \(knobs, by their race flags: labeled, threshold, rounds, epochs, warmup\)$/);
		expect(inputError(() => parseVary(['learning-rat=0.1'], settingsCatalog))).toMatch(/^--vary: unknown knob "learning-rat": did you mean learning-rate\? /);
		// A typo of the knob name is answered with the flag a user types.
		expect(inputError(() => parseVary(['warmupEpoch=5'], settingsCatalog))).toMatch(/did you mean warmup\?/);
	});

	it('rejects bad specs in one line naming --vary', () => {
		expect(inputError(() => parseVary(['threshold'], testCatalog))).toMatch(/^--vary: expected flag=value,value/);
		expect(inputError(() => parseVary(['thresold=0.5'], testCatalog))).toMatch(/^--vary: unknown knob "thresold": did you mean threshold\? \(knobs, by their race flags: labeled, threshold/);
		expect(inputError(() => parseVary(['threshold=0.5,1.5'], testCatalog))).toBe(
			'--vary threshold=1.5: a number between 0 and 1 (exclusive)',
		);
		expect(inputError(() => parseVary(['threshold=0.5,'], testCatalog))).toMatch(/^--vary threshold: expected comma-separated values/);
		expect(inputError(() => parseVary(['threshold=0.5', 'threshold=0.8'], testCatalog))).toMatch(/^--vary threshold: given twice/);
		expect(inputError(() => parseVary(['labeled=100,100'], testCatalog))).toBe('--vary labeled: value 100 is listed twice');
		expect(inputError(() => parseVary(['seed=1,2'], testCatalog))).toMatch(/^--vary seed: choose seeds with --seeds/);
	});
});

describe('jobs', () => {
	it('defaults to the races that fit the cores and checks --jobs', () => {
		expect(defaultJobs(2, 2)).toBe(1);
		expect(defaultJobs(8, 3)).toBe(2);
		expect(defaultJobs(1, 4)).toBe(1);
		expect(parseJobs(undefined, 3)).toBe(3);
		expect(parseJobs('4', 1)).toBe(4);
		expect(inputError(() => parseJobs('0', 1))).toBe('--jobs: expected a whole number from 1 to 256, got "0"');
	});
});

describe('buildTrials', () => {
	const vary = parseVary(['threshold=0.5,0.8', 'labeled=100'], testCatalog);

	it('crosses the grid with the seeds, seed-major, with stable folders and race arguments', () => {
		const trials = buildTrials({preset: 'quick', seeds: [1, 2], vary, sweepDir: '/tmp/sw', catalog: testCatalog, extraArgs: ['--backend', 'wasm']});
		expect(trials.map(trial => trial.id)).toEqual([
			'threshold=0.5,labeled=100/seed-1',
			'threshold=0.8,labeled=100/seed-1',
			'threshold=0.5,labeled=100/seed-2',
			'threshold=0.8,labeled=100/seed-2',
		]);
		expect(trials[0]!.dir).toBe('/tmp/sw/threshold=0.5,labeled=100/seed-1');
		expect(trials[0]!.args).toEqual([
			'--preset', 'quick', '--seed', '1', '--threshold', '0.5', '--labeled', '100', '--backend', 'wasm',
			'--json', '--no-export', '--runs-dir', '/tmp/sw/threshold=0.5,labeled=100/seed-1',
		]);
	});

	it('names a trial by its seed alone when nothing varies', () => {
		const trials = buildTrials({preset: 'quick', seeds: [3], vary: [], sweepDir: '/s', catalog: testCatalog});
		expect(trials.map(trial => [trial.id, trial.cell])).toEqual([['seed-3', '']]);
	});

	it('names folders by flags, and parseCellId / parseTrialId read them back', () => {
		const grid = parseVary(['warmup=5,10', 'threshold=0.5'], testCatalog);
		const [trial] = buildTrials({preset: 'quick', seeds: [2], vary: grid, sweepDir: '/s', catalog: testCatalog});
		expect(trial!.id).toBe('warmup=5,threshold=0.5/seed-2');
		expect(trial!.args.slice(4, 8)).toEqual(['--warmup', '5', '--threshold', '0.5']);
		expect(parseTrialId(trial!.id)).toEqual({seed: 2, settings: [{flag: '--warmup', value: '5'}, {flag: '--threshold', value: '0.5'}]});
		expect(parseTrialId('seed-7')).toEqual({seed: 7, settings: []});
		expect(parseTrialId('warmup=5/not-a-seed')).toBeUndefined();
		expect(parseCellId('no pairs here')).toBeUndefined();
		for (const settings of [
			[{flag: '--student-hidden', value: '512,256'}],
			[{flag: '--threshold', value: '0.5'}, {flag: '--labeled', value: 'a/b c=,%é'}],
			[],
		]) {
			expect(parseCellId(cellId(settings))).toEqual(settings);
		}
	});

	it('keeps folder names safe and distinct', () => {
		expect(folderSafe('0.5')).toBe('0.5');
		expect(folderSafe('a/b c')).toBe('a%2Fb%20c');
		expect(folderSafe('50%')).toBe('50%25');
		expect(folderSafe('..')).toBe('%2E%2E');
		expect(folderSafe('é')).toBe('%C3%A9');
	});
});

describe('plan', () => {
	it('prints one self-contained, quoted command per trial', () => {
		const trials = buildTrials({preset: "my 'preset'.json", seeds: [1], vary: [], sweepDir: '/tmp/a b', catalog: testCatalog});
		const [line] = planCommands(trials, defaultPlanProgram('/opt/pl tui/dist/source/cli.js'));
		expect(line).toBe(
			String.raw`node '/opt/pl tui/dist/source/cli.js' sweep trial --preset 'my '\''preset'\''.json' --seed 1 --json --no-export --runs-dir '/tmp/a b/seed-1' > /dev/null`,
		);
		// The shell gives the program back the exact words.
		const echoed = spawnSync('sh', ['-c', line!.replace(/^node '[^']+'/, 'printf "%s\\n"').replace(' > /dev/null', '')], {encoding: 'utf8'});
		expect(echoed.stdout.trimEnd().split('\n')).toEqual(['sweep', 'trial', ...trials[0]!.args]);
		expect(planCommands(trials, 'pl', 3)[0]).toMatch(/^pl sweep trial --jobs 3 --preset /);
	});

	it('quotes only what needs it', () => {
		expect(shellQuote('threshold=0.5,labeled=100')).toBe('threshold=0.5,labeled=100');
		expect(shellQuote('')).toBe("''");
		expect(shellQuote('$HOME')).toBe("'$HOME'");
	});
});
