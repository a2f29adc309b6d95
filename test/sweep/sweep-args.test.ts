// The sweep's flags as the CLI reads them: `--vary` written with the race flag's dashes, and --help naming the
// scheduler options.
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

	it('documents --plan-command and race flags for --vary in --help', () => {
		// Wrapping may break a line inside a phrase: compare with the line breaks undone.
		const help = helpText().replaceAll(/\s+/g, ' ');
		expect(help).toContain('--plan-command CMD');
		expect(help).toContain('--vary warmup=5,10');
	});
});
