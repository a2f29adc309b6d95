/**
 * "sweep --preset quick --data wine.csv --drop id --seeds 3": the command that races this race over three seeds, as
 * the one-seed hints say it (headless `done` line, the dashboard's note). The race's own flags go with it: without
 * them the hint swept the presets' MNIST whatever data the race was on.
 */
import {shellJoin, shellQuote} from '../sweep/shell-quote.js';

export function sweepHint(preset: string, flags: readonly string[] = []): string {
	return ['sweep --preset', shellQuote(preset), ...(flags.length === 0 ? [] : [shellJoin([...flags])]), '--seeds 3'].join(' ');
}
