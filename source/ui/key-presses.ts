/**
 * The key presses one of Ink's input events holds. Keys that reach the terminal in one read (over SSH, key repeat,
 * paste, `tmux send-keys z z z`) come to useInput as one event: Ink 6.8 splits escape sequences off, but a run of
 * plain characters arrives whole ("zzz", "\t\t", "2q") with no key flag set. Each press counts, in order.
 */
import type {Key} from 'ink';

/** A named key, or one printable character as typed ("q", "Z", "3", " "). */
export type KeyPress = 'left' | 'right' | 'tab' | 'backtab' | 'escape' | 'interrupt' | (string & {});

/** Escape sequences the keymap knows, also when Ink leaves them inside a run: arrows (CSI and SS3 forms) and Shift+Tab. */
const sequences: Array<[string, KeyPress]> = [
	['\u001B[D', 'left'],
	['\u001B[C', 'right'],
	['\u001BOD', 'left'],
	['\u001BOC', 'right'],
	['\u001B[Z', 'backtab'],
];

/** Any other CSI or SS3 sequence (up arrow, F-keys, mouse reports): skipped whole, so its letters never act as keys. */
const otherSequence = /^\u001B(?:\[[0-?]*[ -/]*[@-~]|O.)/u;

/** The presses in a run of characters: named escape sequences, Tab, Ctrl+C, and each printable character on its own. */
export function splitKeys(text: string): KeyPress[] {
	const presses: KeyPress[] = [];
	let index = 0;
	while (index < text.length) {
		const rest = text.slice(index);
		const known = sequences.find(([sequence]) => rest.startsWith(sequence));
		if (known) {
			presses.push(known[1]);
			index += known[0].length;
			continue;
		}

		const other = otherSequence.exec(rest);
		if (other) {
			index += other[0].length;
			continue;
		}

		const char = String.fromCodePoint(rest.codePointAt(0)!);
		index += char.length;
		// A lone Esc before a key is Esc then that key (the key after it still acts); other control characters do nothing.
		if (char === '\u001B') presses.push('escape');
		else if (char === '\t') presses.push('tab');
		else if (char === '\u0003') presses.push('interrupt');
		else if (char >= ' ' && char !== '\u007F') presses.push(char);
	}

	return presses;
}

/** The presses of one useInput call: the key Ink recognised (with Esc first when it came as meta), else the run split up. */
export function keyPresses(input: string, key: Key): KeyPress[] {
	if (key.ctrl) return input === 'c' ? ['interrupt'] : [];
	if (key.escape) return ['escape'];
	// Esc and a key typed together reach Ink as that key with meta set: Esc, then the key.
	const escape: KeyPress[] = key.meta ? ['escape'] : [];
	if (key.leftArrow) return [...escape, 'left'];
	if (key.rightArrow) return [...escape, 'right'];
	if (key.tab) return [...escape, key.shift ? 'backtab' : 'tab'];
	return [...escape, ...splitKeys(input)];
}
