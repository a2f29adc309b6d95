// A real headless race on a drop-in IDX folder that is not MNIST's shape: 16×16 images of 4 classes labeled 1, 3, 5 and 8.
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {writePatternDataset} from '../fixtures/idx-files.js';
import {runCli} from './run-cli.js';

type Event = {type: string; run?: string; [key: string]: unknown};

/** Every method once, with students small enough for a 256-input model. */
const everyMethod = {
	name: 'every-method',
	description: 'each method once on a small dataset',
	labeled: 40,
	contenders: [
		{id: 'supervised', method: 'supervised'},
		{id: 'semi', method: 'pseudo-label'},
		{id: 'lee', method: 'lee2013'},
		{id: 'fix', method: 'fixmatch'},
		{id: 'flex', method: 'flexmatch'},
		{id: 'noisy', method: 'noisy-student', studentHidden: [64, 32]},
	],
};

describe('a race on 16×16 images of 4 classes', () => {
	it('runs every method to the end, with the data\'s classes, and supervised learns well above chance', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'pltui-16x16-'));
		const data = path.join(dir, 'data');
		const preset = path.join(dir, 'every-method.json');
		writeFileSync(preset, JSON.stringify(everyMethod));
		mkdirSync(data);
		writePatternDataset(data, {side: 16, labelValues: [1, 3, 5, 8], train: 800, test: 200});
		const result = runCli(
			['--json', '--backend', 'wasm', '--data-dir', data, '--preset', preset, '--warmup', '4', '--epochs', '2', '--online-epochs', '2', '--rounds', '1', '--no-save'],
			undefined,
			300_000,
		);
		expect(result.status, result.stderr).toBe(0);
		const events = result.stdout.trim().split('\n').map(line => JSON.parse(line) as Event);
		expect(events[0]).toMatchObject({
			type: 'start',
			dataset: {train: 800, test: 200, labeled: 40, unlabeled: 760, info: {height: 16, width: 16, channels: 1, classNames: ['1', '3', '5', '8']}},
		});
		const done = events.at(-1) as {type: string; results: Record<string, {testAccuracy: number; status: string}>};
		expect(done.type).toBe('done');
		for (const contender of everyMethod.contenders) {
			expect(done.results[contender.id], contender.id).toMatchObject({status: 'done'});
			expect(done.results[contender.id]!.testAccuracy, contender.id).toBeGreaterThanOrEqual(0);
		}

		// Chance is 25 %: 40 labels of bars in four places are enough to be nearly always right.
		expect(done.results.supervised!.testAccuracy).toBeGreaterThan(0.6);
		// Per-class counts come in K = 4 entries, for pseudo-label rounds and online epochs alike.
		const labelEvents = events.filter(event => event.type === 'pseudo-labels') as Array<Event & {perClassAccepted: number[]; samples: Array<{pixels: number[]}>}>;
		expect(new Set(labelEvents.map(event => event.run))).toEqual(new Set(['semi', 'lee', 'fix', 'flex', 'noisy']));
		for (const event of labelEvents) {
			expect(event.perClassAccepted, event.run).toHaveLength(4);
		}
	}, 300_000);
});
