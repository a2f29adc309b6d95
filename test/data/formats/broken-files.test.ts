// Bad data is one clear line: a corpus of broken files per format, each loaded through load-data (detection included),
// must end in one InputError naming the file and what was expected; then seeded random damage (bytes flipped, files
// cut short) to valid files of every format must load or give an InputError of one line — never another exception.
// The list, case by case, is here, except what must load rather than fail: a BOM, quoted fields and CRLF
// (csv.test.ts), mixed channel counts converted with a note (image-folder.test.ts); and `--labeled` that a class
// cannot meet, which the race refuses, not the loader (config/presets.test.ts, cli/own-data-race.test.ts).
import {spawnSync} from 'node:child_process';
import {chmodSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {gzipSync} from 'node:zlib';
import path from 'node:path';
import {afterAll, afterEach, describe, expect, it, vi} from 'vitest';
import {isInputError} from '../../../source/core/input-error.js';
import {createRandom} from '../../../source/core/random.js';
import {loadData} from '../../../source/data/load-data.js';
import {packageRoot} from '../../../source/config/package-root.js';
import {idx} from '../../fixtures/idx-files.js';
import {classPattern, jpegBytes, npyBytes, npzBytes, pngBytes, put, temporaryFolder} from './data-files.js';

const root = temporaryFolder('broken');
afterAll(() => rmSync(root, {recursive: true, force: true}));
afterEach(() => vi.unstubAllEnvs());

let cases = 0;
/** A fresh folder for one case. */
const caseFolder = () => path.join(root, `case${cases++}`);

/** A valid two-class image folder under `folder`, plus whatever `extra` adds. */
function imageFolder(extra: (folder: string) => void = () => {}): string {
	const folder = caseFolder();
	for (let i = 0; i < 3; i++) {
		put(path.join(folder, 'train', 'a', `${i}.png`), pngBytes(10, 10, 1, classPattern(0, 10)));
		put(path.join(folder, 'train', 'b', `${i}.jpg`), jpegBytes(10, 10, classPattern(1, 10)));
	}

	extra(folder);
	return folder;
}

/** An IDX folder of a tiny two-class dataset; `replace` swaps a file's bytes (by name), `suffix` names them `.gz`. */
function idxFolder(replace: (name: string) => Uint8Array | undefined = () => undefined, suffix = ''): string {
	const folder = caseFolder();
	const files: Record<string, Uint8Array> = {
		'train-images-idx3-ubyte': idx(2051, [4, 3, 3], new Uint8Array(36)),
		'train-labels-idx1-ubyte': idx(2049, [4], Uint8Array.from([0, 1, 0, 1])),
		't10k-images-idx3-ubyte': idx(2051, [2, 3, 3], new Uint8Array(18)),
		't10k-labels-idx1-ubyte': idx(2049, [2], Uint8Array.from([0, 1])),
	};
	for (const [name, bytes] of Object.entries(files)) {
		const replaced = replace(name);
		put(path.join(folder, replaced && suffix ? `${name}${suffix}` : name), replaced ?? bytes);
	}

	return folder;
}

/**
 * The loader's message for `target` as a user who is not root: root reads every file whatever its mode, so as root the
 * built loader runs as nobody (uid 65534) in a child process; anyone else loads in-process.
 */
async function failureAsUser(target: string): Promise<string> {
	if (process.getuid?.() !== 0) return failure(target);
	chmodSync(root, 0o755);
	const loader = path.join(packageRoot(), 'dist', 'source', 'data', 'load-data.js');
	const script = `import(${JSON.stringify(loader)}).then(m => m.loadData(${JSON.stringify(target)}, {})).then(() => console.log('loaded'), e => console.log(e.constructor.name + ': ' + e.message))`;
	const result = spawnSync(process.execPath, ['-e', script], {uid: 65_534, gid: 65_534, encoding: 'utf8'});
	const output = result.stdout.trim();
	expect(output, result.stderr).toMatch(/^InputError: /);
	return output.slice('InputError: '.length);
}

async function failure(target: string, options: Parameters<typeof loadData>[1] = {}): Promise<string> {
	try {
		await loadData(target, options);
	} catch (error) {
		if (!isInputError(error)) throw error;
		return error.message;
	}

	throw new Error(`${target} loaded, expected an InputError`);
}

const goodPng = pngBytes(12, 9, 3, (x, y) => [x * 20, y * 20, 100, 255]);
const goodJpeg = jpegBytes(12, 9, (x, y) => [x * 20, y * 20, 100]);
const goodCsv = 'a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n9,0,\n';
const goodNpz = npzBytes({x_train: npyBytes([1, 2, 3, 4, 5, 6, 7, 8], [4, 2], '<f8'), y_train: npyBytes([0, 1, 0, -1], [4], '<i8')});

describe('a corpus of broken files: one InputError line each, naming the file and what was expected', () => {
	const corpus: Array<[string, () => Promise<string>, RegExp]> = [
		['corrupt PNG', () => failure(imageFolder(f => put(path.join(f, 'train', 'a', 'bad.png'), Uint8Array.from([...goodPng.subarray(0, 40), ...new Uint8Array(60).fill(7)])))), /bad\.png is a corrupt or truncated PNG/],
		['truncated PNG', () => failure(imageFolder(f => put(path.join(f, 'train', 'a', 'cut.png'), goodPng.subarray(0, goodPng.length - 20)))), /cut\.png is a corrupt or truncated PNG/],
		['truncated JPEG', () => failure(imageFolder(f => put(path.join(f, 'train', 'b', 'cut.jpg'), goodJpeg.subarray(0, goodJpeg.length / 2)))), /cut\.jpg is a corrupt or truncated JPEG/],
		['a .png that is text', () => failure(imageFolder(f => put(path.join(f, 'train', 'a', 'text.png'), 'hello'))), /text\.png is not a PNG or JPEG image/],
		['an empty .jpg', () => failure(imageFolder(f => put(path.join(f, 'unlabeled', 'empty.jpg'), ''))), /empty\.jpg is empty, expected a PNG or JPEG/],
		['a class folder with no images', () => failure(imageFolder(f => put(path.join(f, 'train', 'c', 'readme.txt'), 'x'))), /train\/c is a class folder with no PNG or JPEG images/],
		['one class only', () => failure((() => { const f = caseFolder(); put(path.join(f, 'only', '0.png'), goodPng); return f; })()), /one class only \(only\), expected at least 2/],
		['a test class unknown to train', () => failure(imageFolder(f => put(path.join(f, 'test', 'z', '0.png'), goodPng))), /test\/z is a test class with no training folder/],
		['classes.txt naming no folder', () => failure(imageFolder(f => put(path.join(f, 'classes.txt'), 'a\nb\nq\n'))), /classes\.txt line 3: "q" is not a class folder/],
		['a symbolic link loop', () => failure(imageFolder(f => symlinkSync(path.join(f, 'train'), path.join(f, 'train', 'a', 'loop')))), /symbolic link loop/],
		['an image folder too large for memory', async () => { vi.stubEnv('PSEUDOLABEL_TUI_MAX_DATA_MB', '0.001'); return failure(imageFolder()); }, /needs about .* to load, more than the 1\.0 KB/],
		['a ragged CSV row', () => failure(put(path.join(caseFolder(), 'r.csv'), 'a,b,label\n1,2,x\n3,y\n')), /r\.csv line 3 has 2 fields, expected 3/],
		['a label column that does not exist', () => failure(put(path.join(caseFolder(), 'l.csv'), goodCsv), {label: 'kind'}), /l\.csv has no label column "kind"/],
		['a test file with an unlabeled row', () => failure((() => { const f = caseFolder(); put(path.join(f, 'train.csv'), goodCsv); put(path.join(f, 'test.csv'), 'a,b,label\n1,2,x\n3,4,?\n'); return f; })()), /test\.csv line 3: no label \("\?"\), expected every test row/],
		['a non-finite number', () => failure(put(path.join(caseFolder(), 'i.csv'), 'a,b,label\n1,Infinity,x\n3,4,y\n')), /i\.csv line 2 column b: Infinity is not a finite number/],
		// Finite as a double, infinite as the float32 a feature is: its column's mean and scale were NaN, silently.
		['a number beyond float32', () => failure(put(path.join(caseFolder(), 'h.csv'), 'a,b,label\n1,2,x\n3,-1e308,y\n')), /h\.csv line 3 column b: -1e308 is too large, expected a value within ±3\.4e38 \(features are float32\)$/],
		['a pixel above 255, plain digits (read without its text by the fast path)', () => failure(put(path.join(caseFolder(), 'pix.csv'), ['label,' + Array.from({length: 64}, (_, i) => `pixel${i}`).join(','), ...[0, 1, 0, 1].map((label, r) => [label, ...Array.from({length: 64}, (_, i) => (r === 2 && i === 5 ? 1020 : i))].join(','))].join('\n'))), /pix\.csv line 4 column pixel5: 1020, expected a pixel value from 0 to 255/],
		['a pixel above 255, in a quoted line', () => failure(put(path.join(caseFolder(), 'pixq.csv'), ['label,' + Array.from({length: 4}, (_, i) => `pixel${i}`).join(','), '"0",1,2,3,4', '"1",1,2,300,4'].join('\n'))), /pixq\.csv line 3 column pixel2: 300, expected a pixel value from 0 to 255/],
		['a non-numeric column', () => failure(put(path.join(caseFolder(), 'n.csv'), 'a,colour,label\n1,red,x\n3,blue,y\n')), /n\.csv line 2 column colour: "red" is not a number.*--drop colour/],
		['an empty CSV', () => failure(put(path.join(caseFolder(), 'e.csv'), '\uFEFF\r\n')), /e\.csv is empty/],
		['a header and no rows', () => failure(put(path.join(caseFolder(), 'h.csv'), 'a,b,label\n')), /h\.csv has a header but no data rows/],
		['an unclosed quote', () => failure(put(path.join(caseFolder(), 'q.csv'), 'a,b,label\n1,"2,x\n')), /q\.csv line 2: a quoted field is never closed/],
		['a CSV too large for memory', async () => { vi.stubEnv('PSEUDOLABEL_TUI_MAX_DATA_MB', '0.00001'); return failure(put(path.join(caseFolder(), 'big.csv'), goodCsv)); }, /big\.csv needs about/],
		['an .npz too large for memory (its zip directory read before inflating)', async () => { vi.stubEnv('PSEUDOLABEL_TUI_MAX_DATA_MB', '0.001'); return failure(put(path.join(caseFolder(), 'm.npz'), npzBytes({x_train: npyBytes(new Uint8Array(4000), [1000, 4], '|u1'), y_train: npyBytes(new Uint8Array(1000), [1000], '|u1')}))); }, /m\.npz needs about .* more than the 1\.0 KB/],
		['an object (pickle) array', () => failure(put(path.join(caseFolder(), 'o.npz'), npzBytes({x_train: npyBytes([1, 2], [2, 1], '|O'), y_train: npyBytes([0, 1], [2], '<i8')}))), /o\.npz:x_train is an object array \(a pickle\), which is never unpickled/],
		['a truncated .npy', () => failure((() => { const f = caseFolder(); put(path.join(f, 'x_train.npy'), (bytes => bytes.subarray(0, bytes.length - 5))(npyBytes([1, 2, 3, 4], [2, 2]))); put(path.join(f, 'y_train.npy'), npyBytes([0, 1], [2], '<i8')); return f; })()), /x_train\.npy is truncated/],
		['an .npz that is not a zip', () => failure(put(path.join(caseFolder(), 'z.npz'), 'not a zip at all, just text')), /z\.npz is not a readable \.npz/],
		['an .npz without y_train', () => failure(put(path.join(caseFolder(), 'y.npz'), npzBytes({x_train: npyBytes([1, 2], [2, 1])}))), /y\.npz has no y_train/],
		['labels and samples of different counts', () => failure(put(path.join(caseFolder(), 'c.npz'), npzBytes({x_train: npyBytes([1, 2, 3], [3, 1]), y_train: npyBytes([0, 1], [2], '<i8')}))), /y_train has 2 labels but .*x_train has 3 samples/],
		['y_test with -1', () => failure(put(path.join(caseFolder(), 't.npz'), npzBytes({x_train: npyBytes([1, 2], [2, 1]), y_train: npyBytes([0, 1], [2], '<i8'), x_test: npyBytes([1], [1, 1]), y_test: npyBytes([-1], [1], '<i8')}))), /y_test \[0\] is -1 \(no label\)/],
		['a table value beyond float32', () => failure(put(path.join(caseFolder(), 'f.npz'), npzBytes({x_train: npyBytes([1, 2, 3, 1e308], [2, 2]), y_train: npyBytes([0, 1], [2], '<i8')}))), /f\.npz:x_train \[1, 1\] is 1e\+308, too large: expected values within ±3\.4e38/],
		['non-finite pixels', () => failure(put(path.join(caseFolder(), 'p.npz'), npzBytes({x_train: npyBytes([1, Number.POSITIVE_INFINITY, 0, 0], [2, 1, 2]), y_train: npyBytes([0, 1], [2], '<i8')}))), /p\.npz:x_train \[1\] is Infinity, expected finite pixel values/],
		['an image size of 0', () => failure(imageFolder(), {imageSize: 0}), /image size 0, expected a whole number of pixels from 1 to 256/],
		['a test fraction of 1', () => failure(put(path.join(caseFolder(), 'f.csv'), goodCsv), {testFraction: 1}), /test fraction 1, expected a share between 0 and 1/],
		['a path no loader reads', () => failure(put(path.join(caseFolder(), 'notes.docx'), 'x')), /is not a format this tool reads/],
		['an empty TSV', () => failure(put(path.join(caseFolder(), 'e.tsv'), '')), /e\.tsv is empty, expected a header row and data rows/],
		['an empty .npz', () => failure(put(path.join(caseFolder(), 'e.npz'), '')), /e\.npz is empty, expected NumPy data/],
		['an empty .npy in a NumPy folder', () => failure((() => { const f = caseFolder(); put(path.join(f, 'x_train.npy'), ''); put(path.join(f, 'y_train.npy'), npyBytes([0, 1], [2], '<i8')); return f; })()), /x_train\.npy is empty, expected NumPy data/],
		['a lone .npy that is not x_train.npy', () => failure(put(path.join(caseFolder(), 'features.npy'), npyBytes([1, 2], [2, 1]))), /features\.npy: a \.npy is read with its folder's x_train\.npy and y_train\.npy, and there is no x_train\.npy beside it/],
		['an empty IDX file', () => failure(idxFolder(name => (name.startsWith('train-images') ? new Uint8Array(0) : undefined))), /train-images-idx3-ubyte: truncated, 0 bytes, expected an IDX image file/],
		['an IDX folder too large for memory (sizes read before any file, a gzip file by its trailer)', async () => { vi.stubEnv('PSEUDOLABEL_TUI_MAX_DATA_MB', '0.01'); return failure(idxFolder(name => (name.startsWith('train-images') ? gzipSync(idx(2051, [100, 12, 12], new Uint8Array(14_400))) : undefined), '.gz')); }, /\(IDX files of 14\.1 KB\) needs about 28\.3 KB to load, more than the 10\.2 KB/],
		['a NumPy folder too large for memory', async () => { vi.stubEnv('PSEUDOLABEL_TUI_MAX_DATA_MB', '0.001'); const f = caseFolder(); put(path.join(f, 'x_train.npy'), npyBytes(new Uint8Array(400), [100, 4], '|u1')); put(path.join(f, 'y_train.npy'), npyBytes(new Uint8Array(100), [100], '|u1')); return failure(f); }, /needs about .* more than the 1\.0 KB/],
	];

	for (const [name, run, expected] of corpus) {
		it(name, async () => {
			const message = await run();
			expect(message).toMatch(expected);
			expect(message).not.toContain('\n');
		});
	}

	it('an unreadable folder (as root, which reads everything, the loader runs as nobody in a child process)', async () => {
		const folder = imageFolder();
		chmodSync(path.join(folder, 'train', 'a'), 0o000);
		try {
			expect(await failureAsUser(folder)).toMatch(/train\/a is not readable \(permission denied\), expected a folder this user can read/);
		} finally {
			chmodSync(path.join(folder, 'train', 'a'), 0o755);
		}
	});
});

describe('seeded random damage to valid files', () => {
	const originals: Array<[string, Uint8Array, (folder: string, bytes: Uint8Array) => string]> = [
		['png', goodPng, (folder, bytes) => { imageInto(folder); put(path.join(folder, 'train', 'a', 'x.png'), bytes); return folder; }],
		['jpeg', goodJpeg, (folder, bytes) => { imageInto(folder); put(path.join(folder, 'train', 'b', 'x.jpg'), bytes); return folder; }],
		['csv', new TextEncoder().encode(goodCsv), (folder, bytes) => put(path.join(folder, 'd.csv'), bytes)],
		['npz', goodNpz, (folder, bytes) => put(path.join(folder, 'd.npz'), bytes)],
	];

	function imageInto(folder: string): void {
		put(path.join(folder, 'train', 'a', '0.png'), pngBytes(6, 6, 1, classPattern(0, 6)));
		put(path.join(folder, 'train', 'b', '0.png'), pngBytes(6, 6, 1, classPattern(1, 6)));
	}

	for (const [format, original, place] of originals) {
		it(`${format}: 40 damaged copies each load or give one InputError line`, async () => {
			const random = createRandom(17 + format.length);
			const outcomes = {loaded: 0, refused: 0};
			for (let i = 0; i < 40; i++) {
				const bytes = Uint8Array.from(original);
				const damage = i % 3;
				let damaged: Uint8Array = bytes;
				if (damage === 0) damaged = bytes.subarray(0, Math.floor(random() * bytes.length));
				else for (let k = 0; k < 1 + Math.floor(random() * 8); k++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
				const target = place(caseFolder(), damaged);
				try {
					await loadData(target, {imageSize: 8});
					outcomes.loaded++;
				} catch (error) {
					if (!isInputError(error)) throw new Error(`${format} copy ${i}: ${String(error)}`);
					expect(error.message).not.toContain('\n');
					outcomes.refused++;
				}
			}

			expect(outcomes.refused).toBeGreaterThan(0);
		});
	}
});

// Keep the helpers honest: the good files themselves load.
describe('the corpus’s good files', () => {
	it('load', async () => {
		const folder = caseFolder();
		writeFileSync(put(path.join(folder, 'g.csv'), goodCsv), readFileSync(path.join(folder, 'g.csv')));
		await expect(loadData(path.join(folder, 'g.csv'), {})).resolves.toMatchObject({info: {mode: 'real'}});
		await expect(loadData(put(path.join(folder, 'g.npz'), goodNpz), {})).resolves.toMatchObject({info: {kind: 'table'}});
		await expect(loadData(imageFolder(), {})).resolves.toMatchObject({info: {kind: 'image', classNames: ['a', 'b']}});
	});
});
