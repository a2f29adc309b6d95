import {describe, expect, it} from 'vitest';
import {displayWidth, firstThatFits, hangingRows, truncate, wrapParagraphs, wrapText, wrapUnderName} from '../../source/text/wrap.js';

const widest = (lines: string[]) => Math.max(...lines.map(line => displayWidth(line)));

describe('displayWidth', () => {
	it('counts CJK and emoji two columns, combining marks none, the project\'s symbols one', () => {
		expect(displayWidth('abc')).toBe(3);
		expect(displayWidth('数字')).toBe(4);
		expect(displayWidth('한글')).toBe(4);
		expect(displayWidth('🚀x')).toBe(3);
		expect(displayWidth('e\u0301')).toBe(1);
		expect(displayWidth('—…±←✓✗·α')).toBe(8);
	});

	it('truncate and firstThatFits measure columns, not code points', () => {
		expect(truncate('数字数字', 5)).toBe('数字…');
		expect(displayWidth(truncate('数字数字', 5))).toBeLessThanOrEqual(5);
		expect(firstThatFits(['数字数字数字', 'short'], 8)).toBe('short');
	});
});

describe('wrapText', () => {
	it('wraps CJK words by their width', () => {
		const lines = wrapText('数字 数字 数字 数字', 10);
		expect(lines).toEqual(['数字 数字', '数字 数字']);
	});

	it('cuts a word longer than the line by default (panels) and keeps it whole with longWords keep (printed text)', () => {
		const path = '/a/very/long/path/that/does/not/fit/presets.json';
		expect(wrapText(`see ${path} now`, 20)).toEqual(['see', '/a/very/long/path/t…', 'now']);
		expect(wrapText(`see ${path} now`, 20, '', 'keep')).toEqual(['see', path, 'now']);
	});
});

describe('hangingRows', () => {
	const rows: Array<[string, string]> = [
		['--cores N', 'cores a race may keep busy (default: all of this machine\'s); 1 turns helpers off'],
		['-h, --help', 'show this help'],
	];

	it('hangs wrapped text under its column', () => {
		const lines = hangingRows(rows, 40);
		expect(widest(lines)).toBeLessThanOrEqual(40);
		expect(lines[0]).toMatch(/^ {2}--cores N {3}cores a race/);
		const column = lines[0]!.indexOf('cores a race');
		expect(column).toBe(2 + '-h, --help'.length + 2);
		for (const line of lines.slice(1, -1)) expect(line.search(/\S/)).toBe(column);
		expect(lines.at(-1)).toBe('  -h, --help  show this help');
		expect(lines.join(' ').replaceAll(/\s+/g, ' ')).toContain(rows[0]![1]);
	});

	it('puts a term longer than its column on its own line, wrapped outside its [groups], continuation indented', () => {
		const term = 'pseudolabel-tui sweep --preset P [--seeds 5|1,2,3] [--jobs N] [--plan [--plan-command CMD]]';
		expect(hangingRows([[term, 'race P once per seed']], 64, {termWidth: 10, termIndent: 22})).toEqual([
			'  pseudolabel-tui sweep --preset P [--seeds 5|1,2,3] [--jobs N]',
			'                        [--plan [--plan-command CMD]]',
			'              race P once per seed',
		]);
		// Where the deep indent would leave under 40 columns, continuation lines indent by 4 only.
		const narrow = hangingRows([[term, 'race P once per seed']], 40, {termWidth: 10, termIndent: 22});
		expect(narrow.slice(0, 4)).toEqual(['  pseudolabel-tui sweep --preset P', '      [--seeds 5|1,2,3] [--jobs N]', '      [--plan [--plan-command CMD]]', '              race P once per seed']);
	});

	it('stacks the rows when the text column would be too narrow', () => {
		const lines = hangingRows(rows, 30);
		expect(lines[0]).toBe('  --cores N');
		expect(lines[1]).toMatch(/^ {6}cores a race/);
		expect(widest(lines)).toBeLessThanOrEqual(30);
		expect(lines).toContain('  -h, --help');
		expect(lines).toContain('      show this help');
	});
});

describe('wrapParagraphs and wrapUnderName', () => {
	it('wrapParagraphs keeps blank lines between paragraphs', () => {
		expect(wrapParagraphs('one two three\n\nfour', 8)).toEqual(['one two', 'three', '', 'four']);
	});

	it('wrapUnderName keeps the spacing inside a line and hangs under the text after the name', () => {
		const line = 'semi       round 1: accepted 0/59,900 (0.00%) above 0.8, precision –; predict 21,094/s, augment 0/s';
		const lines = wrapUnderName(line, 60);
		expect(lines[0]).toMatch(/^semi {7}round 1: accepted/);
		expect(lines.slice(1).every(part => part.startsWith(' '.repeat(11)) && part[11] !== ' ')).toBe(true);
		expect(widest(lines)).toBeLessThanOrEqual(60);
		expect(lines.join(' ').replaceAll(/\s+/g, ' ')).toBe(line.replaceAll(/\s+/g, ' '));
		const short = 'supervised epoch   1  test 47.38%';
		expect(wrapUnderName(short, 60)).toEqual([short]);
	});
});
