// make-folder.ts: mkdir -p that fails where Node's recursive mkdir spins forever (/proc), and a probe that leaves
// nothing behind.
import {existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {makeFolder, makeFolderSync, probeFolder} from '../../source/files/make-folder.js';

const root = mkdtempSync(path.join(tmpdir(), 'pltui-make-folder-'));
afterAll(() => rmSync(root, {recursive: true, force: true}));
const file = path.join(root, 'a-file');
writeFileSync(file, 'x');
const hasProc = existsSync('/proc/self');

describe('makeFolder', () => {
	it('makes every missing folder, and is content with one that exists', async () => {
		await makeFolder(path.join(root, 'one', 'two', 'three'));
		makeFolderSync(path.join(root, 'uno', 'dos'));
		expect(readdirSync(path.join(root, 'one', 'two'))).toEqual(['three']);
		expect(readdirSync(path.join(root, 'uno'))).toEqual(['dos']);
		await makeFolder(path.join(root, 'one', 'two'));
		makeFolderSync(path.join(root, 'uno'));
	});

	it('refuses a file on the way with ENOTDIR', async () => {
		await expect(makeFolder(path.join(file, 'x', 'y'))).rejects.toMatchObject({code: 'ENOTDIR'});
		expect(() => makeFolderSync(file)).toThrow(expect.objectContaining({code: 'ENOTDIR'}) as Error);
	});

	// Node's own fs.mkdir(…, {recursive: true}) retries /proc/nope forever; this one must answer, within the timeout.
	it.skipIf(!hasProc)('fails at once where no folder can be made (/proc)', {timeout: 5000}, async () => {
		await expect(makeFolder('/proc/pltui-nope/deeper')).rejects.toMatchObject({code: 'ENOENT'});
		expect(() => makeFolderSync('/proc/pltui-nope')).toThrow(expect.objectContaining({code: 'ENOENT'}) as Error);
	});
});

describe('probeFolder', () => {
	it('says a folder can be made and leaves none behind', () => {
		const target = path.join(root, 'probe', 'deeper');
		expect(probeFolder(target)).toBeUndefined();
		expect(existsSync(path.join(root, 'probe'))).toBe(false);
		mkdirSync(path.join(root, 'there'));
		expect(probeFolder(path.join(root, 'there'))).toBeUndefined();
	});

	it('returns the refusal', () => {
		expect(probeFolder(path.join(file, 'x'))).toMatchObject({code: 'ENOTDIR'});
		if (hasProc) expect(probeFolder('/proc/pltui-nope')).toMatchObject({code: 'ENOENT'});
	});
});
