import {describe, expect, it} from 'vitest';
import {presetsCommand} from '../../source/cli/commands/presets.js';
import {listPresets} from '../../source/config/presets.js';
import {displayWidth} from '../../source/text/wrap.js';

function presetsAt(width: number): string[] {
	let out = '';
	expect(presetsCommand({stdout: text => (out += text), stderr: () => undefined, width})).toBe(0);
	return out.trimEnd().split('\n');
}

const {presets} = listPresets({});

describe('presets laid out to a width', () => {
	it('at 60 columns: descriptions hang under their column, contenders one per line when they do not share one', () => {
		const lines = presetsAt(60);
		expect(Math.max(...lines.map(line => displayWidth(line)))).toBeLessThanOrEqual(60);
		const column = Math.max(...presets.map(preset => preset.name.length)) + 2;
		const first = lines.findIndex(line => line.startsWith('thresholds '));
		expect(lines[first]!.indexOf('Pseudo-labels')).toBe(column);
		expect(lines[first + 1]!.search(/\S/)).toBe(column);
		expect(lines).toContain(`${' '.repeat(column)}4 contenders:`);
		expect(lines).toContain(`${' '.repeat(column + 2)}t95 (self-training: threshold 0.95)`);
	});

	it('at 40 columns: each name on its own line, the rest indented under it, every preset and contender kept', () => {
		const lines = presetsAt(40);
		expect(Math.max(...lines.map(line => displayWidth(line)))).toBeLessThanOrEqual(40);
		for (const preset of presets) {
			const at = lines.indexOf(preset.name);
			expect(at, preset.name).toBeGreaterThanOrEqual(0);
			expect(lines[at + 1]).toMatch(/^ {2}\S/);
			for (const contender of preset.contenders ?? []) expect(lines.some(line => line.trimStart().startsWith(`${contender.id} (`))).toBe(true);
		}
	});
});
