import {describe, expect, it} from 'vitest';
import {showLoadingLine} from '../../source/cli/loading-line.js';

function stream(isTTY: boolean) {
	const written: string[] = [];
	return {isTTY, written, write: (text: string) => written.push(text)};
}

describe('showLoadingLine', () => {
	it('names the path on a terminal and erases its row once, however often it is asked', () => {
		const terminal = stream(true);
		const erase = showLoadingLine(terminal, '/data/photos', 80);
		expect(terminal.written).toEqual(['pseudolabel-tui: loading /data/photos…']);
		erase();
		erase();
		expect(terminal.written).toHaveLength(2);
		expect(terminal.written[1]).toBe('\r\u001B[2K');
	});

	it('writes nothing where stderr is not a terminal (a log keeps no stale line)', () => {
		const log = stream(false);
		showLoadingLine(log, '/data/photos')();
		expect(log.written).toEqual([]);
	});

	it('stays on one row of a narrow terminal, so erasing it leaves nothing behind', () => {
		const terminal = stream(true);
		showLoadingLine(terminal, `/data/${'deep/'.repeat(30)}photos`, 40);
		expect(terminal.written[0]!.length).toBeLessThan(40);
		expect(terminal.written[0]!.endsWith('…')).toBe(true);
	});
});
