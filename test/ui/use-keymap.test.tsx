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

	// Over SSH, with key repeat or a paste (tmux send-keys z z z), several keys reach Ink in one read: each acts, in order.
	it('takes every key of a chunk, in order', async () => {
		const chunks: Array<[string, string[]]> = [
			['zzz', ['toggleRange', 'toggleRange', 'toggleRange']],
			['\t\t', ['nextContender', 'nextContender']],
			['xz\t', ['toggleXAxis', 'toggleRange', 'nextContender']],
			['\u001B[D\u001B[D\u001B[D', ['previousPreset', 'previousPreset', 'previousPreset']],
			['\u001BOC\u001BOD', ['nextPreset', 'previousPreset']],
			['\u001B[Z\u001B[Zs', ['previousContender', 'previousContender', 'save']],
			['z\u001B[C ', ['toggleRange', 'nextPreset', 'togglePause']],
			['][?', ['nextPreset', 'previousPreset', 'toggleHelp']],
			// Unmapped keys in between are skipped; an up arrow's letter never acts as a key.
			['w\u001B[Ar', ['restart']],
			// Esc inside a chunk closes the help, and the key after it still acts.
			['z\u001Bx', ['toggleRange', 'closeHelp', 'toggleXAxis']],
			// Nothing after a quit acts: 2q jumps, then quits; q2 only quits.
			['2q', ['jumpToPreset(2)', 'quit(undefined)']],
			['q2', ['quit(undefined)']],
			['s\u0003z', ['save', 'quit(interrupted)']],
		];
		for (const [chunk, expected] of chunks) {
			const {calls, commands} = recorder();
			const {stdin} = render(<Keys commands={commands} isActive />);
			stdin.write(chunk);
			await waitFor(() => calls.length >= expected.length);
			// A moment for any press beyond the expected ones.
			await new Promise(resolve => setTimeout(resolve, 20));
			expect(calls, JSON.stringify(chunk)).toEqual(expected);
		}
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
