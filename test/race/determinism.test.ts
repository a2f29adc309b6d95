// The same command line gives the same numbers, whatever the threads do: a small race run headless by the built CLI
// with one core (no helper), two (the pseudo-label run's helper joins mid-run, when the supervised run ends), three (a
// helper for the supervised run from the start, then two for the pseudo-label run: a team of three) and four (a
// helper each from the start, then a team of four) must report the very same epoch accuracies and losses,
// pseudo-label counts and final accuracies — compared exactly — and record the same things that determine them in
// its summary. This machine may have fewer cores than threads: that changes the speed, never the numbers.
import {mkdtempSync, readdirSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {isolatedEnv, runCli} from '../cli/run-cli.js';
import {writePatternDataset} from '../fixtures/idx-files.js';

interface Line {
	type: string;
	run?: string;
	[key: string]: unknown;
}

const tutorial = ['--json', '--labeled', '200', '--warmup', '2', '--epochs', '2', '--rounds', '1', '--batch-size', '32', '--seed', '7'];
// An online method: every step predicts a batch and trains on a row count that changes from step to step.
const fixmatch = ['--json', '--preset', 'fixmatch', '--labeled', '200', '--warmup', '1', '--online-epochs', '1', '--seed', '7'];
// Two models per step: the student trains, the EMA teacher predicts and is blended (its weights version changes).
const meanTeacher = ['--json', '--preset', 'mean-teacher', '--labeled', '200', '--warmup', '1', '--online-epochs', '1', '--seed', '7'];

function runRace(cores: number, race = tutorial, runs = ['supervised', 'semi']) {
	const runsDir = mkdtempSync(path.join(tmpdir(), 'pltui-determinism-'));
	const result = runCli([...race, '--cores', String(cores), '--runs-dir', runsDir], isolatedEnv());
	expect(result.status, result.stderr).toBe(0);
	const lines = result.stdout.trim().split('\n').map(line => JSON.parse(line) as Line);
	const of = (run: string) => ({
		epochs: lines.filter(line => line.type === 'epoch' && line.run === run).map(({epoch, testAccuracy, loss}) => ({epoch, testAccuracy, loss})),
		pseudoLabels: lines
			.filter(line => line.type === 'pseudo-labels' && line.run === run)
			.map(({round, accepted, precision, perClassAccepted, perClassCorrect, signals}) => ({round, accepted, precision, perClassAccepted, perClassCorrect, signals})),
		final: lines.find(line => line.type === 'run-done' && line.run === run)?.testAccuracy,
	});
	const teamSteps = (run: string) =>
		lines.find(line => line.type === 'run-done' && line.run === run)?.teamSteps as {shared: number; alone: number; widest: number; augmentations: number} | undefined;
	const summaryFile = readdirSync(runsDir).find(name => name.endsWith('.json'));
	const summary = JSON.parse(readFileSync(path.join(runsDir, summaryFile!), 'utf8')) as {determinedBy: unknown};
	return {
		numbers: Object.fromEntries(runs.map(run => [run, of(run)])),
		teamSteps: Object.fromEntries(runs.map(run => [run, teamSteps(run)])),
		summary,
	};
}

describe('determinism', () => {
	it('gives bit-identical numbers with --cores 1, 2, 3 and 4 (helpers joining mid-run, teams of 2 to 4 threads)', () => {
		const one = runRace(1);
		const two = runRace(2);
		const three = runRace(3);
		const four = runRace(4);
		// The runs did differ in what matters to the threads: no helper; the semi run's joining after its start; the
		// supervised run's from (about: a thread takes a moment to start) its first step, then wider teams.
		expect(one.teamSteps).toEqual({supervised: undefined, semi: undefined});
		expect(two.teamSteps.supervised?.shared).toBe(0);
		expect(two.teamSteps.semi?.alone).toBeGreaterThan(0);
		expect(two.teamSteps.semi?.shared).toBeGreaterThan(0);
		expect(two.teamSteps.semi?.widest).toBe(2);
		expect(three.teamSteps.supervised?.alone).toBeLessThan(three.teamSteps.supervised!.shared);
		expect(three.teamSteps.supervised?.shared).toBeGreaterThan(0);
		expect(three.teamSteps.semi?.widest).toBe(3);
		expect(four.teamSteps.supervised?.shared).toBeGreaterThan(0);
		expect(four.teamSteps.semi?.widest).toBe(4);
		// Something was learned and labeled, so equal numbers are not equal nothings.
		expect(one.numbers.semi!.epochs).toHaveLength(4);
		expect(one.numbers.semi!.pseudoLabels[0]!.accepted).toBeGreaterThan(1000);
		expect(one.numbers.semi!.final).toBeGreaterThan(0.6);
		expect(two.numbers).toEqual(one.numbers);
		expect(three.numbers).toEqual(one.numbers);
		expect(four.numbers).toEqual(one.numbers);
		expect(one.summary.determinedBy).toMatchObject({dataset: expect.stringMatching(/^sha256:[\da-f]{64}$/) as string, engine: 'direct', backend: 'wasm'});
		for (const other of [two, three, four]) expect(other.summary.determinedBy).toEqual(one.summary.determinedBy);
	}, 240_000);

	it('gives bit-identical numbers for an online method (FixMatch) alone, with a helper joining mid-run, and in a team of 4', () => {
		const runs = ['supervised', 'fixmatch'];
		const one = runRace(1, fixmatch, runs);
		const two = runRace(2, fixmatch, runs);
		const four = runRace(4, fixmatch, runs);
		expect(two.teamSteps.fixmatch?.alone).toBeGreaterThan(0);
		expect(two.teamSteps.fixmatch?.shared).toBeGreaterThan(0);
		expect(four.teamSteps.fixmatch?.widest).toBe(4);
		// The helpers took blocks of the weak and strong views too (engine/team.ts augment), to the same numbers.
		expect(one.teamSteps.fixmatch?.augmentations ?? 0).toBe(0);
		expect(four.teamSteps.fixmatch?.augmentations).toBeGreaterThan(0);
		expect(one.numbers.fixmatch!.pseudoLabels[0]!.accepted).toBeGreaterThan(100);
		expect(one.numbers.fixmatch!.final).toBeGreaterThan(0.6);
		expect(two.numbers).toEqual(one.numbers);
		expect(four.numbers).toEqual(one.numbers);
	}, 180_000);

	it('gives bit-identical numbers for Mean Teacher, its teacher\'s accuracy included, alone and with helpers from the start', () => {
		const runs = ['supervised', 'mean-teacher'];
		const one = runRace(1, meanTeacher, runs);
		const three = runRace(3, meanTeacher, runs);
		expect(three.teamSteps['mean-teacher']?.shared).toBeGreaterThan(0);
		expect(three.teamSteps['mean-teacher']?.widest).toBeGreaterThanOrEqual(2);
		const teacher = (one.numbers['mean-teacher']!.pseudoLabels[0]!.signals as Array<{name: string; value: number}>).find(signal => signal.name === 'teacher');
		expect(teacher?.value).toBeGreaterThan(0.6);
		expect(three.numbers).toEqual(one.numbers);
	}, 150_000);

	it('gives bit-identical numbers for VAT (an input-gradient pass every step, on the lead), alone and with a helper from the start', () => {
		// A small 28×28 dataset keeps the two races short: 7,800 pool images, 35 steps an epoch.
		const data = mkdtempSync(path.join(tmpdir(), 'pltui-determinism-data-'));
		writePatternDataset(data, {side: 28, labelValues: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], train: 8000, test: 1000});
		const vat = ['--json', '--preset', 'vat', '--data-dir', data, '--labeled', '200', '--warmup', '1', '--online-epochs', '2', '--seed', '7'];
		const runs = ['supervised', 'vat'];
		const one = runRace(1, vat, runs);
		const three = runRace(3, vat, runs);
		expect(three.teamSteps.vat?.shared).toBeGreaterThan(0);
		const signal = (name: string) => (one.numbers.vat!.pseudoLabels[1]!.signals as Array<{name: string; value: number}>).find(candidate => candidate.name === name)?.value;
		expect(signal('KL')).toBeGreaterThan(0);
		expect(one.numbers.vat!.final).toBeGreaterThan(0.6);
		expect(three.numbers).toEqual(one.numbers);
	}, 150_000);

	it('gives bit-identical numbers for Lee 2013 with elastic distortion (jobs of labeled images the helpers share), alone and with helpers from the start', () => {
		// MNIST: its training images are the ones the helpers share (a job over other images runs on the lead alone).
		const lee = ['--json', '--preset', 'lee2013', '--labeled', '200', '--warmup', '1', '--online-epochs', '1', '--seed', '7'];
		const runs = ['supervised', 'sup-aug', 'lee'];
		const one = runRace(1, lee, runs);
		// Six threads: a helper for each contender from the start (three for Lee once the others are done).
		const six = runRace(6, lee, runs);
		// The helpers took blocks of the elastic jobs: sup+aug's labeled set each epoch, Lee's labeled images each step.
		expect(one.teamSteps.lee?.augmentations ?? 0).toBe(0);
		expect(six.teamSteps['sup-aug']?.augmentations).toBeGreaterThan(0);
		expect(six.teamSteps.lee?.augmentations).toBeGreaterThan(100);
		expect(one.numbers.lee!.final).toBeGreaterThan(0.6);
		expect(six.numbers).toEqual(one.numbers);
	}, 150_000);
});
