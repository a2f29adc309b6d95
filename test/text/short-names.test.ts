// Contender names where there is no room for them whole: the abbreviations people use ("supervis.", "self-train",
// "Lee", "ps. 0.50"), never stubs like "supe…" and "sup+…" that a tester could not tell apart at 80×24.
import {describe, expect, it} from 'vitest';
import {contenderShortForms, nameAbbreviations} from '../../source/text/short-names.js';

const methods = ['supervised', 'sup+aug', 'self-training', 'Lee 2013', 'FlexMatch'];

describe('contenderShortForms', () => {
	it('keeps names whole when they fit and abbreviates the others as words, not cuts', () => {
		expect(contenderShortForms(methods, 13)).toEqual(methods);
		expect(contenderShortForms(methods, 10)).toEqual(['supervised', 'sup+aug', 'self-train', 'Lee 2013', 'FlexMatch']);
		expect(contenderShortForms(methods, 9)).toEqual(['supervis.', 'sup+aug', 'self-tr.', 'Lee 2013', 'FlexMatch']);
		expect(contenderShortForms(methods, 8)).toEqual(['superv.', 'sup+aug', 'self-tr.', 'Lee 2013', 'Flex']);
		expect(contenderShortForms(methods, 7)).toEqual(['superv.', 'sup+aug', 'self', 'Lee', 'Flex']);
		for (const max of [13, 10, 9, 8, 7]) {
			const forms = contenderShortForms(methods, max);
			expect(new Set(forms).size, `${max}`).toBe(methods.length);
			for (const form of forms) {
				expect(form.length).toBeLessThanOrEqual(max);
				expect(form).not.toContain('…');
			}
		}
	});

	it('tells names that share a word apart by what differs, abbreviating the shared word', () => {
		expect(contenderShortForms(['supervised', 'pseudo 0.50', 'pseudo 0.80', 'pseudo 0.95'], 8)).toEqual(['superv.', 'ps. 0.50', 'ps. 0.80', 'ps. 0.95']);
		// No room even for that: the cut forms that keep the differing part.
		expect(contenderShortForms(['pseudo 0.50', 'pseudo 0.80'], 6)).toEqual(['p…0.50', 'p…0.80']);
		expect(nameAbbreviations('pseudo no-aug')).toContain('ps. no-aug');
		expect(nameAbbreviations('Mean Teacher')[0]).toBe('Mean T.');
	});
});
