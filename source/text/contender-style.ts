/**
 * The one place each contender's look is decided: by its position in the race, a colour (terminal, Ink and SVG alike)
 * and a line glyph, so the chart, legends, Markdown and SVG agree and the chart still reads without colour.
 */

export interface ContenderStyle {
	/** Two characters for legends: `──`, `━━`, `══`, … */
	glyph: string;
	/** asciichart symbols: axis-zero, axis, (2 unused), horizontal, ╰ ╭ ╮ ╯ │ in this style. */
	symbols: string[];
	/** ANSI foreground escape for text charts. */
	ansi: string;
	/** Ink colour name. */
	ink: string;
	/** SVG stroke colour. */
	svg: string;
	/** SVG dash pattern, so printed charts also tell lines apart ('' = solid). */
	dash: string;
}

// Corners differ too, not only the horizontals: a steep climb is drawn with corners and verticals alone, so the dashed
// styles take square (┌┘) and mixed-weight (┍┙) corners where the solid ones have rounded (╭╯) and heavy (┏┛) ones.
const styles: ContenderStyle[] = [
	{glyph: '──', symbols: ['┼', '┤', '╶', '╴', '─', '╰', '╭', '╮', '╯', '│'], ansi: '\u001B[36m', ink: 'cyan', svg: '#1b8fa6', dash: ''},
	{glyph: '━━', symbols: ['┼', '┤', '╶', '╴', '━', '┗', '┏', '┓', '┛', '┃'], ansi: '\u001B[35m', ink: 'magenta', svg: '#b0339c', dash: ''},
	{glyph: '══', symbols: ['┼', '┤', '╶', '╴', '═', '╚', '╔', '╗', '╝', '║'], ansi: '\u001B[33m', ink: 'yellow', svg: '#b07d00', dash: '8 3'},
	{glyph: '┄┄', symbols: ['┼', '┤', '╶', '╴', '┄', '└', '┌', '┐', '┘', '┆'], ansi: '\u001B[32m', ink: 'green', svg: '#2e8b3a', dash: '2 3'},
	{glyph: '┅┅', symbols: ['┼', '┤', '╶', '╴', '┅', '┕', '┍', '┑', '┙', '┇'], ansi: '\u001B[34m', ink: 'blue', svg: '#2f5fd0', dash: '6 2 2 2'},
	{glyph: '··', symbols: ['┼', '┤', '╶', '╴', '·', '·', '·', '·', '·', '·'], ansi: '\u001B[31m', ink: 'red', svg: '#c8412f', dash: '1 3'},
];

/** The style of the contender at `index` (its position in the preset); six distinct ones, then they repeat. */
export function contenderStyle(index: number): ContenderStyle {
	return styles[((index % styles.length) + styles.length) % styles.length]!;
}

export const ansiDefaultForeground = '\u001B[39m';
