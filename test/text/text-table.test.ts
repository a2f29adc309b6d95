import {describe, expect, it} from 'vitest';
import {textTable} from '../../source/summary/text-table.js';
import {fitMarkdown} from '../../source/text/fit-markdown.js';
import {displayWidth} from '../../source/text/wrap.js';

const rows = [
	['DATE', 'PRESET', 'BEST', 'GAP', 'ID'],
	['2026-11-22 10:00', 'thresholds', 'flex 93.45%', '+4.80 pts', 'bbbbbb'],
	['2026-11-20 10:00', 'tutorial', 'semi 95.00%', '+6.00 pts', 'aaaaaa'],
];
const right = [false, false, true, true, false];
const widths = (text: string) => text.split('\n').map(line => displayWidth(line));

describe('textTable with a width', () => {
	it('is one line per row when it fits, as without a width', () => {
		expect(textTable(rows, right, 80)).toBe(textTable(rows, right));
		expect(textTable(rows, right).split('\n')).toHaveLength(3);
	});

	it('wraps cells inside their column when too wide, every word still in its column', () => {
		const table = textTable(rows, right, 50);
		expect(Math.max(...widths(table))).toBeLessThanOrEqual(50);
		const lines = table.split('\n');
		expect(lines.length).toBeGreaterThan(3);
		// The ID column starts at the same column on every row's first line.
		const idColumn = lines[0]!.indexOf('ID');
		expect(lines.filter(line => /[ab]{6}$/.test(line)).map(line => line.indexOf(line.trim().split(/ +/).at(-1)!))).toEqual([idColumn, idColumn]);
		for (const word of rows.flat().flatMap(cell => cell.split(' '))) expect(table).toContain(word);
	});

	it('stacks the rows as "HEADER value" blocks when even wrapped cells cannot fit', () => {
		const table = textTable(rows, right, 24);
		expect(Math.max(...widths(table))).toBeLessThanOrEqual(24);
		const blocks = table.split('\n\n');
		expect(blocks).toHaveLength(2);
		expect(blocks[0]!.split('\n')).toEqual(['DATE    2026-11-22 10:00', 'PRESET  thresholds', 'BEST    flex 93.45%', 'GAP     +4.80 pts', 'ID      bbbbbb']);
	});
});

describe('fitMarkdown', () => {
	const report = [
		'# Race',
		'',
		'A long sentence about the race that goes on and on until it no longer fits the width.',
		'- a list item that is also much too long for the narrow width given here',
		'',
		'| Setting | a | b |',
		'| --- | ---: | ---: |',
		'| threshold \\| τ | 0.8 | 0.95 |',
		'',
		'| K | V |',
		'| --- | --- |',
		'| Preset | tutorial |',
		'',
		'```text',
		'a code line that is kept exactly as it is, however long it happens to be',
		'```',
	].join('\n');

	it('wraps prose and list items, turns a too-wide table into a list, keeps code and fitting tables', () => {
		const fitted = fitMarkdown(report, 30).split('\n');
		const outsideCode = fitted.filter(line => !line.startsWith('a code line'));
		expect(Math.max(...outsideCode.map(line => displayWidth(line)))).toBeLessThanOrEqual(30);
		expect(fitted).toContain('a code line that is kept exactly as it is, however long it happens to be');
		expect(fitted).toContain('| Preset | tutorial |');
		const item = fitted.findIndex(line => line.startsWith('- a list item'));
		expect(fitted[item + 1]).toMatch(/^ {2}\S/);
		expect(fitted.join(' ')).toContain('- Setting: threshold \\| τ;');
		expect(fitted.join(' ').replaceAll(/\s+/g, ' ')).toContain('- Setting: threshold \\| τ; a: 0.8; b: 0.95');
	});
});
