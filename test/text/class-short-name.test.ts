// A class name shortened so it still tells its class from the others: cut at its end where the start tells it, in
// the middle where only the end does.
import {describe, expect, it} from 'vitest';
import {prefixColumns, shortClassName, tellingColumns} from '../../source/text/class-short-name.js';

const wine = ['barbera', 'barolo', 'grignolino'];
const vintages = ['nebbiolo_langhe_2019', 'nebbiolo_langhe_2020', 'nebbiolo_langhe_2021'];

describe('prefixColumns', () => {
	it('is the shortest prefix no other name starts with, and its ellipsis', () => {
		expect(prefixColumns('barbera', wine)).toBe(5);
		expect(prefixColumns('barolo', wine)).toBe(5);
		expect(prefixColumns('grignolino', wine)).toBe(2);
		// A name that is another's prefix is told only whole; a short name is never longer than itself.
		expect(prefixColumns('cat', ['cat', 'cats'])).toBe(3);
		expect(prefixColumns('cats', ['cat', 'cats'])).toBe(4);
		expect(prefixColumns('7', ['7', '8'])).toBe(1);
	});
});

describe('shortClassName', () => {
	it('is the name where it fits, its start where that tells it', () => {
		expect(shortClassName('barolo', 6, wine)).toBe('barolo');
		expect(shortClassName('barbera', 5, wine)).toBe('barb…');
		expect(shortClassName('grignolino', 4, wine)).toBe('gri…');
	});

	it('keeps the telling end where names differ only there: its last word, else its shortest telling end', () => {
		expect(vintages.map(name => shortClassName(name, 10, vintages))).toEqual(['nebbi…2019', 'nebbi…2020', 'nebbi…2021']);
		expect(vintages.map(name => shortClassName(name, 7, vintages))).toEqual(['ne…2019', 'ne…2020', 'ne…2021']);
		const runs = ['experiment1', 'experiment2'];
		expect(runs.map(name => shortClassName(name, 6, runs))).toEqual(['expe…1', 'expe…2']);
		// Too narrow for the last word: its shortest telling end; too narrow for that too, cut at the end.
		expect(shortClassName(vintages[0]!, 5, vintages)).toBe('neb…9');
		expect(shortClassName(vintages[0]!, 3, vintages)).toBe('ne…');
	});
});

describe('tellingColumns', () => {
	it('is the start when that is short, the narrowest start…end form when it is not', () => {
		expect(wine.map(name => tellingColumns(name, wine))).toEqual([5, 5, 2]);
		expect(vintages.map(name => tellingColumns(name, vintages))).toEqual([7, 7, 7]);
		// At that width every name reads differently.
		for (const names of [wine, vintages]) {
			const width = Math.max(...names.map(name => tellingColumns(name, names)));
			expect(new Set(names.map(name => shortClassName(name, width, names))).size).toBe(names.length);
		}
	});
});
