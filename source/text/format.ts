/** Number and duration formats shared by the dashboard panels and the text summaries. */

/** "94.8%" for 0.948; "–" when the value is missing or not a number. */
export function formatPercent(fraction: number | undefined, decimals = 1): string {
	if (fraction === undefined || !Number.isFinite(fraction)) {
		return '–';
	}

	return `${(fraction * 100).toFixed(decimals)}%`;
}

/** Signed difference of two accuracies in percentage points: "+3.6 pts", "−0.4 pts", "±0.0 pts". */
export function formatPoints(difference: number, decimals = 1): string {
	const rounded = Number((difference * 100).toFixed(decimals));
	if (rounded === 0) {
		return `±${(0).toFixed(decimals)} pts`;
	}

	return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toFixed(decimals)} pts`;
}

/** Integer with thousands separators: "59,000". */
export function formatCount(count: number): string {
	return Math.round(count).toLocaleString('en-US');
}

/** Short count for tight spots: "950", "4.1k", "59k", "1.2M". */
export function formatShortCount(count: number): string {
	const value = Math.round(count);
	if (value < 1000) {
		return String(value);
	}

	if (value < 1_000_000) {
		return value < 10_000 ? `${(value / 1000).toFixed(1)}k` : `${Math.round(value / 1000)}k`;
	}

	return `${(value / 1_000_000).toFixed(1)}M`;
}

/** Wall time as "m:ss", or "h:mm:ss" from an hour on. */
export function formatDuration(seconds: number): string {
	const total = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
	const hours = Math.floor(total / 3600);
	const minutes = Math.floor((total % 3600) / 60);
	const secs = String(total % 60).padStart(2, '0');
	return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${secs}` : `${minutes}:${secs}`;
}
