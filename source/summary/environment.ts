/** The machine a race ran on, recorded in its summary so numbers from different machines aren't confused. */
import os from 'node:os';
import type {RunEnvironment} from './run-summary.js';

/** Backend, Node version and CPU of this process. */
export function currentEnvironment(backend: string): RunEnvironment {
	const cpus = os.cpus();
	return {
		backend,
		node: process.version,
		cpu: {
			model: cpus[0]?.model.trim().replaceAll(/\s+/g, ' ') || 'unknown',
			cores: os.availableParallelism?.() ?? cpus.length,
		},
	};
}
