// The dashboard process never loads tfjs: only worker threads and child processes do (its wasm glue installs
// process-wide exception handlers; its native addon can crash). Checked twice: statically over every import the
// compiled CLI can reach, and at run time in a real race.
import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {packageRoot} from '../../source/config/package-root.js';
import {cliPath, isolatedEnv} from './run-cli.js';

const predictCommand = path.join('dist', 'source', 'cli', 'commands', 'predict.js');

/** Every file reachable from `entry` by static `import`/`export from` and literal dynamic `import()`, and every package it names. */
function importGraph(entry: string): {files: Set<string>; packages: Set<string>} {
	const files = new Set<string>();
	const packages = new Set<string>();
	const pending = [entry];
	const specifiers = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"]+)\1/g;
	while (pending.length > 0) {
		const file = pending.pop()!;
		if (files.has(file)) continue;
		files.add(file);
		// `predict` is its own command, never the dashboard's process: it alone loads the engine (lazily, from main.js).
		if (file.endsWith(predictCommand)) continue;
		for (const match of readFileSync(file, 'utf8').matchAll(specifiers)) {
			const specifier = match[2]!;
			if (specifier.startsWith('.')) {
				pending.push(path.resolve(path.dirname(file), specifier));
			} else {
				packages.add(specifier);
			}
		}
	}

	return {files, packages};
}

describe('the main process', () => {
	it('imports nothing from @tensorflow nor source/engine, statically or dynamically, on any path from cli.js', () => {
		const {files, packages} = importGraph(cliPath);
		const relative = [...files].map(file => path.relative(packageRoot(), file));
		// Not vacuous: the walk reaches the race, the dashboard and the backend probe's host.
		expect(relative).toEqual(
			expect.arrayContaining(['dist/source/race/race.js', 'dist/source/cli/run-dashboard.js', 'dist/source/race/resolve-backend.js', predictCommand]),
		);
		expect(relative.filter(file => file.startsWith('dist/source/engine/') || file.startsWith('dist/source/worker/'))).toEqual([]);
		expect([...packages].filter(name => name.startsWith('@tensorflow'))).toEqual([]);
	});

	// tfjs's packages are CommonJS, so whatever loads them, even through import, lands in the main thread's require cache.
	// The count is printed once, at the main thread's exit.
	const preload = `data:text/javascript,${encodeURIComponent(`
		import Module from 'node:module';
		import {isMainThread} from 'node:worker_threads';
		const cache = Module._cache;
		// Worker threads inherit --import; they may load tfjs, and they report nothing.
		if (isMainThread) process.on('exit', () => {
			const loaded = Object.keys(cache).filter(file => file.includes('@tensorflow'));
			process.stderr.write('TFJS-IN-MAIN:' + loaded.length + '\\n');
		});
	`)}`;
	const countLine = (stderr: string) => [...stderr.matchAll(/TFJS-IN-MAIN:(\d+)/g)].map(match => match[1]).join();

	it('the run-time check sees tfjs when the main thread does load it', () => {
		const result = spawnSync(process.execPath, ['--import', preload, '--input-type=module', '--eval', "await import('@tensorflow/tfjs-core')"], {
			cwd: packageRoot(),
			encoding: 'utf8',
		});
		expect(Number(countLine(result.stderr))).toBeGreaterThan(0);
	});

	it('loads no @tensorflow module during a whole headless race', () => {
		const args = ['--import', preload, cliPath, '--json', '--labeled', '100', '--warmup', '1', '--epochs', '1', '--rounds', '1', '--no-save'];
		const result = spawnSync(process.execPath, args, {env: isolatedEnv(), encoding: 'utf8', timeout: 120_000});
		expect(result.status, result.stderr).toBe(0);
		expect(result.stdout).toMatch(/"type":"done"/);
		expect(countLine(result.stderr), result.stderr).toBe('0');
	}, 150_000);
});
