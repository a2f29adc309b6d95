import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {nodeFileOps, type FileOps} from '../../source/summary/atomic-write.js';
import {buildSummary} from '../../source/summary/build-summary.js';
import {renderMarkdown} from '../../source/summary/render-markdown.js';
import {runSummarySchema} from '../../source/summary/run-summary.js';
import {saveSummary} from '../../source/summary/save-summary.js';
import {raceState} from './race-fixture.js';

let dir: string;

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'save-summary-test-'));
});

afterEach(() => {
	fs.chmodSync(dir, 0o755);
	fs.rmSync(dir, {recursive: true, force: true});
});

const environment = {backend: 'wasm', node: 'v20.20.2', cpu: {model: 'Test CPU', cores: 2}};

function summary(id = 'abc123') {
	return buildSummary(raceState(), {partial: false, presetName: 'tutorial', environment, now: new Date(2026, 10, 24, 9, 8, 7), id});
}

function ioError(code: string): NodeJS.ErrnoException {
	return Object.assign(new Error(`${code}: simulated`), {code});
}

describe('saveSummary', () => {
	it('writes the JSON, the Markdown and the SVG under one name, creating the folder', async () => {
		const runsDir = path.join(dir, 'a', 'runs');
		const files = await saveSummary(summary(), runsDir);
		expect(files).toEqual({
			json: path.join(runsDir, '20261124-090807-tutorial-abc123.json'),
			md: path.join(runsDir, '20261124-090807-tutorial-abc123.md'),
			svg: path.join(runsDir, '20261124-090807-tutorial-abc123.svg'),
			id: 'abc123',
			name: '20261124-090807-tutorial-abc123',
		});
		expect(fs.readdirSync(runsDir).sort()).toEqual([
			'20261124-090807-tutorial-abc123.json',
			'20261124-090807-tutorial-abc123.md',
			'20261124-090807-tutorial-abc123.svg',
		]);
		expect(runSummarySchema.parse(JSON.parse(fs.readFileSync(files.json, 'utf8')))).toEqual(summary());
		expect(fs.readFileSync(files.md, 'utf8')).toBe(renderMarkdown(summary()));
		expect(fs.readFileSync(files.svg, 'utf8')).toMatch(/^<\?xml[^]*<\/svg>\n$/);
	});

	it('never overwrites: a second save in the same second gets a new name', async () => {
		const first = await saveSummary(summary(), dir);
		const firstJson = fs.readFileSync(first.json, 'utf8');
		const second = await saveSummary(summary(), dir);
		expect(second.id).not.toBe(first.id);
		expect(second.name).toMatch(/^20261124-090807-tutorial-[\da-f]{6}$/);
		expect(fs.readdirSync(dir)).toHaveLength(6);
		expect(fs.readFileSync(first.json, 'utf8')).toBe(firstJson);
		expect(JSON.parse(fs.readFileSync(second.json, 'utf8')).id).toBe(second.id);
		expect(fs.readFileSync(second.md, 'utf8')).toContain(`| ID | ${second.id} |`);
	});

	it('leaves nothing behind when a file cannot be put in place', async () => {
		const ops: FileOps = {
			...nodeFileOps,
			async link(existing, target) {
				if (target.endsWith('.md')) {
					throw ioError('EIO');
				}

				return nodeFileOps.link(existing, target);
			},
		};
		await expect(saveSummary(summary(), dir, {fileOps: ops})).rejects.toThrow(`cannot save the run summary in ${dir}: EIO: simulated`);
		expect(fs.readdirSync(dir)).toEqual([]);
	});

	it('removes a half-written temporary file when the write itself fails', async () => {
		const ops: FileOps = {
			...nodeFileOps,
			async writeFile(file, data, options) {
				await nodeFileOps.writeFile(file, data.slice(0, 20), options);
				if (file.includes('.json.')) {
					throw ioError('ENOSPC');
				}
			},
		};
		await expect(saveSummary(summary(), dir, {fileOps: ops})).rejects.toThrow(
			`cannot save the run summary in ${dir}: no space left on the device`,
		);
		expect(fs.readdirSync(dir)).toEqual([]);
	});

	it('falls back to check-then-rename on file systems without hard links', async () => {
		const ops: FileOps = {
			...nodeFileOps,
			async link() {
				throw ioError('EPERM');
			},
		};
		const files = await saveSummary(summary(), dir, {fileOps: ops});
		expect(fs.readdirSync(dir).sort()).toEqual([files.json, files.md, files.svg].map(file => path.basename(file)).sort());
		const again = await saveSummary(summary(), dir, {fileOps: ops});
		expect(again.name).not.toBe(files.name);
		expect(fs.readdirSync(dir)).toHaveLength(6);
	});

	it('names the folder in one line when it cannot be created', async () => {
		const blocker = path.join(dir, 'file');
		fs.writeFileSync(blocker, '');
		const runsDir = path.join(blocker, 'runs');
		await expect(saveSummary(summary(), runsDir)).rejects.toThrow(
			`cannot save the run summary in ${runsDir}: a parent is not a folder`,
		);
	});

	it.skipIf(process.getuid?.() === 0)('names the folder when it is read-only', async () => {
		fs.chmodSync(dir, 0o555);
		await expect(saveSummary(summary(), dir)).rejects.toThrow(`cannot save the run summary in ${dir}: permission denied`);
		expect(fs.readdirSync(dir)).toEqual([]);
	});
});
