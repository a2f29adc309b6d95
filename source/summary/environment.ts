/** The machine a race ran on, recorded in its summary so numbers from different machines aren't confused. */
import {readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {packageRoot} from '../config/package-root.js';
import type {RunEnvironment} from './run-summary.js';

/** Backend, Node version, CPU and this tool's version. */
export function currentEnvironment(backend: string): RunEnvironment {
	const cpus = os.cpus();
	return {
		backend,
		node: process.version,
		version: (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as {version: string}).version,
		cpu: {
			model: cpus[0]?.model.trim().replaceAll(/\s+/g, ' ') || 'unknown',
			cores: os.availableParallelism?.() ?? cpus.length,
		},
	};
}
