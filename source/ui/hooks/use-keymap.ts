/** The dashboard's keys: maps key presses to commands through Ink's useInput. */
import {useInput} from 'ink';
import {keyPresses, type KeyPress} from '../key-presses.js';

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
 * Keys that arrive in one read ("zzz", "2q", Esc then q) each act, in order: the commands may run several times
 * before React renders again, so they must not read state from the last render.
 * `isActive` must be false when stdin is not a TTY: Ink throws when it cannot enter raw mode.
 */
export function useKeymap(commands: KeymapCommands, isActive: boolean): void {
	useInput(
		(input, key) => {
			// Every press of a chunk acts, in order (key-presses.ts); nothing after a quit does.
			for (const press of keyPresses(input, key)) {
				if (!act(press, commands)) return;
			}
		},
		{isActive},
	);
}

/** Runs the command of one press; false once the press quits. */
function act(press: KeyPress, commands: KeymapCommands): boolean {
	if (press === 'interrupt' || press === 'q' || press === 'Q') {
		commands.quit(press === 'interrupt' ? true : undefined);
		return false;
	}

	if (press === 'escape') {
		commands.closeHelp();
	} else if (press === 'tab') {
		commands.nextContender();
	} else if (press === 'backtab') {
		commands.previousContender();
	} else if (press === 'left' || press === '[') {
		commands.previousPreset();
	} else if (press === 'right' || press === ']') {
		commands.nextPreset();
	} else if (/^[1-9]$/.test(press)) {
		commands.jumpToPreset(Number(press));
	} else if (press === ' ') {
		commands.togglePause();
	} else if (press === 'r' || press === 'R') {
		commands.restart();
	} else if (press === 's' || press === 'S') {
		commands.save();
	} else if (press === 'z' || press === 'Z') {
		commands.toggleRange();
	} else if (press === 'x' || press === 'X') {
		commands.toggleXAxis();
	} else if (press === '?' || press === 'h') {
		commands.toggleHelp();
	}

	return true;
}
