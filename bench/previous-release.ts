/**
 * The previous release, built once into the temp folder, so a race's wall time can be measured beside it in the same
 * bench run (on a shared or drifting machine, only figures taken in one window compare). Used by bench.ts.
 */
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, rmSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {packageRoot} from '../source/config/package-root.js';

/**
 * The release this work was measured against: the last commit before the teams of N (issue 18). `--previous REF`
 * names another.
 */
export const previousRelease = 'dd4d5e7';

/**
 * The built CLI of `ref` (a commit of this repository), built in the temp folder on first use and kept there. Its
 * dependencies are this checkout's when its package-lock.json is the same, else installed with `npm ci`.
 */
export function buildRelease(ref: string, log: (text: string) => void): string {
	const root = packageRoot();
	const commit = execFileSync('git', ['rev-parse', '--short=12', `${ref}^{commit}`], {cwd: root, encoding: 'utf8'}).trim();
	const folder = path.join(tmpdir(), `pseudolabel-tui-release-${commit}`);
	const cli = path.join(folder, 'dist/source/cli.js');
	if (existsSync(cli)) return cli;
	log(`previous release: building ${ref} (${commit}) in ${folder}…`);
	rmSync(folder, {recursive: true, force: true});
	mkdirSync(folder, {recursive: true});
	// git archive: the tree of that commit, without touching this checkout's worktrees.
	const archive = execFileSync('git', ['archive', '--format=tar', commit], {cwd: root, maxBuffer: 1 << 30});
	execFileSync('tar', ['-x', '-C', folder], {input: archive});
	const sameLock = readFileSync(path.join(folder, 'package-lock.json'), 'utf8') === readFileSync(path.join(root, 'package-lock.json'), 'utf8');
	if (sameLock) symlinkSync(path.join(root, 'node_modules'), path.join(folder, 'node_modules'), 'dir');
	else execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {cwd: folder, stdio: 'inherit'});
	execFileSync(process.execPath, [path.join(folder, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {cwd: folder, stdio: 'inherit'});
	return cli;
}
