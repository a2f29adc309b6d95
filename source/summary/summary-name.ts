/** Summary file names: `YYYYMMDD-HHMMSS-<preset>-<id>`, sortable by time and safe on every file system. */

function twoDigits(value: number): string {
	return String(value).padStart(2, '0');
}

/** The preset name reduced to characters every file system accepts. */
function fileSafe(preset: string): string {
	const safe = preset.replaceAll(/[^\w-]+/g, '-').replaceAll(/^-+|-+$/g, '').slice(0, 40);
	return safe === '' ? 'preset' : safe;
}

/** The base name (no extension) of a summary made at `time` (local time, as people read file lists). */
export function summaryName(time: Date, preset: string, id: string): string {
	const date = `${time.getFullYear()}${twoDigits(time.getMonth() + 1)}${twoDigits(time.getDate())}`;
	const clock = `${twoDigits(time.getHours())}${twoDigits(time.getMinutes())}${twoDigits(time.getSeconds())}`;
	return `${date}-${clock}-${fileSafe(preset)}-${id}`;
}
