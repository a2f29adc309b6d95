// Tests that a notice naming a saved file is shortened around its path: ~ for home, "+ exports", the folder's middle,
// built from the save's fields (save-notice.ts), and that a sentence naming a path gets the same ~ and folder cut.
import {describe, expect, it} from 'vitest';
import {fitNotice} from '../../source/text/fit-notice.js';
import {noticeText, type SavedNotice} from '../../source/text/save-notice.js';

const saved: SavedNotice = {verb: 'saved', id: 'ab12cd', path: '/home/me/.local/share/pseudolabel-tui/runs/20261207-115947-quick-ab12cd.md', exports: ['semi']};
const sentence = 'saved run ab12cd: /home/me/.local/share/pseudolabel-tui/runs/20261207-115947-quick-ab12cd.md; pseudo-labels and model of semi beside it';

describe('noticeText', () => {
	it("says a save's fields as one sentence (stderr's line)", () => {
		expect(noticeText(saved)).toBe(sentence);
		expect(noticeText({verb: 'saved partial', id: 'x1', path: '/r/a.md', exports: ['semi', 'flex']})).toBe('saved partial run x1: /r/a.md; pseudo-labels and model of semi, flex beside it');
		expect(noticeText({verb: 'already saved', path: '/r/a.md', exports: []})).toBe('already saved: /r/a.md');
		expect(noticeText('cannot save')).toBe('cannot save');
	});
});

describe('fitNotice', () => {
	it('is whole when it fits', () => {
		expect(fitNotice(saved, 200, '/home/me')).toEqual({text: sentence, loss: 0});
	});

	it('says it shorter, step by step, before cutting the folder in the middle', () => {
		expect(fitNotice(saved, 130, '/home/me').text).toBe('saved run ab12cd: ~/.local/share/pseudolabel-tui/runs/20261207-115947-quick-ab12cd.md; pseudo-labels and model of semi beside it');
		expect(fitNotice(saved, 100, '/home/me').text).toBe('saved run ab12cd: ~/.local/share/pseudolabel-tui/runs/20261207-115947-quick-ab12cd.md + exports');
		// Narrower: without the id (the file name says it), then the exports' mention, each whole.
		expect(fitNotice(saved, 88, '/home/me').text).toBe('saved: ~/.local/share/pseudolabel-tui/runs/20261207-115947-quick-ab12cd.md + exports');
		// Where the path cannot be whole: the folder whole and the run's id (a folder cut to "~/.…s/" left nowhere to
		// look; the file is the one named with the id, and runs show takes it).
		expect(fitNotice(saved, 70, '/home/me').text).toBe('saved run ab12cd in ~/.local/share/pseudolabel-tui/runs/ + exports');
		expect(fitNotice(saved, 60, '/home/me').text).toBe('saved run ab12cd in ~/.local/share/pseudolabel-tui/runs/');
		// Narrower still: the folder's middle goes, the file name stays whole.
		expect(fitNotice(saved, 50, '/home/me').text).toMatch(/^saved: ~\S*…\S*\/20261207-115947-quick-ab12cd\.md$/);
		// Too narrow for even the file name: cut at the end, as before.
		expect(fitNotice(saved, 20, '/home/me').text).toHaveLength(20);
		// The losses rank the ways: the status line prefers a notice said whole over shorter keys.
		const losses = [200, 130, 100, 88, 70, 60, 50, 20].map(width => fitNotice(saved, width, '/home/me').loss);
		expect(losses).toEqual([...losses].sort((a, b) => a - b));
	});

	it('gives a sentence naming a path the same ~ and folder cut; a path outside home stays as it is', () => {
		const failed = 'cannot save the run summary in /home/me/.local/share/pseudolabel-tui/runs: permission denied';
		expect(fitNotice(failed, 90, '/home/me').text).toBe('cannot save the run summary in ~/.local/share/pseudolabel-tui/runs: permission denied');
		expect(fitNotice(failed, 75, '/home/me').text).toMatch(/^cannot save the run summary in ~\S*…\S*\/runs: permission denied$/);
		expect(fitNotice('already saved: /tmp/runs/x.md', 40, '/home/me').text).toBe('already saved: /tmp/runs/x.md');
	});
});
