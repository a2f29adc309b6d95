/** The package's root folder, found from this module's location so it works from source/ (vitest) and dist/source/. */
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

let cached: string | undefined;

/** The nearest folder above this module that holds a package.json. */
export function packageRoot(): string {
	if (cached !== undefined) {
		return cached;
	}

	let dir = path.dirname(fileURLToPath(import.meta.url));
	while (!fs.existsSync(path.join(dir, 'package.json'))) {
		const parent = path.dirname(dir);
		if (parent === dir) {
			throw new Error(`no package.json above ${path.dirname(fileURLToPath(import.meta.url))}`);
		}

		dir = parent;
	}

	cached = dir;
	return dir;
}
