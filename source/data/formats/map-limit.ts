/** Runs an async step over many items with at most `limit` in flight: folders of 70,000 files without 70,000 open files. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, step: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	async function lane(): Promise<void> {
		while (next < items.length) {
			const index = next++;
			results[index] = await step(items[index]!, index);
		}
	}

	await Promise.all(Array.from({length: Math.min(limit, items.length)}, lane));
	return results;
}
