import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {expect, it} from 'vitest';
import {packageRoot} from '../../source/config/package-root.js';

it('the bin that `npx pseudolabel-tui` runs exists after the build and is a node script', () => {
	// npm silently skips linking a bin whose target is missing, and npx then says "not found".
	const manifest = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as {bin: Record<string, string>};
	const target = path.join(packageRoot(), manifest.bin['pseudolabel-tui']!);
	expect(existsSync(target), target).toBe(true);
	expect(readFileSync(target, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
});
