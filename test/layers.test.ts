// The layers stay visible in the imports: pure core logic imports no other layer and names no flag; only the engine
// touches tfjs; the screen never imports the engine.
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

const source = path.join(import.meta.dirname, '..', 'source');

function filesIn(folder: string): string[] {
	return readdirSync(path.join(source, folder), {recursive: true, encoding: 'utf8'})
		.filter(name => /\.tsx?$/.test(name))
		.map(name => path.join(folder, name));
}

function importsOf(file: string): string[] {
	const text = readFileSync(path.join(source, file), 'utf8');
	return [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map(match => match[1]!);
}

describe('layers', () => {
	it('source/core imports nothing outside core and names no command-line flag', () => {
		for (const file of filesIn('core')) {
			for (const target of importsOf(file)) {
				expect(target, `${file} imports ${target}`).toMatch(/^(\.\/|node:)/);
			}

			const text = readFileSync(path.join(source, file), 'utf8');
			expect(text, `${file} names a flag`).not.toMatch(/['`]--[a-z]/);
		}
	});

	it('only source/engine imports TensorFlow.js', () => {
		for (const folder of readdirSync(source).filter(name => name !== 'engine' && !name.includes('.'))) {
			for (const file of filesIn(folder)) {
				expect(importsOf(file).filter(target => target.startsWith('@tensorflow')), file).toEqual([]);
			}
		}
	});

	it('the screen (ui, text) never imports the engine, the worker or the training loops', () => {
		for (const file of [...filesIn('ui'), ...filesIn('text')]) {
			for (const target of importsOf(file)) {
				expect(target, `${file} imports ${target}`).not.toMatch(/\/(engine|worker|training)\//);
			}
		}
	});
});
