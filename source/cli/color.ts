/** Whether output to a stream gets colour: decided here for the dashboard and the printing commands alike. */

/** The part of a write stream the decision reads (a terminal's stream has `hasColors`; a pipe's does not). */
export interface ColorTarget {
	isTTY?: boolean;
	hasColors?(): boolean;
}

/**
 * Colour only on a terminal that can show it, and never with FORCE_COLOR=0 (cli.ts turns NO_COLOR into that before
 * anything loads, so chalk and Ink agree).
 */
export function usesColor(stream: ColorTarget, env: NodeJS.ProcessEnv = process.env): boolean {
	if (env.FORCE_COLOR === '0') return false;
	return stream.isTTY === true && typeof stream.hasColors === 'function' && stream.hasColors();
}
