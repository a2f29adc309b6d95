// Backend selection: wasm and cpu start, tfjs-node's absence is handled, auto never picks it, wasm starts in a worker thread.
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {Worker} from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import ts from 'typescript';
import {afterAll, describe, expect, it} from 'vitest';
import {initBackend} from '../../source/engine/backend.js';

const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
const nodeInstalled = (() => {
	try {
		createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
		return true;
	} catch {
		return false;
	}
})();

afterAll(async () => {
	await initBackend('wasm');
});

describe('initBackend', () => {
	it('starts wasm and makes it the active backend; asking again is a no-op', async () => {
		expect(await initBackend('wasm')).toBe('wasm');
		expect(tf.getBackend()).toBe('wasm');
		expect(await initBackend('wasm')).toBe('wasm');
		expect(tf.tidy(() => Array.from(tf.matMul(tf.ones([2, 3]), tf.ones([3, 2])).dataSync()))).toEqual([3, 3, 3, 3]);
	});

	it('starts cpu on request', async () => {
		expect(await initBackend('cpu')).toBe('cpu');
		expect(tf.getBackend()).toBe('cpu');
	});

	it.skipIf(nodeInstalled)('rejects an explicit node request with a one-line reason when tfjs-node is absent', async () => {
		const error = await initBackend('node').then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toMatch(/^the node backend \(@tensorflow\/tfjs-node\) cannot be loaded: /);
		expect((error as Error).message).not.toContain('\n');
	});

	it('auto is wasm, whether or not tfjs-node is installed (tfjs-node only when named)', async () => {
		expect(await initBackend('auto')).toBe('wasm');
	});
});

describe('in a worker thread', () => {
	it('starts wasm there (its .wasm files found from node_modules) and computes correctly', async () => {
		// Worker threads run JavaScript, so the real backend module is transpiled next to node_modules for the run.
		const directory = path.join(root, 'node_modules', '.cache', `engine-backend-test-${process.pid}`);
		await mkdir(directory, {recursive: true});
		try {
			for (const file of ['backend.ts', 'tiny-op.ts']) {
				const source = await readFile(path.join(root, 'source', 'engine', file), 'utf8');
				const {outputText} = ts.transpileModule(source, {
					compilerOptions: {module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false},
				});
				await writeFile(path.join(directory, file.replace(/\.ts$/, '.js')), outputText);
			}

			await writeFile(path.join(directory, 'package.json'), '{"type": "module"}');
			const script = `
				import {parentPort} from 'node:worker_threads';
				import * as tf from '@tensorflow/tfjs-core';
				import {initBackend} from './backend.js';
				const backend = await initBackend('auto');
				const values = Array.from(tf.matMul(tf.ones([2, 3]), tf.ones([3, 2])).dataSync());
				parentPort.postMessage({backend, active: tf.getBackend(), values});
			`;
			await writeFile(path.join(directory, 'worker.js'), script);
			const result = await new Promise((resolve, reject) => {
				const worker = new Worker(path.join(directory, 'worker.js'), {stdout: true, stderr: true});
				worker.once('message', resolve);
				worker.once('error', reject);
				worker.once('exit', code => reject(new Error(`worker exited with ${code} before answering`)));
			});
			expect(result).toEqual({backend: 'wasm', active: 'wasm', values: [3, 3, 3, 3]});
		} finally {
			await rm(directory, {recursive: true, force: true});
		}
	}, 30_000);
});
