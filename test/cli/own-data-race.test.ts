// Real headless races on data the test writes itself, through `--data` of the built CLI: a folder of RGB images of
// mixed sizes (simulation mode), a CSV table with unlabeled rows (real mode: no truth), and an .npz of a table.
import {rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {npyBytes, npzBytes, pngBytes, put, temporaryFolder} from '../data/formats/data-files.js';
import {runCli} from './run-cli.js';

type Event = {type: string; run?: string; [key: string]: unknown};
type Done = {type: 'done'; results: Record<string, {testAccuracy: number; status: string}>};
type LabelEvent = Event & {precision: number | null; perClassAccepted: number[]; perClassCorrect: number[]; acceptanceRate: number; carriedOver?: unknown};

const roots: string[] = [];
afterAll(() => {
	for (const root of roots) rmSync(root, {recursive: true, force: true});
});

function folder(prefix: string): string {
	const root = temporaryFolder(prefix);
	roots.push(root);
	return root;
}

/** Every method once, small enough for a few seconds of training. */
function everyMethodPreset(root: string, labeled = 30): string {
	const file = path.join(root, 'every-method.json');
	writeFileSync(
		file,
		JSON.stringify({
			name: 'every-method',
			description: 'each method once',
			labeled,
			contenders: [
				{id: 'supervised', method: 'supervised'},
				{id: 'semi', method: 'pseudo-label'},
				{id: 'lee', method: 'lee2013'},
				{id: 'fix', method: 'fixmatch'},
				{id: 'flex', method: 'flexmatch'},
				{id: 'noisy', method: 'noisy-student', studentHidden: [32, 16]},
			],
		}),
	);
	return file;
}

const tiny = ['--warmup', '3', '--epochs', '2', '--online-epochs', '2', '--rounds', '1', '--no-save', '--backend', 'wasm'];

function race(args: string[]): Event[] {
	const result = runCli(['--json', ...args, ...tiny], undefined, 300_000);
	expect(result.status, result.stderr).toBe(0);
	return result.stdout.trim().split('\n').map(line => JSON.parse(line) as Event);
}

function expectEveryMethodDone(events: Event[]): Done {
	const done = events.at(-1) as Done;
	expect(done.type).toBe('done');
	for (const id of ['supervised', 'semi', 'lee', 'fix', 'flex', 'noisy']) expect(done.results[id], id).toMatchObject({status: 'done'});
	return done;
}

/** A coloured square whose colour says the class, on a background, at any size: red, green or blue. */
function colourImage(label: number, width: number, height: number, jitter: number): Uint8Array {
	return pngBytes(width, height, 3, (x, y) => {
		const inside = x > width / 4 && x < (3 * width) / 4 && y > height / 4 && y < (3 * height) / 4;
		const base = [40 + jitter, 40, 40 + ((x + y) % 20)];
		if (inside) base[label] = 230 - jitter;
		return base;
	});
}

/** Three clusters of 4 features, the class's own feature raised; deterministic. */
function clusterRows(count: number, unlabeledFrom: number, names: string[]): string {
	let seed = 7;
	const random = () => {
		seed = (seed * 16_807) % 2_147_483_647;
		return seed / 2_147_483_647;
	};

	const rows = ['id,f1,f2,f3,f4,species'];
	for (let i = 0; i < count; i++) {
		const label = i % 3;
		const features = [0, 1, 2, 3].map(feature => ((feature === label ? 3 : 0) + random() * 2 - 1).toFixed(3));
		rows.push([String(i), ...features, i < unlabeledFrom ? names[label]! : i % 2 === 0 ? '' : '?'].join(','));
	}

	return `${rows.join('\n')}\n`;
}

describe('races on your own data through --data', () => {
	it('an image folder of RGB images of mixed sizes: every method finishes, supervised learns well above chance', () => {
		const root = folder('own-images');
		const names = ['red', 'green', 'blue'];
		for (let label = 0; label < 3; label++) {
			for (let i = 0; i < 40; i++) put(path.join(root, 'data', 'train', names[label]!, `${i}.png`), colourImage(label, 10 + (i % 7) * 3, 12 + (i % 5) * 4, i % 9));
			for (let i = 0; i < 8; i++) put(path.join(root, 'data', 'test', names[label]!, `t${i}.png`), colourImage(label, 20 + i, 16, i));
		}

		const events = race(['--data', path.join(root, 'data'), '--image-size', '8', '--preset', everyMethodPreset(root)]);
		expect(events[0]).toMatchObject({
			type: 'start',
			dataset: {
				name: 'data',
				train: 120,
				test: 24,
				labeled: 30,
				unlabeled: 90,
				info: {kind: 'image', height: 8, width: 8, channels: 3, classNames: ['blue', 'green', 'red'], mode: 'simulation'},
			},
		});
		const done = expectEveryMethodDone(events);
		// Chance is a third; the class is the square's colour.
		expect(done.results.supervised!.testAccuracy).toBeGreaterThan(0.7);
		// Simulation mode keeps the truth: precision is a number.
		const labels = events.filter(event => event.type === 'pseudo-labels') as LabelEvent[];
		expect(labels.length).toBeGreaterThan(0);
		expect(labels.some(event => typeof event.precision === 'number')).toBe(true);
	}, 300_000);

	it('a CSV with unlabeled rows races in real mode: every labeled row labeled, no truth-based numbers, all methods finish', () => {
		const root = folder('own-csv');
		const file = put(path.join(root, 'iris-like.csv'), clusterRows(300, 150, ['setosa', 'versicolor', 'virginica']));
		const events = race(['--data', file, '--drop', 'id', '--label', 'species', '--labeled', '100', '--preset', everyMethodPreset(root, 100)]);
		const start = events[0] as Event & {dataset: {labeled: number; unlabeled: number; test: number; notes?: string[]; info: Record<string, unknown>}};
		expect(start.dataset.info).toMatchObject({kind: 'table', width: 4, classNames: ['setosa', 'versicolor', 'virginica'], mode: 'real'});
		// 150 labeled rows, 20 % held out for testing, the rest all labeled (--labeled 100 is not used); 150 in the pool.
		expect(start.dataset).toMatchObject({labeled: 120, test: 30, unlabeled: 150});
		expect(start.dataset.notes?.join('\n')).toMatch(/standardised/);
		const done = expectEveryMethodDone(events);
		expect(done.results.supervised!.testAccuracy).toBeGreaterThan(0.7);
		const labels = events.filter(event => event.type === 'pseudo-labels') as LabelEvent[];
		expect(new Set(labels.map(event => event.run))).toEqual(new Set(['semi', 'lee', 'fix', 'flex', 'noisy']));
		for (const event of labels) {
			// NaN precision is null in JSON; the counts against the truth are gone; acceptance and class balance stay.
			expect(event.precision, event.run).toBeNull();
			expect(event.perClassCorrect, event.run).toEqual([]);
			expect(event.carriedOver, event.run).toBeUndefined();
			expect(event.perClassAccepted, event.run).toHaveLength(3);
			expect(typeof event.acceptanceRate).toBe('number');
		}
	}, 300_000);

	it('the headless lines of a real-mode race say what the data is and "no truth" instead of a precision', () => {
		const root = folder('own-csv-plain');
		const file = put(path.join(root, 'rows.csv'), clusterRows(240, 120, ['a', 'b', 'c']));
		const result = runCli(['--headless', '--data', file, '--drop', 'id', '--preset', 'quick', ...tiny], undefined, 300_000);
		expect(result.status, result.stderr).toBe(0);
		// Lines wrap to 80 columns; read them as one text.
		const text = result.stdout.replaceAll(/\s+/g, ' ');
		expect(text).toMatch(/data rows · table 4 features · 3 classes: a, b, c · 96 labeled \/ 120 unlabeled \/ 24 test · real: no truth/);
		expect(text).toMatch(/note features standardised/);
		// Once: the fit's note says --labeled is not used, and the start line does not say it again.
		expect(text.match(/--labeled/g)).toHaveLength(1);
		expect(text).toMatch(/--labeled \(1,000 here\) is not used/);
		expect(text).toMatch(/precision no truth/);
		expect(text).not.toMatch(/precision \d/);
	}, 300_000);

	it('an .npz table with x_unlabeled races in real mode, supervised well above chance', () => {
		const root = folder('own-npz');
		const rows = 90;
		const x: number[] = [];
		const y: number[] = [];
		for (let i = 0; i < rows; i++) {
			const label = i % 3;
			for (let feature = 0; feature < 3; feature++) x.push((feature === label ? 2 : 0) + ((i * 7 + feature * 3) % 10) / 10);
			y.push(label);
		}

		const unlabeled = Array.from({length: 30 * 3}, (_, index) => (index % 3 === (Math.floor(index / 3) % 3) ? 2 : 0.3));
		const file = put(
			path.join(root, 'table.npz'),
			npzBytes({
				x_train: npyBytes(x, [rows, 3]),
				y_train: npyBytes(y, [rows], '<i8'),
				x_test: npyBytes(x.slice(0, 30 * 3), [30, 3]),
				y_test: npyBytes(y.slice(0, 30), [30], '<i8'),
				x_unlabeled: npyBytes(unlabeled, [30, 3]),
			}),
		);
		const events = race(['--data', file, '--preset', 'quick']);
		expect(events[0]).toMatchObject({type: 'start', dataset: {labeled: 90, unlabeled: 30, test: 30, info: {kind: 'table', width: 3, mode: 'real'}}});
		const done = events.at(-1) as Done;
		expect(done.type).toBe('done');
		expect(done.results.supervised!.testAccuracy).toBeGreaterThan(0.7);
	}, 300_000);

	it('a data flag with a bad value, or without --data, is one line and exit 2', () => {
		for (const [args, message] of [
			[['--data', '/nonexistent/data.csv'], /--data \/nonexistent\/data.csv does not exist/],
			[['--data', 'x.csv', '--image-size', '0'], /--image-size: expected a whole number of pixels from 1 to 256, got "0"/],
			[['--data', 'x.csv', '--fit', 'zoom'], /--fit: expected pad, crop or stretch, got "zoom"/],
			[['--data', 'x.csv', '--channels', '2'], /--channels: expected auto, 1 or 3, got "2"/],
			[['--data', 'x.csv', '--test-fraction', '1.5'], /--test-fraction: expected a share between 0 and 1/],
			[['--data', 'x.csv', '--format', 'parquet'], /--format: expected one of csv, numpy, idx, images, synthetic, got "parquet"/],
			[['--label', 'y'], /--label says how to read --data PATH, which is not given/],
			[['--data', 'a.csv', '--data-dir', 'b'], /--data and --data-dir both name the data: give one/],
			[['--data', 'x.csv', '--drop', 'id,,name'], /--drop: expected column names separated by commas/],
		] as const) {
			const result = runCli([...args, '--headless']);
			expect(result.status, args.join(' ')).toBe(2);
			expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
			expect(result.stderr).toMatch(message);
		}
	});

	it('--labeled more than a simulation-mode dataset has is one clear line', () => {
		const root = folder('own-too-many');
		const file = put(path.join(root, 'all-labeled.csv'), clusterRows(60, 60, ['a', 'b', 'c']));
		const result = runCli(['--headless', '--data', file, '--labeled', '500', ...tiny]);
		expect(result.status).toBe(2);
		expect(result.stderr.trim()).toMatch(/--labeled 500 is more than the 48 training rows of this dataset/);
	});

	it('a preset asking for more labels than a small table has races with a tenth of its rows, said in the notes and --dry-run', () => {
		const root = folder('own-fit');
		// The README's own-data line on a table of 60 rows (48 after the 20 % test split): the tutorial asks for 1,000.
		const file = put(path.join(root, 'small.csv'), clusterRows(60, 60, ['a', 'b', 'c']));
		const events = race(['--data', file, '--drop', 'id', '--label', 'species']);
		const start = events[0] as Event & {race: {labeled: number}; dataset: {labeled: number; unlabeled: number; notes?: string[]}};
		expect(start.race.labeled).toBe(5);
		expect(start.dataset).toMatchObject({labeled: 5, unlabeled: 43});
		expect(start.dataset.notes).toContain('preset tutorial asks for 1,000 labeled, more than the 48 training rows can spare; 5 (a tenth) are labeled instead; --labeled N chooses');
		expect(events.at(-1)).toMatchObject({type: 'done'});
		const dry = runCli(['--dry-run', '--data', file, '--drop', 'id', '--label', 'species']);
		expect(dry.status, dry.stderr).toBe(0);
		expect(dry.stdout).toContain('note: preset tutorial asks for 1,000 labeled');
		expect(dry.stdout).toContain('--labeled 5 ');
	});

	it('--labeled whose stratified share rounds a small class to 0 races, that class with its one label', () => {
		const root = folder('own-rare-class');
		// 100 "common" rows, 100 "usual" rows, 4 "rare" ones (after the 20 % test split: 80, 80, 3): 20 × 3 / 163 = 0.37.
		const rows = ['f1,f2,kind', ...Array.from({length: 204}, (_, i) => `${i % 7},${i % 5},${i < 100 ? 'common' : i < 200 ? 'usual' : 'rare'}`)];
		const file = put(path.join(root, 'rare.csv'), `${rows.join('\n')}\n`);
		const result = runCli(['--json', '--data', file, '--labeled', '20', '--preset', 'quick', ...tiny]);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		const start = JSON.parse(result.stdout.split('\n')[0]!);
		expect(start.dataset.labeled).toBe(20);
	});
});
