// The engine's rules (source/engine/README.md) each name the tests that guard them: every rule has a "Guarded by",
// and every test file a rule names exists (a renamed or deleted test would leave a rule unguarded in silence).
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

const root = path.join(import.meta.dirname, '..', '..');
const readme = readFileSync(path.join(root, 'source/engine/README.md'), 'utf8');
const rulesText = readme.slice(readme.indexOf('## Rules the direct engine rests on'), readme.indexOf('## Where the tfjs reference differs'));
// Each rule starts with "N. **".
const rules = rulesText.split(/\n(?=\d+\. \*\*)/).filter(rule => /^\d+\. \*\*/.test(rule));

describe('the engine rules', () => {
	it('are numbered 1, 2, 3 … in order, and there are some', () => {
		expect(rules.length).toBeGreaterThanOrEqual(14);
		expect(rules.map(rule => Number(/^(\d+)\./.exec(rule)![1]))).toEqual(rules.map((_, i) => i + 1));
	});

	it('each name the tests that guard them, and those test files exist', () => {
		for (const rule of rules) {
			const number = /^(\d+)\./.exec(rule)![1];
			expect(rule, `rule ${number}`).toMatch(/\*Guarded by\*/);
			const guard = rule.slice(rule.indexOf('*Guarded by*'));
			const files = [...guard.matchAll(/`((?:test\/[\w/-]+\/)?[\w-]+\.test\.tsx?)`/g)].map(match => match[1]!);
			expect(files.length, `rule ${number} names no test file`).toBeGreaterThan(0);
			for (const file of files) {
				const full = file.startsWith('test/') ? [path.join(root, file)] : ['test/engine', 'test/race'].map(folder => path.join(root, folder, file));
				expect(full.some(candidate => existsSync(candidate)), `rule ${number}: ${file}`).toBe(true);
			}
		}
	});
});
