// A flag's text as the number a person wrote (knobs.ts parseKnobText): Number() alone also took "1e2" for a count of
// labels and "0x20" for 32, so `--labeled 1e2` raced 100 labels without a word.
import {describe, expect, it} from 'vitest';
import {parseKnobText, type KnobRule} from '../../source/config/knobs.js';

const count: KnobRule = {kind: 'int', min: 1, max: 100_000};
const rate: KnobRule = {kind: 'number', min: 0, max: 1};
const widths: KnobRule = {kind: 'int-list', min: 1, max: 4096, minLength: 1, maxLength: 4};

describe('flag text to a number', () => {
	it('takes whole numbers as digits only', () => {
		expect(parseKnobText(count, ' 100 ')).toBe(100);
		expect(parseKnobText(count, '+7')).toBe(7);
		for (const text of ['1e2', '0x20', '0b11', '0o7', '100.0', '1_000', '', '  ']) expect(parseKnobText(count, text), text).toBeUndefined();
	});

	it('takes decimals, with an exponent, and nothing else', () => {
		expect(parseKnobText(rate, '0.5')).toBe(0.5);
		expect(parseKnobText(rate, '.25')).toBe(0.25);
		expect(parseKnobText(rate, '1e-3')).toBe(0.001);
		expect(parseKnobText(rate, '1.')).toBe(1);
		for (const text of ['0x1', 'Infinity', 'NaN', '1e', '--1', '0.5.1']) expect(parseKnobText(rate, text), text).toBeUndefined();
	});

	it('takes lists of whole numbers, comma- or x-separated', () => {
		expect(parseKnobText(widths, '512,256')).toEqual([512, 256]);
		expect(parseKnobText(widths, '512x256')).toEqual([512, 256]);
		expect(parseKnobText(widths, '0x10,5')).toBeUndefined();
		expect(parseKnobText(widths, '512,2e2')).toBeUndefined();
	});
});
