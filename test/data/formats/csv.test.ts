// The CSV/TSV loader on text the test writes: every unlabeled marker, the -1 guard, quoted fields with a BOM and CRLF,
// the label column rules, train/test/unlabeled files in a folder, imputation and standardisation, pixel CSVs.
import {rmSync} from 'node:fs';
import path from 'node:path';
import {gzipSync} from 'node:zlib';
import {afterAll, describe, expect, it} from 'vitest';
import {unlabeledMark} from '../../../source/data/dataset-source.js';
import {loadCsv} from '../../../source/data/formats/csv.js';
import {dequantize, quantize} from '../../../source/data/formats/quantize.js';
import {put, temporaryFolder} from './data-files.js';

const root = temporaryFolder('csv');
afterAll(() => rmSync(root, {recursive: true, force: true}));
let files = 0;
const csv = (text: string, name = `t${files++}.csv`) => put(path.join(root, name), text);

describe('CSV tables', () => {
	it('every unlabeled marker (empty, ?, NA, NaN, null, -1) is unlabeled; real mode; the test share comes from labeled rows only', async () => {
		const rows = ['a,b,label'];
		for (let i = 0; i < 20; i++) rows.push(`${i},${i % 3},${i % 2}`);
		for (const marker of ['', '?', 'NA', 'NaN', 'null', '-1']) rows.push(`1,2,${marker}`);
		const data = await loadCsv(csv(rows.join('\n')), {testFraction: 0.25, seed: 3});
		expect(data.info).toMatchObject({kind: 'table', height: 1, width: 2, channels: 1, classNames: ['0', '1'], mode: 'real', featureNames: ['a', 'b']});
		expect([...data.train.labels].filter(label => label === unlabeledMark)).toHaveLength(6);
		expect(data.test.count).toBe(5);
		expect([...data.test.labels].every(label => label !== unlabeledMark)).toBe(true);
		expect(data.train.count + data.test.count).toBe(26);
		expect(data.notes.join('\n')).toMatch(/-1 read as unlabeled.*1 rows/);
	});

	it('-1 is a class when the labels are ±1, and --unlabeled-value replaces the markers', async () => {
		const text = ['x,y', '1,-1', '2,1', '3,-1', '4,1', '5,?', '6,1', '7,-1'].join('\n');
		const plusMinus = await loadCsv(csv(text), {});
		expect(plusMinus.info.classNames).toEqual(['-1', '1']);
		expect(plusMinus.notes.join('\n')).toMatch(/-1 read as a class/);
		const forced = await loadCsv(csv(text), {unlabeledValue: '-1'});
		expect(forced.info.classNames.length).toBe(2);
		expect(forced.info.classNames).toContain('?');
	});

	it('quoted fields (delimiter, quote, line break), a BOM and CRLF; label picked by name; class names sorted numerically', async () => {
		const lines = ['\uFEFF"first, feature",target,"say ""hi"""'];
		const labels = ['10', '9', '2', '10', '9', '2', '10', '9', '2', '10'];
		labels.forEach((label, i) => lines.push(`"${i}",${label},"${i}${i === 3 ? '\r\n' : ''}"`));
		const data = await loadCsv(csv(lines.join('\r\n')), {});
		expect(data.info.classNames).toEqual(['2', '9', '10']);
		expect(data.info.featureNames).toEqual(['first, feature', 'say "hi"']);
		expect(data.train.count + data.test.count).toBe(10);
		// The row after the multi-line field keeps its own line number.
		const all = [...(data.train.sources ?? []), ...(data.test.sources ?? [])];
		expect(all).toContain(`${path.basename(`t${files - 1}.csv`)}:7`);
	});

	it('standardises from training rows, imputes the mean, quantizes to bytes; test rows use the training statistics', async () => {
		const folder = path.join(root, 'split');
		put(path.join(folder, 'train.csv'), ['f,g,class', '1,5,a', '2,5,b', '3,5,a', ',5,b'].join('\n'));
		put(path.join(folder, 'test.csv'), ['class,g,f', 'a,5,4', 'b,5,2'].join('\n'));
		put(path.join(folder, 'unlabeled.csv'), ['g,f', '5,2'].join('\n'));
		const data = await loadCsv(folder, {});
		expect(data.info).toMatchObject({name: 'split', classNames: ['a', 'b'], mode: 'real', width: 2});
		// f over training rows (with unlabeled.csv): 1, 2, 3, 2 → mean 2 (the missing cell imputed 2), sd √(2/5).
		const sd = Math.sqrt(2 / 5);
		expect(data.train.samples[0]).toBe(quantize((1 - 2) / sd));
		expect(data.train.samples[6]).toBe(quantize(0));
		expect(data.test.samples[0]).toBe(quantize((4 - 2) / sd));
		expect(Math.abs(dequantize(data.test.samples[0]!) - (4 - 2) / sd)).toBeLessThan(0.02);
		// g is constant: standardised to 0 and named.
		expect(data.train.samples[1]).toBe(quantize(0));
		expect(data.notes.join('\n')).toMatch(/1 missing feature values imputed/);
		expect(data.notes.join('\n')).toMatch(/constant feature.*g/);
		expect([...data.test.labels]).toEqual([0, 1]);
	});

	it('label by index, the last column by default, --drop, and TSV', async () => {
		const text = 'id\tname\tw\tkind\n1\tx\t0.5\tp\n2\ty\t0.7\tq\n3\tz\t0.1\tp\n4\tw\t0.2\tq\n5\tv\t0.3\tp\n';
		const file = put(path.join(root, 'table.tsv'), text);
		await expect(loadCsv(file, {})).rejects.toThrow(/column name: "x" is not a number.*--drop name/);
		const data = await loadCsv(file, {drop: ['name']});
		expect(data.info.featureNames).toEqual(['id', 'w']);
		expect(data.info.classNames).toEqual(['p', 'q']);
		const byIndex = await loadCsv(file, {label: '1', drop: []}).catch((error: Error) => error.message);
		expect(byIndex).toMatch(/column kind: "p" is not a number/);
	});

	it('advice a shell reads as typed: a name with a space quoted; a decimal comma and a measured label said as such', async () => {
		const first = csv(['"wine kind",alcohol,ash', ...Array.from({length: 6}, (_, i) => `${i % 2 === 0 ? 'red' : 'white'},1${i}.5,2.${i}`)].join('\n'));
		await expect(loadCsv(first, {})).rejects.toThrow(/\(leave the column out with --drop "wine kind", or read it as the label with --label "wine kind"\)$/);
		const european = csv(['a;b;kind', ...Array.from({length: 6}, (_, i) => `1,${i};2,5;${i % 2 === 0 ? 'p' : 'q'}`)].join('\n'));
		await expect(loadCsv(european, {})).rejects.toThrow(/column a: "1,0" has a decimal comma, expected a decimal point/);
		// The last column is a measurement, read as the label when none is named: which column, and the flag that fixes it.
		const measured = csv(['kind,a,b', ...Array.from({length: 300}, (_, i) => `${i % 2 === 0 ? 'p' : 'q'},${i},${i}.25`)].join('\n'));
		await expect(loadCsv(measured, {drop: ['kind']})).rejects.toThrow(/: label column b \(the 3rd column, the last: no --label given\) has 300 different values in 300 labeled rows, expected classes of several rows each \(a measurement or an id is no class\); name the label column with --label$/);
		const kinds = await loadCsv(measured, {label: 'kind'});
		expect(kinds.info.classNames).toEqual(['p', 'q']);
		// Column a counts the rows: a feature the model learns from, said once.
		expect(kinds.notes).toContain('column a looks like a row number or an id (distinct whole numbers 0–299), yet it is a feature: --drop a if it is not one');
		expect(kinds.notes.filter(note => note.includes('row number'))).toHaveLength(1);
		// More classes than 254 with two rows each: classes, but too many.
		const many = csv(['a,kind', ...Array.from({length: 520}, (_, i) => `${(i * 7) % 13}.5,c${i % 260}`)].join('\n'));
		await expect(loadCsv(many, {})).rejects.toThrow(/has 260 different values, expected at most 254 classes/);
	});

	it('reads 1, 1.0 and 01 as one class where every label is a number, and says which it merged; case stays apart', async () => {
		const labels = ['0', '0.0', '1', '1.0', '2', '2.0', '-1', '01'];
		const file = csv(['a,b,target', ...Array.from({length: 48}, (_, i) => `${i % 5}.5,${(i * 3) % 7},${labels[i % labels.length]}`)].join('\n'));
		const data = await loadCsv(file, {});
		expect(data.info.classNames).toEqual(['0', '1', '2']);
		expect(data.notes.join('\n')).toMatch(/labels written differently read as one class: "0" and "0.0" as 0; "1" and "1.0" and "01" as 1; "2" and "2.0" as 2/);
		// -1 still marks the unlabeled rows (scikit-learn's marker): 6 of 48.
		expect([...data.train.labels].filter(label => label === 255)).toHaveLength(6);
		const cased = csv(['a,kind', ...Array.from({length: 12}, (_, i) => `${i}.5,${['Setosa', 'setosa', 'virginica'][i % 3]}`)].join('\n'));
		const apart = await loadCsv(cased, {});
		expect(apart.info.classNames).toEqual(['Setosa', 'setosa', 'virginica']);
		expect(apart.notes).toContain('classes that differ only in case, kept apart: "Setosa" and "setosa"');
	});

	it('--drop by index, which the advice gives for a column whose name has a comma', async () => {
		const rows = ['"name, full",w,kind', ...Array.from({length: 6}, (_, i) => `n${i},0.${i},${i % 2 === 0 ? 'p' : 'q'}`)];
		const file = csv(rows.join('\n'));
		await expect(loadCsv(file, {})).rejects.toThrow(/column name, full: "n0" is not a number.*\(leave the column out with --drop 0, or read it as the label with --label 0\)$/);
		const data = await loadCsv(file, {drop: ['0']});
		expect(data.info.featureNames).toEqual(['w']);
		await expect(loadCsv(file, {drop: ['7']})).rejects.toThrow(/has no column "7" to drop, expected a column name or index among: name, full, w, kind/);
		// A pixel CSV's 65 columns: the first ten and the last two, not all of them on one line.
		const pixels = csv([['label', ...Array.from({length: 64}, (_, i) => `pixel${i}`)].join(','), ...Array.from({length: 4}, (_, i) => [i % 2, ...new Array<number>(64).fill(i)].join(','))].join('\n'));
		await expect(loadCsv(pixels, {drop: ['pixle3']})).rejects.toThrow(/among: label, pixel0, pixel1, .*, pixel8, … \(53 more\), pixel62, pixel63$/);
	});

	it('says when a file is not UTF-8 (a Latin-1 export), naming what lost its characters', async () => {
		const latin1 = Buffer.from('taille,esp\u00e8ce\n1,ch\u00eane\n2,h\u00eatre\n3,ch\u00eane\n4,h\u00eatre\n5,ch\u00eane\n', 'latin1');
		const file = put(path.join(root, 'latin1.csv'), new Uint8Array(latin1));
		const data = await loadCsv(file, {});
		expect(data.notes).toContain(`${file} is not UTF-8: "esp\uFFFDce", "ch\uFFFDne", "h\uFFFDtre" lost characters (shown as \uFFFD); save it as UTF-8 to keep them`);
		const utf8 = await loadCsv(put(path.join(root, 'utf8.csv'), 'taille,esp\u00e8ce\n1,ch\u00eane\n2,h\u00eatre\n3,ch\u00eane\n4,h\u00eatre\n'), {});
		expect(utf8.notes.some(note => note.includes('UTF-8'))).toBe(false);
		expect(utf8.info.classNames).toEqual(['ch\u00eane', 'h\u00eatre']);
	});

	it("scikit-learn's own CSV layout (n_samples, n_features, class names; label last), gzipped", async () => {
		const rows = ['6,2,setosa,versicolor,virginica'];
		for (let i = 0; i < 6; i++) rows.push(`${i}.5,${i * 2},${i % 3}`);
		const file = put(path.join(root, 'iris.csv.gz'), gzipSync(rows.join('\n')));
		const data = await loadCsv(file, {testFraction: 0.5});
		expect(data.info).toMatchObject({name: 'iris', kind: 'table', width: 2, featureNames: ['f0', 'f1'], classNames: ['setosa', 'versicolor', 'virginica']});
		expect(data.train.count + data.test.count).toBe(6);
		expect(data.notes.join('\n')).toMatch(/scikit-learn CSV: first row read as 6 samples × 2 features/);
		// A plain header whose first cells happen to be numbers but whose rows do not fit that reading stays an error.
		await expect(loadCsv(csv('1,5,3\n4,5,6\n'), {})).rejects.toThrow(/line 1 is all numbers, expected a header row/);
	});

	it("a headerless file with a text label (UCI's iris.data) is read from line 1; a header of numeric names stays a header", async () => {
		const kinds = ['Iris-setosa', 'Iris-versicolor', 'Iris-virginica'];
		const rows = Array.from({length: 15}, (_, r) => `${5 + r / 10},3.${r % 10},1.${r % 7},0.${r % 3},${kinds[Math.floor(r / 5)]}`);
		const iris = await loadCsv(csv(rows.join('\n'), 'iris.data.csv'), {testFraction: 0.2});
		expect(iris.info).toMatchObject({featureNames: ['f0', 'f1', 'f2', 'f3'], classNames: kinds});
		expect(iris.train.count + iris.test.count).toBe(15);
		expect([...(iris.train.sources ?? []), ...(iris.test.sources ?? [])]).toContain('iris.data.csv:1');
		expect(iris.notes.join('\n')).toMatch(/no header: line 1 is data \("Iris-setosa" in column 4 recurs below as a label\), its columns named f0…f3 and target/);
		expect(iris.notes).toContain('label column: target (the 5th column)');
		// Named as UCI names it (iris.data), the file is found as a CSV without --format.
		const {loadData} = await import('../../../source/data/load-data.js');
		const asUci = await loadData(csv(rows.join('\n'), 'iris.data'), {testFraction: 0.2});
		expect(asUci.info.classNames).toEqual(kinds);
		// The text column is the label wherever it stands; a folder's other files are headerless too, column for column.
		const folder = path.join(root, 'first');
		put(path.join(folder, 'train.csv'), rows.map(row => row.split(',').reverse().join(',')).join('\n'));
		put(path.join(folder, 'test.csv'), ['Iris-virginica,0.1,1.2,3.3,6.4', 'Iris-setosa,0.2,1.3,3.1,5.0'].join('\n'));
		const first = await loadCsv(folder, {});
		expect(first.info).toMatchObject({featureNames: ['f0', 'f1', 'f2', 'f3'], classNames: kinds});
		expect(first.train.count).toBe(15);
		expect([...first.test.labels]).toEqual([2, 0]);
		expect(first.test.sources).toEqual(['test.csv:1', 'test.csv:2']);
		// pandas' to_csv of integer-named columns: "label" never recurs below, so line 1 names the columns.
		const pandas = await loadCsv(csv(['0,1,2,label', ...rows.map(row => row.replace(/,[^,]*,Iris-/, ',Iris-'))].join('\n')), {testFraction: 0.2});
		expect(pandas.info).toMatchObject({featureNames: ['0', '1', '2'], classNames: kinds});
		expect(pandas.train.count + pandas.test.count).toBe(15);
		expect(pandas.notes.join('\n')).not.toMatch(/no header/);
	});

	it('a pixel CSV (label, pixel0…pixel15) loads as 4×4 grey images, not standardised', async () => {
		const header = ['label', ...Array.from({length: 16}, (_, i) => `pixel${i}`)].join(',');
		const rows = Array.from({length: 10}, (_, r) => [r % 2, ...Array.from({length: 16}, (_, i) => (r % 2 ? i * 16 : 255 - i * 16))].join(','));
		const data = await loadCsv(csv([header, ...rows].join('\n')), {});
		expect(data.info).toMatchObject({kind: 'image', height: 4, width: 4, channels: 1, classNames: ['0', '1'], mode: 'simulation'});
		const first = data.train.labels[0]!;
		expect(data.train.samples[15]).toBe(first === 1 ? 240 : 15);
		// Kaggle's Fashion-MNIST counts its pixels from 1 (label, pixel1…pixel784): images too, with the same bytes.
		const fromOne = ['label', ...Array.from({length: 16}, (_, i) => `pixel${i + 1}`)].join(',');
		const counted = await loadCsv(csv([fromOne, ...rows].join('\n'), 'from-one.csv'), {});
		expect(counted.info).toMatchObject({kind: 'image', height: 4, width: 4, channels: 1});
		expect(Buffer.from(counted.train.samples).equals(Buffer.from(data.train.samples))).toBe(true);
		// pixel1…pixel16 out of order is no image: a table.
		const shuffled = ['label', 'pixel2', 'pixel1', ...Array.from({length: 14}, (_, i) => `pixel${i + 3}`)].join(',');
		expect((await loadCsv(csv([shuffled, ...rows].join('\n'), 'shuffled.csv'), {})).info.kind).toBe('table');
	});

	it('a pixel CSV with no test file: each row lands on its side of the held-out split with its own pixels, label and source, in shared memory of its exact size', async () => {
		const header = ['label', ...Array.from({length: 16}, (_, i) => `pixel${i}`)].join(',');
		const pixel = (row: number, i: number) => (row * 7 + i * 13) % 256;
		// Every fifth row unlabeled (real mode): it stays in training; the labeled rows are split stratified.
		const rows = Array.from({length: 60}, (_, r) => [r % 5 === 4 ? '' : r % 3, ...Array.from({length: 16}, (_, i) => pixel(r, i))].join(','));
		const file = csv([header, ...rows].join('\n'), 'split.csv');
		const data = await loadCsv(file, {testFraction: 0.25, seed: 4});
		expect(data.info.mode).toBe('real');
		expect(data.train.count + data.test.count).toBe(60);
		expect(data.test.count).toBe(12);
		for (const set of [data.train, data.test]) {
			// What toSharedDataset takes as it is, without a copy.
			expect(set.samples.buffer).toBeInstanceOf(SharedArrayBuffer);
			expect(set.samples.byteLength).toBe(set.samples.buffer.byteLength);
			expect(set.samples.byteLength).toBe(set.count * 16);
			const sources = set.sources ?? [];
			expect(sources).toHaveLength(set.count);
			sources.forEach((source, k) => {
				const row = Number(source.replace('split.csv:', '')) - 2;
				expect([...set.samples.subarray(k * 16, (k + 1) * 16)], source).toEqual(Array.from({length: 16}, (_, i) => pixel(row, i)));
				expect(set.labels[k], source).toBe(row % 5 === 4 ? unlabeledMark : row % 3);
			});
		}

		expect([...data.test.labels].includes(unlabeledMark)).toBe(false);
	});
});
