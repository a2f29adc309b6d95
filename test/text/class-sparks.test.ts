// Tests that each per-class spark says which class it is: MNIST's digits as always, own data's names whole or
// shortened alike, and a legend where the names are cut to a guess or left out.
import {describe, expect, it} from 'vitest';
import {classSparks} from '../../source/text/class-sparks.js';
import {displayWidth} from '../../source/text/wrap.js';

const digits = Array.from({length: 10}, (_, index) => String(index));
const ten = '▆█▄▂▁▃▅▇█▁'.split('');

describe('classSparks', () => {
	it("keeps MNIST's look: each digit before its spark, spaced where that fits, else packed", () => {
		expect(classSparks(ten, digits, 32)).toEqual({line: '0▆ 1█ 2▄ 3▂ 4▁ 5▃ 6▅ 7▇ 8█ 9▁'});
		expect(classSparks(ten, digits, 20)).toEqual({line: '0▆1█2▄3▂4▁5▃6▅7▇8█9▁'});
	});

	it('names every bar by its class: whole names where they fit', () => {
		expect(classSparks(['█', ' ', '▁'], ['cat', 'dog', 'fox'], 32)).toEqual({line: 'cat█ dog  fox▁'});
	});

	it('shortens long names alike, each still its own, within the width', () => {
		const names = ['blue_stripes', 'green_square', 'red_circle'];
		const {line, legend} = classSparks(['▇', '█', '▁'], names, 32);
		expect(displayWidth(line)).toBeLessThanOrEqual(32);
		const labels = line.split(' ').map(cell => cell.slice(0, -1));
		expect(labels.map(label => label.replace('…', ''))).toEqual(['blue_str', 'green_sq', 'red_circ']);
		// Eight letters each say which class it is: no legend needed.
		expect(legend).toBeUndefined();
	});

	it('gives first letters and a legend when the names would be cut to a guess, the bars alone when not even those fit', () => {
		const names = ['blue_stripes', 'green_square', 'red_circle'];
		expect(classSparks(['▇', '█', '▁'], names, 16)).toEqual({line: 'b▇ g█ r▁', legend: 'blu… gre… red…'});
		expect(classSparks(['▇', '█', '▁'], names, 20)).toEqual({line: 'blue…▇ gree…█ red_…▁'});
		// Five long names in a 32-column panel: three letters each still read as the class, no legend.
		const five = [...names, 'yellow_star', 'purple_triangle'];
		expect(classSparks(['▇', '█', '▁', '▂', '▃'], five, 32)).toEqual({line: 'blu…▇ gre…█ red…▁ yel…▂ pur…▃'});
		expect(classSparks(['▇', '█', '▁', '▂', '▃'], five, 24).legend).toBe('blu… gre… red… yel… pur…');
		const many = Array.from({length: 30}, (_, index) => `c${index}`);
		const crowded = classSparks(many.map(() => '▄'), many, 32);
		expect(crowded.line).toBe('▄'.repeat(30));
		expect(crowded.legend).toBe('left to right: c0 … c29');
		expect(classSparks(many.map(() => '▄'), many, 20).legend).toBe('c0 … c29');
	});
});
