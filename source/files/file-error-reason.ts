/** A file-system error in a user's words, for the one line that names the path: "permission denied", not "EACCES: …". */
const reasons: Record<string, string> = {
	EACCES: 'permission denied',
	EPERM: 'permission denied',
	EROFS: 'read-only file system',
	ENOTDIR: 'a parent is not a folder',
	ENOSPC: 'no space left on the device',
	EDQUOT: 'disk quota exceeded',
	// mkdir says ENOENT under a parent that exists only on special file systems (/proc, /sys): nothing can be made there.
	ENOENT: 'no folder can be made there',
};

export function fileErrorReason(error: unknown): string {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	return (code && reasons[code]) ?? (error instanceof Error ? error.message.split('\n')[0]! : String(error));
}
