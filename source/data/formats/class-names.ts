/**
 * Class names from label values (folder names, CSV cells, NumPy integers): sorted numerically when every value is a
 * number (so "10" comes after "9"), else by code point, as torchvision and scikit-learn order them.
 */

export function sortClassValues(values: Iterable<string>): string[] {
	const distinct = [...new Set(values)];
	const numeric = distinct.every(value => value.trim() !== '' && Number.isFinite(Number(value)));
	return numeric ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Value → class index, for the sorted names. */
export function classIndex(names: readonly string[]): Map<string, number> {
	return new Map(names.map((name, index) => [name, index]));
}
