// The sweep's flags as the CLI reads them: `--vary` written with the race flag's dashes, and --help naming the
// scheduler options.
import {mkdtempSync, realpathSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {settingsCatalog} from '../../source/cli/knob-catalog.js';
import {helpText} from '../../source/cli/help-text.js';
import {parseCli} from '../../source/cli/parse-args.js';
import {parseVary} from '../../source/sweep/grid.js';

describe('sweep flags', () => {
	it('takes --vary --warmup=5,10 as one grid knob, not as a race flag', () => {
		const request = parseCli(['sweep', '--preset', 'quick', '--vary', '--warmup=5,10', '--vary', 'threshold=0.5,0.8', '--epochs', '2']);
		expect(request.sweep!.vary).toEqual(['--warmup=5,10', 'threshold=0.5,0.8']);
		expect(request.sweep!.raceArgs).toEqual(['--epochs', '2']);
		expect(parseVary(request.sweep!.vary, settingsCatalog).map(knob => [knob.name, knob.flag, knob.values])).toEqual([
			['warmupEpochs', '--warmup', ['5', '10']],
			['threshold', '--threshold', ['0.5', '0.8']],
		]);
	});

	it('gives a race the flags the one-seed hint\'s sweep takes: the data and settings, not seed, output or preset', async () => {
		const request = parseCli(['--preset', 'quick', '--data', 'my data.csv', '--drop', 'id', '--seed', '7', '--json', '--runs-dir', '/tmp/r', '--warmup=3', '--no-augment-labeled', '--cores', '2']);
		expect(request.sweepFlags).toEqual(['--data', 'my data.csv', '--drop', 'id', '--warmup=3', '--no-augment-labeled']);
		const {sweepHint} = await import('../../source/text/sweep-hint.js');
		expect(sweepHint('quick', request.sweepFlags)).toBe("sweep --preset quick --data 'my data.csv' --drop id --warmup=3 --no-augment-labeled --seeds 3");
		expect(sweepHint('tutorial')).toBe('sweep --preset tutorial --seeds 3');
		// The command a sweep's own hint would race: it takes these words as race flags, unchanged.
		const sweep = parseCli(['sweep', '--preset', 'quick', ...request.sweepFlags, '--seeds', '3']);
		expect(sweep.sweep!.raceArgs).toEqual(request.sweepFlags);
	});

	it('names the data by its absolute path where it exists, so the hint works from any folder; "synthetic" as typed', () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'pltui-flags-'));
		writeFileSync(path.join(folder, 'flowers.csv'), 'a,b\n1,x\n');
		const cwd = process.cwd();
		try {
			process.chdir(folder);
			expect(parseCli(['--data', 'flowers.csv', '--drop', 'id']).sweepFlags).toEqual(['--data', path.join(realpathSync(folder), 'flowers.csv'), '--drop', 'id']);
			expect(parseCli(['--data=flowers.csv']).sweepFlags).toEqual([`--data=${path.join(realpathSync(folder), 'flowers.csv')}`]);
			expect(parseCli(['--data', 'synthetic']).sweepFlags).toEqual(['--data', 'synthetic']);
		} finally {
			process.chdir(cwd);
		}
	});

	it('documents --plan-command and race flags for --vary in --help', () => {
		// Wrapping may break a line inside a phrase: compare with the line breaks undone.
		const help = helpText().replaceAll(/\s+/g, ' ');
		expect(help).toContain('--plan-command CMD');
		expect(help).toContain('--vary warmup=5,10');
	});
});
