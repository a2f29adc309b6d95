/** Runs the built CLI as a user would, in a throwaway config and data folder. */
import {spawnSync} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {packageRoot} from '../../source/config/package-root.js';

export const cliPath = path.join(packageRoot(), 'dist/source/cli.js');

export interface CliResult {
	status: number | null;
	stdout: string;
	stderr: string;
}

export function isolatedEnv(): NodeJS.ProcessEnv {
	const home = mkdtempSync(path.join(tmpdir(), 'pltui-home-'));
	return {
		...process.env,
		PSEUDOLABEL_TUI_CONFIG_DIR: path.join(home, 'config'),
		PSEUDOLABEL_TUI_DATA_DIR: path.join(home, 'data'),
		FORCE_COLOR: '0',
	};
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = isolatedEnv(), timeoutMs = 120_000): CliResult {
	const result = spawnSync(process.execPath, [cliPath, ...args], {env, encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe']});
	return {status: result.status, stdout: result.stdout, stderr: result.stderr};
}
