/** How each run is named and colored everywhere on screen, matching the chart's series order and colors. */
import type {RunName} from '../../protocol/messages.js';

/** Display names: the semi-supervised run is called after its method. */
export const runLabel: Record<RunName, string> = {supervised: 'supervised', semi: 'pseudo-label'};

/** Ink colors; the chart's ANSI colors for series 0 and 1 are the same (cyan, magenta). */
export const runColor: Record<RunName, string> = {supervised: 'cyan', semi: 'magenta'};

/** Chart line glyphs per run, for legends outside the chart. */
export const runGlyph: Record<RunName, string> = {supervised: '──', semi: '━━'};
