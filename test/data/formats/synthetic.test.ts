// The built-in table demo: `--data synthetic` loads a generated table — four Gaussian clusters in two signal features
// plus eight noise features — as a CSV table would load, the same bytes every time, said to be synthetic.
import {describe, expect, it} from 'vitest';
import {tableProfile} from '../../../source/core/table-profile.js';
import {syntheticTable} from '../../../source/core/synthetic-table.js';
import {detectSource, loadData} from '../../../source/data/load-data.js';

describe('--data synthetic', () => {
	it('is a fully labeled table of 4 classes and 10 features, with a seeded test share, named synthetic', async () => {
		expect((await detectSource('synthetic')).format).toBe('synthetic');
		const data = await loadData('synthetic', {seed: 3});
		expect(data.info).toMatchObject({name: 'synthetic', kind: 'table', width: 10, mode: 'simulation', classNames: ['north', 'east', 'south', 'west']});
		expect(data.train.count + data.test.count).toBe(4000);
		expect(data.test.count).toBe(800);
		expect(data.notes[0]).toMatch(/^synthetic: 4000 generated rows, 4 Gaussian clusters/);
		expect(data.tableScaling?.mean).toHaveLength(10);
		// The same rows whatever the race's seed (it picks only the test share), and the same bytes every time.
		const again = await loadData('synthetic', {seed: 3});
		expect(Buffer.from(again.train.samples).equals(Buffer.from(data.train.samples))).toBe(true);
		const other = await loadData('synthetic', {seed: 4});
		expect(Buffer.from(other.train.samples).equals(Buffer.from(data.train.samples))).toBe(false);
		expect(other.train.count).toBe(data.train.count);
	});

	it('holds its promise: the signal features separate the classes, the noise features do not', () => {
		const {values, labels} = syntheticTable(1);
		const bytes = Uint8Array.from(values, value => Math.max(0, Math.min(255, Math.round(((value + 4) / 8) * 255))));
		const profile = tableProfile(bytes, labels, 10, 4);
		expect(profile.features.slice(0, 2).sort()).toEqual([0, 1]);
		expect(profile.scores[1]).toBeGreaterThan(10 * profile.scores[2]!);
	});
});
