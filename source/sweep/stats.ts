/** Small descriptive statistics over seeds: mean, sample standard deviation, range. Pure. */

/** Mean, sample sd (n − 1; null below two values), min, max and count of some finite numbers. */
export interface Spread {
	mean: number;
	sd: number | null;
	min: number;
	max: number;
	n: number;
}

export function mean(values: number[]): number {
	let sum = 0;
	for (const value of values) sum += value;
	return sum / values.length;
}

/** Sample standard deviation (divides by n − 1); null for fewer than two values. */
export function sampleSd(values: number[]): number | null {
	if (values.length < 2) return null;
	const average = mean(values);
	let squares = 0;
	for (const value of values) squares += (value - average) ** 2;
	return Math.sqrt(squares / (values.length - 1));
}

/** The spread of the finite values among `values`; null when there are none. */
export function spread(values: Array<number | null | undefined>): Spread | null {
	const finite = values.filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
	if (finite.length === 0) return null;
	return {mean: mean(finite), sd: sampleSd(finite), min: Math.min(...finite), max: Math.max(...finite), n: finite.length};
}
