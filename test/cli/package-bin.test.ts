import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {expect, it} from 'vitest';
import {packageRoot} from '../../source/config/package-root.js';

it('the bin that `npx pseudolabel-tui` runs exists after the build and is a node script', () => {
	// npm silently skips linking a bin whose target is missing, and npx then says "not found".
	const manifest = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as {bin: Record<string, string>};
	const target = path.join(packageRoot(), manifest.bin['pseudolabel-tui']!);
	expect(existsSync(target), target).toBe(true);
	expect(readFileSync(target, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
	// In the checkout itself (the README's `npm ci && npx pseudolabel-tui`) npx runs the file as it is: no link, no
	// chmod by npm, so the build must leave it executable, or the shell says "Permission denied".
	expect(statSync(target).mode & 0o111, `${target} is not executable`).not.toBe(0);
});

it('the npm package ships what users need and no bench or test files', () => {
	// --ignore-scripts: list what the current build would ship without rebuilding it.
	const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {cwd: packageRoot(), encoding: 'utf8'});
	const files = (JSON.parse(output) as Array<{files: Array<{path: string}>}>)[0]!.files.map(file => file.path);
	expect(files).toEqual(
		expect.arrayContaining([
			'package.json',
			'README.md',
			'dist/source/cli.js',
			'dist/source/worker/training-worker.js',
			'dist/source/worker/backend-probe.js',
			'dist/source/worker/helper-worker.js',
			'presets/tutorial.json',
		]),
	);
	expect(files.filter(file => /(^|\/)(bench|test|fixtures)\//.test(file) || /\.test\.|\.ts$|\.map$/.test(file))).toEqual([]);
	expect(files.filter(file => !/^(dist\/source\/|presets\/|package\.json$|README\.md$|LICENSE)/.test(file))).toEqual([]);
}, 60_000);
