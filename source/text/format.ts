/**
 * Number, gap, duration and date formats: the one set shared by the dashboard, the headless lines and the saved
 * summaries. Callers choose the precision (the screen shows 94.8%, reports 94.81%).
 */

/** A number that may be missing: undefined, null (summaries) or NaN all print as "–". */
type Maybe = number | null | undefined;

function isPresent(value: Maybe): value is number {
	return value !== null && value !== undefined && Number.isFinite(value);
}

/** "94.8%" for 0.948 (`decimals` digits after the point); "–" when the value is missing or not a number. */
export function formatPercent(fraction: Maybe, decimals = 1): string {
	return isPresent(fraction) ? `${(fraction * 100).toFixed(decimals)}%` : '–';
}

/** Signed difference of two accuracies in percentage points: "+3.6 pts", "−0.4 pts", "±0.0 pts". */
export function formatPoints(difference: Maybe, decimals = 1): string {
	if (!isPresent(difference)) {
		return '–';
	}

	const rounded = Number((difference * 100).toFixed(decimals));
	if (rounded === 0) {
		return `±${(0).toFixed(decimals)} pts`;
	}

	return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toFixed(decimals)} pts`;
}

/** `accuracy` minus `baseline` in points ("+4.28 pts" with 2 decimals); "–" when either is missing. */
export function formatGap(accuracy: Maybe, baseline: Maybe, decimals = 1): string {
	return isPresent(accuracy) && isPresent(baseline) ? formatPoints(accuracy - baseline, decimals) : '–';
}

/** Integer with thousands separators: "59,000"; "–" when missing. */
export function formatCount(count: Maybe): string {
	return isPresent(count) ? Math.round(count).toLocaleString('en-US') : '–';
}

/** Throughput: "12,346/s". */
export function formatRate(perSecond: Maybe): string {
	return isPresent(perSecond) ? `${formatCount(perSecond)}/s` : '–';
}

/** Short count for tight spots: "950", "4.1k", "59k", "1.2M"; "–" when missing. */
export function formatShortCount(count: Maybe): string {
	if (!isPresent(count)) {
		return '–';
	}

	const value = Math.round(count);
	if (value < 1000) {
		return String(value);
	}

	if (value < 1_000_000) {
		return value < 10_000 ? `${(value / 1000).toFixed(1)}k` : `${Math.round(value / 1000)}k`;
	}

	return `${(value / 1_000_000).toFixed(1)}M`;
}

/**
 * Wall time. `clock` (the screen's ticking timer): "1:23", "1:02:05". `words` (reports and listings): "8.3s",
 * "2m 13s", "1h 02m". Missing → "–" in words, "0:00" on the clock.
 */
export function formatDuration(seconds: Maybe, style: 'clock' | 'words' = 'clock'): string {
	if (style === 'words') {
		if (!isPresent(seconds)) {
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

	const total = Math.max(0, Math.floor(isPresent(seconds) ? seconds : 0));
	const hours = Math.floor(total / 3600);
	const minutes = Math.floor((total % 3600) / 60);
	const secs = String(total % 60).padStart(2, '0');
	return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${secs}` : `${minutes}:${secs}`;
}

/** An ISO time as local "2026-11-24 14:03"; the text itself when it is not a time. */
export function formatDate(iso: string): string {
	const time = new Date(iso);
	if (Number.isNaN(time.getTime())) {
		return iso;
	}

	const pad = (value: number) => String(value).padStart(2, '0');
	return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())} ${pad(time.getHours())}:${pad(time.getMinutes())}`;
}

/** A name's possessive as English writes it: "quick's", but "methods'" (a name ending in s takes the apostrophe alone). */
export function possessive(name: string): string {
	return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}
