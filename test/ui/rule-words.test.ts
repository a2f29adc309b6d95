// A contender's rule in the data's words: the methods write "every image" and "labeled images only" for MNIST; the
// panels, tiles and help show them through ruleWords, which says rows on a table.
import {describe, expect, it} from 'vitest';
import {resolveRace} from '../../source/config/contenders.js';
import type {DatasetInfo} from '../../source/core/dataset-info.js';
import {ruleWords} from '../../source/ui/rule-words.js';

const table: DatasetInfo = {name: 'table', kind: 'table', height: 1, width: 4, channels: 1, classNames: ['cat', 'dog', 'fox'], mode: 'simulation', featureNames: ['a', 'b', 'c', 'd']};
const plan = resolveRace({}, [
	{id: 'supervised', name: 'supervised', method: 'supervised', patch: {}},
	{id: 'teacher', name: 'Mean Teacher', method: 'mean-teacher', patch: {}},
	{id: 'vat', name: 'VAT', method: 'vat', patch: {}},
	{id: 'semi', name: 'self-training', method: 'pseudo-label', patch: {threshold: 0.8}},
]);
const contender = (id: string) => plan.contenders.find(entry => entry.id === id)!;

describe('ruleWords', () => {
	it('says rows on a table', () => {
		expect(ruleWords(contender('supervised'), table)).toBe('labeled rows only');
		expect(ruleWords(contender('teacher'), table)).toMatch(/^every row, teacher EMA /);
		expect(ruleWords(contender('vat'), table)).toMatch(/^every row, ε /);
		expect(ruleWords(contender('semi'), table)).toBe('> 80% sure');
	});

	it("keeps MNIST's images, and is empty before the settings are known", () => {
		expect(ruleWords(contender('supervised'), undefined)).toBe('labeled images only');
		expect(ruleWords(contender('teacher'), undefined)).toMatch(/^every image, teacher EMA /);
		expect(ruleWords({method: 'vat', config: undefined}, table)).toBe('');
		expect(ruleWords(undefined, table)).toBe('');
	});
});
