// Tests for the keymap: each key press reaches the right command, and nothing does while inactive.
import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {useKeymap, type KeymapCommands} from '../../source/ui/hooks/use-keymap.js';
import {waitFor} from './render-sized.js';

function recorder() {
	const calls: string[] = [];
	const commands: KeymapCommands = {
		previousPreset: () => calls.push('previousPreset'),
		nextPreset: () => calls.push('nextPreset'),
		jumpToPreset: n => calls.push(`jumpToPreset(${n})`),
		nextContender: () => calls.push('nextContender'),
		previousContender: () => calls.push('previousContender'),
		togglePause: () => calls.push('togglePause'),
		restart: () => calls.push('restart'),
		save: () => calls.push('save'),
		toggleHelp: () => calls.push('toggleHelp'),
		closeHelp: () => calls.push('closeHelp'),
		toggleRange: () => calls.push('toggleRange'),
		toggleXAxis: () => calls.push('toggleXAxis'),
		// Ctrl+C quits as an interruption (exit 130), q as a normal end: the argument is part of the command.
		quit: interrupted => calls.push(interrupted === true ? 'quit(interrupted)' : `quit(${String(interrupted)})`),
	};
	return {calls, commands};
}

function Keys({commands, isActive}: {commands: KeymapCommands; isActive: boolean}) {
	useKeymap(commands, isActive);
	return <Text>keys</Text>;
}

describe('useKeymap', () => {
	it('maps every key to its command', async () => {
		const {calls, commands} = recorder();
		const {stdin} = render(<Keys commands={commands} isActive />);
		const presses: Array<[string, string]> = [
			['\u001B[D', 'previousPreset'],
			['\u001B[C', 'nextPreset'],
			['[', 'previousPreset'],
			[']', 'nextPreset'],
			['3', 'jumpToPreset(3)'],
			['9', 'jumpToPreset(9)'],
			['\t', 'nextContender'],
			['\u001B[Z', 'previousContender'],
			['\t', 'nextContender'],
			[' ', 'togglePause'],
			['r', 'restart'],
			['s', 'save'],
			['?', 'toggleHelp'],
			['\u001B', 'closeHelp'],
			['z', 'toggleRange'],
			['Z', 'toggleRange'],
			['x', 'toggleXAxis'],
			['X', 'toggleXAxis'],
			['q', 'quit(undefined)'],
			['\u0003', 'quit(interrupted)'],
		];
		for (const [index, [key, command]] of presses.entries()) {
			stdin.write(key);
			await waitFor(() => calls.length === index + 1);
			expect(calls.at(-1), JSON.stringify(key)).toBe(command);
		}
	});

	it('takes a key typed right after Esc (one read over SSH): the help closes and the key still acts', async () => {
		const {calls, commands} = recorder();
		const {stdin} = render(<Keys commands={commands} isActive />);
		stdin.write('\u001Bq');
		await waitFor(() => calls.length >= 2);
		expect(calls).toEqual(['closeHelp', 'quit(undefined)']);
	});

	it('ignores unmapped keys and does nothing while inactive', async () => {
		const {calls, commands} = recorder();
		const {stdin, rerender} = render(<Keys commands={commands} isActive={false} />);
		stdin.write('q');
		stdin.write('0');
		rerender(<Keys commands={commands} isActive />);
		stdin.write('w');
		stdin.write('0');
		stdin.write('s');
		await waitFor(() => calls.length > 0);
		expect(calls).toEqual(['save']);
	});
});
