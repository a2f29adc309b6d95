/** Writing a file so that readers see all of it or nothing, and an existing file is never replaced. */
import {randomBytes} from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** The file operations used, replaceable so tests can make one of them fail at a chosen moment. */
export interface FileOps {
	writeFile(file: string, data: string | Uint8Array, options: {flag: string}): Promise<void>;
	link(existing: string, target: string): Promise<void>;
	rename(from: string, to: string): Promise<void>;
	unlink(file: string): Promise<void>;
	access(file: string): Promise<void>;
}

export const nodeFileOps: FileOps = {
	writeFile: async (file, data, options) => fs.writeFile(file, data, options),
	link: async (existing, target) => fs.link(existing, target),
	rename: async (from, to) => fs.rename(from, to),
	unlink: async file => fs.unlink(file),
	access: async file => fs.access(file),
};

/** Thrown when the target already exists; the caller picks another name. */
export class FileExistsError extends Error {
	override name = 'FileExistsError';
}

// File systems without hard links (some network and FUSE mounts) answer link() with one of these.
const noHardLinks = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

function codeOf(error: unknown): string | undefined {
	return (error as NodeJS.ErrnoException | undefined)?.code;
}

async function exists(file: string, ops: FileOps): Promise<boolean> {
	try {
		await ops.access(file);
		return true;
	} catch {
		return false;
	}
}

/**
 * Writes `data` to a temporary file next to `target`, then gives it the target's name in one step. link() is used
 * rather than rename() because it refuses to replace an existing file. The temporary file is always removed.
 */
export async function writeFileExclusive(target: string, data: string | Uint8Array, ops: FileOps = nodeFileOps): Promise<void> {
	const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
	try {
		await ops.writeFile(temporary, data, {flag: 'wx'});
		try {
			await ops.link(temporary, target);
		} catch (error) {
			if (codeOf(error) === 'EEXIST') {
				throw new FileExistsError(`${target} already exists`);
			}

			if (!noHardLinks.has(codeOf(error) ?? '')) {
				throw error;
			}

			if (await exists(target, ops)) {
				throw new FileExistsError(`${target} already exists`);
			}

			await ops.rename(temporary, target);
		}
	} finally {
		await ops.unlink(temporary).catch(() => undefined);
	}
}
