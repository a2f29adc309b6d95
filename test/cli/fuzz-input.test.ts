// Fuzzes every knob through flags and preset files (top level, nested groups, contenders): whatever comes in, the CLI
// ends with exit 0 or 2 and at most one line on stderr, never a stack trace. Runs main() in-process with --dry-run on
// a tiny dataset, so a few hundred cases take seconds.
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {knobs, type KnobEntry} from '../../source/config/knobs.js';
import {main} from '../../source/cli/main.js';
import {createRandom} from '../../source/core/random.js';
import {writeBlankDataset} from '../fixtures/idx-files.js';


const root = mkdtempSync(path.join(tmpdir(), 'pltui-fuzz-'));
const data = path.join(root, 'data');
const presets = path.join(root, 'presets');
// Preset files are passed by path from a folder of their own: broken files in the presets folder would add a warning line to every run.
const files = path.join(root, 'files');

beforeAll(() => {
	mkdirSync(data);
	mkdirSync(presets);
	mkdirSync(files);
	mkdirSync(path.join(files, 'folder.json'));
	writeBlankDataset(data, 2000, 10);
	vi.stubEnv('PSEUDOLABEL_TUI_CONFIG_DIR', path.join(root, 'config'));
	vi.stubEnv('PSEUDOLABEL_TUI_DATA_DIR', path.join(root, 'share'));
});

afterAll(() => {
	vi.unstubAllEnvs();
});

/** Values that break rules, and a few that keep them: as JSON and as flag text. */
const jsonValues: unknown[] = ['abc', '', true, false, null, [], {}, [1, 2], -1, 0, 0.5, 1, 2.5, 1e300, -1e300, 10, 1000, 5000, 2_000_000];
const textValues = ['abc', '', 'NaN', 'Infinity', '-Infinity', '-1', '0', '0.5', '1', '2.5', '1e300', '10', '1000', '5000', '0x10', '1,2', '3,4,5', 'true', 'no', ' 7 '];

async function run(argv: string[]): Promise<{code: number; stderr: string; stdout: string}> {
	let stderr = '';
	let stdout = '';
	const err = vi.spyOn(process.stderr, 'write').mockImplementation(chunk => {
		stderr += String(chunk);
		return true;
	});
	const out = vi.spyOn(process.stdout, 'write').mockImplementation(chunk => {
		stdout += String(chunk);
		return true;
	});
	try {
		const code = await main([...argv, '--dry-run', '--data-dir', data, '--presets-dir', presets]);
		return {code, stderr, stdout};
	} finally {
		err.mockRestore();
		out.mockRestore();
	}
}

function presetWith(name: string, body: unknown): string {
	const file = path.join(files, `${name}.json`);
	writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body));
	return file;
}

function pick<T>(items: readonly T[], random: () => number): T {
	return items[Math.floor(random() * items.length)]!;
}

function knobBody(knob: KnobEntry, value: unknown): Record<string, unknown> {
	return knob.group ? {[knob.group]: {[knob.field]: value}} : {[knob.field]: value};
}

describe('fuzzed input never becomes a stack trace', () => {
	it('flags and preset files: exit 0 or 2, at most one stderr line, never "at …"', async () => {
		const random = createRandom(20_261_201);
		const outcomes = new Map<string, number>();
		const cases: Array<{label: string; argv: string[]}> = [];
		for (const knob of knobs) {
			for (let i = 0; i < 3; i++) {
				const text = pick(textValues, random);
				cases.push({label: `--${knob.flag} ${JSON.stringify(text)}`, argv: knob.rule.kind === 'boolean' ? [`--${knob.flag}`, text] : [`--${knob.flag}`, text]});
				const value = pick(jsonValues, random);
				const top = presetWith(`f-${knob.name}-${i}`, {name: `f-${knob.name}-${i}`, description: 'fuzz', ...knobBody(knob, value)});
				cases.push({label: `preset ${knob.path}=${JSON.stringify(value)}`, argv: ['--preset', top]});
				if (knob.scope === 'contender' || random() < 0.3) {
					const inContender = presetWith(`c-${knob.name}-${i}`, {
						name: `c-${knob.name}-${i}`,
						description: 'fuzz',
						contenders: [{id: 'a', method: pick(['supervised', 'pseudo-label', 'fixmatch', 'bogus'], random), ...knobBody(knob, value)}],
					});
					cases.push({label: `contender ${knob.path}=${JSON.stringify(value)}`, argv: ['--preset', inContender]});
				}
			}
		}

		const misspelled = ['treshold', 'labled', 'warmup', 'epochs', 'augmentation.zooom', 'contender', 'Threshold'];
		for (const key of misspelled) {
			const [group, field] = key.includes('.') ? key.split('.') : [undefined, key];
			const body = group ? {[group]: {[field!]: 1}} : {[key]: 1};
			cases.push({label: `unknown key ${key}`, argv: ['--preset', presetWith(`k-${key.replace('.', '-')}`, {name: `k-${key.replace('.', '-')}`, description: 'x', ...body})]});
		}

		for (const [index, text] of ['', 'null', '[]', '42', '"x"', '{', '{"name": "e0"}', '{"name": 5, "description": "x"}'].entries()) {
			cases.push({label: `file ${JSON.stringify(text)}`, argv: ['--preset', presetWith(`e${index}`, text)]});
		}

		cases.push(
			{label: 'unreadable preset (a folder)', argv: ['--preset', path.join(files, 'folder.json')]},
			{label: 'missing preset file', argv: ['--preset', path.join(files, 'absent.json')]},
			{label: 'contenders 0', argv: ['--preset', presetWith('n0', {name: 'n0', description: 'x', contenders: []})]},
			{label: 'contenders 7', argv: ['--preset', presetWith('n7', {name: 'n7', description: 'x', contenders: Array.from({length: 7}, (_, i) => ({id: `c${i}`, method: 'supervised'}))})]},
			{label: 'duplicate ids', argv: ['--preset', presetWith('dup', {name: 'dup', description: 'x', contenders: [{id: 'a', method: 'supervised'}, {id: 'a', method: 'supervised'}]})]},
			{label: 'labeled above the dataset', argv: ['--preset', presetWith('many', {name: 'many', description: 'x', labeled: 5000})]},
			{label: 'flag without value', argv: ['--threshold']},
			{label: 'boolean with value', argv: ['--augment-labeled=yes']},
			{label: 'both boolean forms', argv: ['--soft-targets', '--no-soft-targets']},
			{label: 'stray positional', argv: ['banana']},
		);

		expect(cases.length).toBeGreaterThan(200);
		for (const {label, argv} of cases) {
			const result = await run(argv);
			expect([0, 2], `${label}: exit ${result.code}: ${result.stderr}`).toContain(result.code);
			const lines = result.stderr.trim() === '' ? [] : result.stderr.trim().split('\n');
			expect(lines.length, `${label}: ${result.stderr}`).toBeLessThanOrEqual(1);
			expect(result.stderr, label).not.toMatch(/\n\s+at |Error:|undefined|\[object /);
			if (result.code === 0) expect(result.stdout, label).toMatch(/^preset /);
			const line = lines[0] ?? '';
			const kind =
				result.code === 0
					? 'valid, resolved (exit 0)'
					: /training images of this dataset/.test(line)
						? 'does not fit the dataset (exit 2)'
						: /\.json/.test(line)
							? 'preset file error naming file and field (exit 2)'
							: /^pseudolabel-tui: (--|unknown)/.test(line)
								? 'flag error naming the flag (exit 2)'
								: `other: ${line}`;
			outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
		}

		expect([...outcomes.keys()].filter(kind => kind.startsWith('other')).join('\n'), 'every failure names its source').toBe('');
		// The tally goes to the log so a closing note can quote it.
		console.log(`fuzz: ${cases.length} cases: ${[...outcomes].map(([kind, count]) => `${count} ${kind}`).join(', ')}`);
	}, 60_000);
});
