// Tests for the status line, the help overlay and the too-small message.
import {render} from 'ink-testing-library';
import type {ReactElement} from 'react';
import {describe, expect, it} from 'vitest';
import {at} from '../fixtures/at.js';
import {emptyRaceEvents, fixtureConfig, fourContenderEvents, raceStateFrom} from '../fixtures/race-events.js';
import {HelpOverlay, helpPages, helpSections} from '../../source/ui/panels/help-overlay.js';
import type {RaceState} from '../../source/race/race-state.js';
import {StatusLine, keyHints} from '../../source/ui/panels/status-line.js';
import {TooSmall} from '../../source/ui/panels/too-small.js';
import {columnsOf, plainLines} from './render-sized.js';
import type {SavedNotice} from '../../source/text/save-notice.js';

function frame(element: ReactElement): string[] {
	return plainLines(render(element).lastFrame() ?? '');
}

describe('StatusLine', () => {
	it('always shows the full key hints when there is room', () => {
		const [line] = frame(<StatusLine width={80} paused={false} />);
		expect(line).toContain('←/→ preset  1-9 jump  Tab focus  space pause  r restart  s save  ? help  q quit');
		expect(line).not.toContain('PAUSED');
	});

	it('marks the pause and offers to resume', () => {
		const [line] = frame(<StatusLine width={80} paused />);
		expect(line).toMatch(/^ PAUSED /);
		expect(line).toContain('space resume');
	});

	it('offers no pause when nothing runs (the race is over)', () => {
		const [line] = frame(<StatusLine width={80} paused={false} canPause={false} />);
		expect(line).toContain('←/→ preset  1-9 jump  Tab focus  r restart  s save  ? help  q quit');
		for (const hints of keyHints(false, false)) expect(hints).not.toContain('space');
		expect(keyHints(false, false).at(-1)).toBe('←→ 1-9 Tab r s ? q');
	});

	it('shows a notice whole and shortens the keys, which stay visible', () => {
		const notice = 'saved runs/2026-11-25T05-12-00-tutorial/summary.md';
		const line = at(frame(<StatusLine width={80} paused={false} notice={notice} />), 0, 'status line');
		expect(line).toContain(notice);
		expect(line).toMatch(/q$/);
		expect(keyHints(false).some(hints => line.endsWith(hints))).toBe(true);
		for (const width of [80, 100]) {
			for (const paused of [false, true]) {
				const lines = frame(<StatusLine width={width} paused={paused} notice={`${notice} and a very long reason after it`} />);
				expect(lines).toHaveLength(1);
				expect(columnsOf(lines[0]!)).toBeLessThanOrEqual(width);
				expect(lines[0]).toMatch(/ q( quit)?$/);
				expect(lines[0]).toContain('Tab');
			}
		}
	});
});

describe('StatusLine with where a run was saved', () => {
	const saved = (folder: string): SavedNotice => ({verb: 'saved', id: 'e9cc6b', path: `${folder}/20261207-115947-quick-e9cc6b.md`, exports: ['semi', 'flexmatch']});
	const file = '20261207-115947-quick-e9cc6b.md';

	it('keeps the saved path readable at 100×30 and 80×24: the file name whole, the keys at their shortest', () => {
		for (const width of [80, 100]) {
			const [line] = frame(<StatusLine width={width} paused={false} canPause={false} notice={saved('/tmp/xd/runs')} home="/home/me" />);
			expect(columnsOf(line!), line).toBeLessThanOrEqual(width);
			expect(line).toContain(`${file}`);
			expect(line).toMatch(/\/tmp\/.*runs\/20261207/);
			expect(line).toMatch(/r s \? q$/);
		}

		const [wide] = frame(<StatusLine width={100} paused={false} canPause={false} notice={saved('/tmp/xd/runs')} home="/home/me" />);
		expect(wide).toContain(`saved run e9cc6b: /tmp/xd/runs/${file} + exports`);
	});

	it('writes the home folder ~ and cuts the middle of a long folder, never the file name', () => {
		const [home] = frame(<StatusLine width={100} paused={false} notice={saved('/home/me/runs')} home="/home/me" />);
		expect(home).toContain(`saved run e9cc6b: ~/runs/${file} + exports`);
		const [deep] = frame(<StatusLine width={80} paused notice={saved('/home/me/.local/share/pseudolabel-tui/runs')} home="/home/me" />);
		expect(columnsOf(deep!)).toBeLessThanOrEqual(80);
		expect(deep).toMatch(new RegExp(`~/\\S*…\\S*/${file}`));
		expect(deep).toMatch(/^ PAUSED +saved: ~\/\.…\S*\/20261207-115947-quick-e9cc6b\.md/);
		expect(deep).toMatch(/space r s \? q$/);
	});
});

describe('HelpOverlay', () => {
	const tutorial = raceStateFrom(emptyRaceEvents());
	const four = raceStateFrom(fourContenderEvents());
	/** Every page of the help at this size, as text. */
	const pagesOf = (width: number, height: number, state?: RaceState) =>
		helpPages(width, height, state).map((_, page) => frame(<HelpOverlay width={width} height={height} state={state} page={page} />));

	it('explains the pipeline and its numbers in plain words', () => {
		const text = frame(<HelpOverlay width={80} height={200} state={tutorial} />)
			.join(' ')
			.replaceAll(/\s+/g, ' ');
		for (const words of ['supervised', 'warm-up', 'labels the whole pool', 'retrains on them', 'used', 'precision', 'offline', 'augmentation', 'backend', 'points ahead of the best supervised had reached by that epoch', 'confirmation bias', 'learned as if it were true', 'surer', 'picked on purpose, not at random', 'Tab focus', 'z zoom y-axis', 'x epochs/images', '←/→ preset (n/N in the header: which of all; 1-9 jump)', 'r1: in round 1', 'one random start', 'not used, wrong(3) or ok had it been']) {
			expect(text).toContain(words);
		}

		// "used" is each contender's own rule, in its method's words.
		expect(text).toContain(`each method decides which: self-training: > ${Math.round(fixtureConfig.threshold * 100)}% sure.`);
		expect(text).toContain('all from the same 1,000 labeled images; 59,000 more without labels are the pool');
		// Each contender is named once: here by its method's entry; names that are not a method's (pseudo 0.50) are
		// listed in the opening sentence.
		expect(text).toContain('self-training offline, in rounds');
		expect(text).not.toContain('(supervised, self-training)');
		const fourText = frame(<HelpOverlay width={80} height={200} state={raceStateFrom(fourContenderEvents())} />).join(' ').replaceAll(/\s+/g, ' ');
		expect(fourText).toMatch(/Copies of one small neural network \(supervised, pseudo 0\.50/);
		const bare = frame(<HelpOverlay width={80} height={200} />).join(' ').replaceAll(/\s+/g, ' ');
		expect(bare).toContain('the other training images without labels are the pool');
	});

	it("gives the preset keys the header's own n/N, on every page", () => {
		for (const height of [200, 22]) {
			const pages = helpPages(80, height, four, {index: 2, count: 18}).map((_, page) =>
				frame(<HelpOverlay width={80} height={height} state={four} page={page} presets={{index: 2, count: 18}} />).join(' ').replaceAll(/\s+/g, ' '),
			);
			for (const text of pages) {
				expect(text).toContain('←/→ preset (3/18 in the header: which of all; 1-9 jump)');
				expect(text).not.toContain('n/N');
			}
		}
	});

	it("names every contender, the focus keys, and why the hidden truth exists", () => {
		const text = frame(<HelpOverlay width={100} height={200} state={four} />).join(' ').replaceAll(/\s+/g, ' ');
		for (const contender of four.contenders) {
			expect(text).toContain(contender.name);
		}

		expect(text).toContain('Tab focus ▸');
		expect(text).toMatch(/hidden truth\s+MNIST is fully labeled: pseudo-labels are checked/);
		expect(text).toContain('nobody knows this number');
	});

	// Nothing is dropped to fit: the help turns into pages, each within the terminal and ending with the keys.
	it('splits into pages that fit 80×22 and 100×28, every definition on one of them, the keys on each', () => {
		const methods = raceStateFrom(fourContenderEvents());
		const racing = {...methods, contenders: methods.contenders.map((contender, index) => (index === 2 ? {...contender, method: 'flexmatch' as const, name: 'FlexMatch', config: {...contender.config!, threshold: 0.95}} : index === 3 ? {...contender, method: 'lee2013' as const, name: 'Lee 2013'} : contender))};
		for (const state of [tutorial, four, racing]) {
			for (const [width, height] of [[80, 22], [100, 28]] as const) {
				const pages = pagesOf(width, height, state);
				const label = `${state.contenders.length} contenders at ${width}×${height}`;
				for (const page of pages) {
					expect(page.length, label).toBeLessThanOrEqual(height);
					expect(Math.max(...page.map(line => columnsOf(line))), label).toBeLessThanOrEqual(width);
					const flat = page.join(' ').replaceAll(/\s+/g, ' ');
					expect(flat, label).toMatch(/keys Tab focus/);
					expect(flat, label).toMatch(pages.length > 1 ? /\? (next page|or Esc close) \(\d\/\d\)/ : /\? or Esc close/);
				}

				// Every entry's term shows on some page.
				const all = pages.flat().join('\n');
				for (const section of helpSections(state)) {
					for (const entry of section.entries) {
						if (entry.term !== undefined) expect(all, `${label}: ${entry.term}`).toContain(entry.term);
					}
				}
			}
		}

		// The words FlexMatch's and Lee's lines need are defined whenever they race: FixMatch, τ, α, the marks.
		const terms = helpSections(racing).flatMap(section => section.entries.map(entry => entry.term));
		for (const term of ['FixMatch', 'τ', 'α', 'drawn', 'used', 'fixed, surer', 'tiles']) expect(terms, term).toContain(term);
		expect(terms.find(term => term?.includes('▲'))).toBeDefined();
		// The tutorial (offline only) needs none of the online words.
		const tutorialTerms = helpSections(tutorial).flatMap(section => section.entries.map(entry => entry.term));
		for (const term of ['FixMatch', 'τ', 'α', 'drawn']) expect(tutorialTerms, term).not.toContain(term);
		// Four contenders at 100×30 (28 help lines): two pages.
		expect(helpPages(100, 28, racing).length).toBeLessThanOrEqual(2);
		// A tall terminal shows it all on one page.
		expect(helpPages(100, 200, racing)).toHaveLength(1);
	});
});

describe('TooSmall', () => {
	it('names the needed and the current size', () => {
		expect(frame(<TooSmall width={70} height={20} />).join('')).toBe('terminal too small: need 80×24 (now 70×20)');
	});
});
