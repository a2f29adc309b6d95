// A model that gives nearly every test sample one class says so: real races on the built-in synthetic table, one
// whose learning rate throws the model onto one class, one that learns.
import {describe, expect, it} from 'vitest';
import {runCli} from './run-cli.js';

const race = ['--data', 'synthetic', '--preset', 'quick', '--warmup', '1', '--rounds', '1', '--seed', '1', '--no-save'];

interface EpochLine {
	type: string;
	run: string;
	epoch: number;
	testAccuracy: number;
	oneClass?: {label: number; share: number};
}

function epochs(args: string[]): EpochLine[] {
	const result = runCli([...race, ...args, '--json']);
	expect(result.status, result.stderr).toBe(0);
	return result.stdout.trim().split('\n').map(line => JSON.parse(line) as EpochLine).filter(event => event.type === 'epoch');
}

describe('a model that gives one class to nearly every test sample', () => {
	it('is named in its epoch events and lines, the class by name; a model that learned is not', () => {
		const thrown = epochs(['--labeled', '20', '--epochs', '2', '--learning-rate', '1']);
		const supervised = thrown.filter(event => event.run === 'supervised');
		expect(supervised.length).toBeGreaterThan(0);
		for (const event of supervised) {
			expect(event.oneClass?.share).toBeGreaterThanOrEqual(0.9);
			// One of four balanced classes, so about a quarter right.
			expect(event.testAccuracy).toBeLessThan(0.35);
		}

		const text = runCli([...race, '--labeled', '20', '--epochs', '2', '--learning-rate', '1']);
		expect(text.status, text.stderr).toBe(0);
		expect(text.stdout).toMatch(/supervised epoch +2 .* calls \d+\.\d\d% of test rows "(north|east|south|west)"/s);

		const learned = epochs(['--labeled', '400', '--epochs', '3']);
		expect(learned.at(-1)!.testAccuracy).toBeGreaterThan(0.5);
		expect(learned.filter(event => event.oneClass !== undefined && event.epoch === 3)).toEqual([]);
	}, 120_000);
});
