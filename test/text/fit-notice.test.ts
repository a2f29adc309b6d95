// Tests that a notice naming a saved file is shortened around its path: ~ for home, "+ exports", the folder's middle.
import {describe, expect, it} from 'vitest';
import {fitNotice} from '../../source/text/fit-notice.js';

const notice = 'saved run ab12cd: /home/me/.local/share/pseudolabel-tui/runs/20261207-115947-quick-ab12cd.md; pseudo-labels and model of semi beside it';

describe('fitNotice', () => {
	it('is whole when it fits', () => {
		expect(fitNotice(notice, 200, '/home/me')).toEqual({text: notice, loss: 0});
	});

	it('says it shorter, step by step, before cutting the folder in the middle', () => {
		expect(fitNotice(notice, 130, '/home/me').text).toBe('saved run ab12cd: ~/.local/share/pseudolabel-tui/runs/20261207-115947-quick-ab12cd.md; pseudo-labels and model of semi beside it');
		expect(fitNotice(notice, 100, '/home/me').text).toBe('saved run ab12cd: ~/.local/share/pseudolabel-tui/runs/20261207-115947-quick-ab12cd.md + exports');
		const cut = fitNotice(notice, 70, '/home/me').text;
		expect(cut).toHaveLength(70);
		expect(cut).toMatch(/^saved run ab12cd: ~\/\S*…\S*\/20261207-115947-quick-ab12cd\.md \+ exports$/);
		// No home given, or a path outside it: left as it is.
		expect(fitNotice('already saved: /tmp/runs/x.md', 40, '/home/me').text).toBe('already saved: /tmp/runs/x.md');
		// Too narrow for even the file name: cut at the end, as before.
		expect(fitNotice(notice, 20, '/home/me').text).toHaveLength(20);
	});
});
