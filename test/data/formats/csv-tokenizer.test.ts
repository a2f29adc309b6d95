// A CSV read in chunks gives the rows the whole text gives: chunks of a few bytes cut lines, quoted fields (with
// delimiters, "" and line breaks), CRLF and multi-byte UTF-8 characters anywhere, gzipped or not; reading stops when
// asked; the span reader gives each quote-free line as its span of the text, whose split is the row.
import {rmSync} from 'node:fs';
import path from 'node:path';
import {gzipSync} from 'node:zlib';
import {afterAll, describe, expect, it} from 'vitest';
import {forEachFileRow, forEachFileRowSpan, forEachRow} from '../../../source/data/formats/csv-tokenizer.js';
import {isInputError} from '../../../source/core/input-error.js';
import {put, temporaryFolder} from './data-files.js';

const root = temporaryFolder('tokenizer');
afterAll(() => rmSync(root, {recursive: true, force: true}));

const text = [
	'\uFEFFname,"note, with comma",value\r\n',
	'äöü,"say ""hi""",1\r\n',
	'\r\n',
	'b,"two\nlines, and ""quotes""",2\n',
	'"é",plain,3\n',
	'mid"quote,"x\ny",4\n',
	'∑,,5',
].join('');

function rowsOf(source: string): Array<[number, string[]]> {
	const rows: Array<[number, string[]]> = [];
	forEachRow(source, ',', 'whole.csv', (fields, line) => {
		rows.push([line, fields]);
	});
	return rows;
}

async function fileRows(file: string, chunk: number): Promise<Array<[number, string[]]>> {
	const rows: Array<[number, string[]]> = [];
	await forEachFileRow(file, ',', (fields, line) => {
		rows.push([line, fields]);
	}, chunk);
	return rows;
}

describe('forEachFileRow', () => {
	it('gives the same rows and line numbers as the whole text, for every chunk size from 1 byte up', async () => {
		const expected = rowsOf(text);
		expect(expected.map(([line]) => line)).toEqual([1, 2, 4, 6, 7, 9]);
		expect(expected[2]![1]).toEqual(['b', 'two\nlines, and "quotes"', '2']);
		expect(expected[4]![1]).toEqual(['mid"quote', 'x\ny', '4']);
		const plain = put(path.join(root, 'rows.csv'), text);
		const gzipped = put(path.join(root, 'rows.csv.gz'), gzipSync(text));
		for (const chunk of [1, 2, 3, 5, 7, 11, 64, 1 << 20]) {
			expect(await fileRows(plain, chunk), `chunks of ${chunk}`).toEqual(expected);
		}

		expect(await fileRows(gzipped, 7)).toEqual(expected);
	});

	it('stops when a row callback returns false', async () => {
		const plain = put(path.join(root, 'stop.csv'), text);
		const seen: string[][] = [];
		await forEachFileRow(plain, ',', fields => {
			seen.push(fields);
			return seen.length < 2;
		}, 5);
		expect(seen).toHaveLength(2);
	});

	it('span reader: quote-free lines as spans that split into the row, quoted ones as fields, for every chunk size', async () => {
		const expected = rowsOf(text);
		const plain = put(path.join(root, 'spans.csv'), text);
		for (const chunk of [1, 3, 7, 64, 1 << 20]) {
			const rows: Array<[number, string[]]> = [];
			let spans = 0;
			await forEachFileRowSpan(plain, ',', (whole, start, end, fields, line) => {
				if (!fields) spans++;
				rows.push([line, fields ?? whole.slice(start, end).split(',')]);
			}, chunk);
			expect(rows, `chunks of ${chunk}`).toEqual(expected);
			// Only line 9 has no quote; every other row comes as fields.
			expect(spans, `chunks of ${chunk}`).toBe(1);
		}
	});

	it('a quoted field never closed, and a damaged gzip file, are one line naming the file', async () => {
		const open = put(path.join(root, 'open.csv'), 'a,b\n1,"never\nclosed\n');
		await expect(fileRows(open, 4)).rejects.toThrow(/open\.csv line 2: a quoted field is never closed/);
		const damaged = gzipSync(text);
		damaged[damaged.length - 6] = damaged[damaged.length - 6]! ^ 0xff;
		const broken = put(path.join(root, 'broken.csv.gz'), damaged.subarray(0, damaged.length - 3));
		const error = await fileRows(broken, 1 << 20).then(() => undefined, (caught: unknown) => caught);
		expect(isInputError(error) && error.message).toMatch(/broken\.csv\.gz is not a readable gzip file/);
	});
});
