/** How summaries print numbers: accuracies, gaps, rates and durations, the same in Markdown, SVG and `runs`. */

/** 0.9312 → "93.12%"; missing → "–". */
export function formatPercent(value: number | null | undefined, digits = 2): string {
	return value === null || value === undefined || !Number.isFinite(value) ? '–' : `${(value * 100).toFixed(digits)}%`;
}

/** Semi minus supervised in percentage points, signed: "+4.28 pts". */
export function formatGap(supervised: number | null, semi: number | null): string {
	if (supervised === null || semi === null) {
		return '–';
	}

	const points = Number(((semi - supervised) * 100).toFixed(2));
	return `${points < 0 ? '-' : '+'}${Math.abs(points).toFixed(2)} pts`;
}

/** 133.4 → "2m 13s"; 3725 → "1h 02m"; 8.25 → "8.3s". */
export function formatDuration(seconds: number | null | undefined): string {
	if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) {
		return '–';
	}

	if (seconds < 60) {
		return `${seconds.toFixed(1)}s`;
	}

	const whole = Math.round(seconds);
	const hours = Math.floor(whole / 3600);
	const minutes = Math.floor((whole % 3600) / 60);
	const rest = whole % 60;
	return hours > 0 ? `${hours}h ${String(minutes).padStart(2, '0')}m` : `${minutes}m ${String(rest).padStart(2, '0')}s`;
}

/** 12345.6 → "12,346". */
export function formatCount(value: number | null | undefined): string {
	return value === null || value === undefined || !Number.isFinite(value) ? '–' : Math.round(value).toLocaleString('en-US');
}

/** A summary's ISO time as local "2026-11-24 14:03". */
export function formatDate(iso: string): string {
	const time = new Date(iso);
	if (Number.isNaN(time.getTime())) {
		return iso;
	}

	const pad = (value: number) => String(value).padStart(2, '0');
	return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())} ${pad(time.getHours())}:${pad(time.getMinutes())}`;
}
