// The fast paths of displayWidth and wrapText against the plain definitions they replaced (two regular expressions
// per code point; every candidate line measured whole), on random text mixing ASCII, Latin-1 (the soft hyphen, a
// format character of no width, among it), combining marks, arrows and blocks, CJK, emoji and lone surrogates.
import {describe, expect, it} from 'vitest';
import {displayWidth, truncate, wrapText} from '../../source/text/wrap.js';

const wide = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]|\p{Emoji_Presentation}/u;
const zeroWidth = /[\p{Mn}\p{Me}\p{Cf}]/u;
const slowWidth = (text: string) => [...text].reduce((sum, char) => sum + (zeroWidth.test(char) ? 0 : wide.test(char) ? 2 : 1), 0);

function slowWrap(text: string, width: number, indent: string, longWords: 'cut' | 'keep'): string[] {
	const lines: string[] = [];
	let line = '';
	const fit = (word: string, limit: number) => (longWords === 'cut' ? truncate(word, limit) : word);
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const candidate = line === '' ? word : `${line} ${word}`;
		const limit = lines.length === 0 ? width : width - slowWidth(indent);
		if (slowWidth(candidate) <= limit || line === '') line = fit(candidate, limit);
		else {
			lines.push(line);
			line = fit(word, width - slowWidth(indent));
		}
	}

	if (line !== '') lines.push(line);
	return lines.map((text, index) => (index === 0 ? text : indent + text));
}

const pieces = ['a', 'Z', '9', ' ', ' ', ' ', '-', '·', 'é', '\u00AD', '\u00A0', 'e\u0301', '\u200B', '→', '█', '≥', '数', '한', '🚀', '✓', '\uD800', 'word', 'pseudo-label'];

function randomText(seed: number, length: number): string {
	let state = seed;
	const next = () => {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		return state / 2_147_483_648;
	};

	let text = '';
	for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
	return text;
}

describe('displayWidth and wrapText against their plain definitions', () => {
	it('give the same widths and the same lines on 400 random texts', () => {
		let nonAscii = 0;
		let notLength = 0;
		for (let seed = 1; seed <= 400; seed++) {
			const text = randomText(seed, 5 + (seed % 60));
			expect(displayWidth(text), JSON.stringify(text)).toBe(slowWidth(text));
			for (const width of [1, 7, 20, 45]) {
				for (const [indent, longWords] of [['', 'cut'], ['   ', 'keep']] as const) {
					expect(wrapText(text, width, indent, longWords), `${JSON.stringify(text)} at ${width}`).toEqual(slowWrap(text, width, indent, longWords));
				}
			}

			if (/[^\u0000-\u007F]/.test(text)) nonAscii++;
			if (displayWidth(text) !== text.length) notLength++;
		}

		// Not a vacuous pass: most texts left the ASCII fast path, and widths other than the length occurred.
		expect(nonAscii).toBeGreaterThan(300);
		expect(notLength).toBeGreaterThan(200);
		expect(displayWidth('a\u00ADb')).toBe(2);
	});
});
