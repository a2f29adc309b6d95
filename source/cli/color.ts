/** Whether output to a stream gets colour: decided here for the dashboard and the printing commands alike. */
import type {TileColors} from '../text/digit-art.js';

/** The part of a write stream the decision reads (a terminal's stream has `hasColors`; a pipe's does not). */
export interface ColorTarget {
	isTTY?: boolean;
	hasColors?(count?: number, env?: object): boolean;
}

/**
 * Colour only on a terminal that can show it, and never with FORCE_COLOR=0 (cli.ts turns NO_COLOR into that before
 * anything loads, so chalk and Ink agree).
 */
export function usesColor(stream: ColorTarget, env: NodeJS.ProcessEnv = process.env): boolean {
	if (env.FORCE_COLOR === '0') return false;
	return stream.isTTY === true && typeof stream.hasColors === 'function' && stream.hasColors(16, env);
}

/**
 * How many colours a sample tile may use on `stream` (text/digit-art.ts draws RGB images with them): 24-bit where the
 * terminal says so, 256 where it has them, else none — 16 colours cannot show a pixel's colour, so the tiles keep
 * their luminance blocks, as they do whenever `usesColor` says no. COLORTERM=truecolor (or 24bit) is how terminals
 * say they have 24-bit colour; Node's own check answers 256 inside tmux whatever COLORTERM says (tmux passes 24-bit
 * colour on, or brings it down to the outer terminal's colours itself).
 */
export function tileColors(stream: ColorTarget, env: NodeJS.ProcessEnv = process.env): TileColors {
	if (!usesColor(stream, env)) return 'none';
	if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit' || stream.hasColors!(2 ** 24, env)) return 'truecolor';
	return stream.hasColors!(256, env) ? 'ansi256' : 'none';
}
