/**
 * Every test's temporary files under one folder, removed when the run ends. Tests make their own data files and
 * throwaway homes in os.tmpdir(); a full run left ~150 folders in /tmp, and a developer's /tmp held thousands. TMPDIR is
 * set before vitest starts its workers, so they, and the CLI processes tests spawn, inherit it (os.tmpdir() reads it).
 */
import {chmodSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
	const root = mkdtempSync(path.join(tmpdir(), 'pltui-tests-'));
	// As open as /tmp itself: a test runs the loader as another user (nobody) on files under it, and mkdtemp's 0700
	// would stop that user at this folder instead of at the file the test made unreadable.
	chmodSync(root, 0o1777);
	const previous = process.env.TMPDIR;
	process.env.TMPDIR = root;
	return () => {
		if (previous === undefined) delete process.env.TMPDIR;
		else process.env.TMPDIR = previous;
		rmSync(root, {recursive: true, force: true});
	};
}
