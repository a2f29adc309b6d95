/** The dashboard's keys: maps key presses to commands through Ink's useInput. */
import {useInput} from 'ink';

/** What the keys do; the dashboard container supplies them. */
export interface KeymapCommands {
	previousPreset(): void;
	nextPreset(): void;
	/** 1-based preset number from the digit keys 1–9. */
	jumpToPreset(n: number): void;
	/** Tab / Shift+Tab: move the focus to the next or previous contender. */
	nextContender(): void;
	previousContender(): void;
	togglePause(): void;
	restart(): void;
	save(): void;
	/** ?: open the help, turn to its next page, close it after the last. */
	toggleHelp(): void;
	/** Esc: close the help. */
	closeHelp(): void;
	/** z: the chart's y-axis between the contested band and the full range. */
	toggleRange(): void;
	/** x: the chart's x-axis in epochs or in images trained on. */
	toggleXAxis(): void;
	/** `interrupted` is true for Ctrl+C, which exits with 130 like an interrupt. */
	quit(interrupted?: boolean): void;
}

/**
 * ← or [ previous preset, → or ] next, 1–9 jump, Tab/Shift+Tab focus a contender, space pause, r restart, s save, z chart range, x epochs/images on the x-axis, ? help (and its next page), Esc close the help, q or Ctrl+C quit.
 * `isActive` must be false when stdin is not a TTY: Ink throws when it cannot enter raw mode.
 */
export function useKeymap(commands: KeymapCommands, isActive: boolean): void {
	useInput(
		(input, key) => {
			if (key.ctrl && input === 'c') {
				commands.quit(true);
				return;
			}

			// Ink marks Esc as meta too: it is checked before meta keys are ignored.
			if (key.escape) {
				commands.closeHelp();
				return;
			}

			// Esc and a key typed together (over SSH they often arrive in one read) reach Ink as that key with meta set:
			// close the help, then take the key, so the q after an Esc still quits.
			if (key.meta && !key.ctrl && input.length === 1) commands.closeHelp();
			else if (key.ctrl || key.meta) return;

			if (key.tab) {
				if (key.shift) commands.previousContender();
				else commands.nextContender();
				return;
			}

			if (key.leftArrow || input === '[') {
				commands.previousPreset();
			} else if (key.rightArrow || input === ']') {
				commands.nextPreset();
			} else if (/^[1-9]$/.test(input)) {
				commands.jumpToPreset(Number(input));
			} else if (input === ' ') {
				commands.togglePause();
			} else if (input === 'r' || input === 'R') {
				commands.restart();
			} else if (input === 's' || input === 'S') {
				commands.save();
			} else if (input === 'z' || input === 'Z') {
				commands.toggleRange();
			} else if (input === 'x' || input === 'X') {
				commands.toggleXAxis();
			} else if (input === '?' || input === 'h') {
				commands.toggleHelp();
			} else if (input === 'q' || input === 'Q') {
				commands.quit();
			}
		},
		{isActive},
	);
}
